import { userHasRight, type RightsCheck } from '../user-rights.js'
import type { RevisionMeta } from '../../repo-reader/entity-revisions.js'
import { canSeeField, DELETED_COMMENT, DELETED_RESTRICTED, DELETED_TEXT, DELETED_USER, type RevisionViewer } from './revision-visibility.js'

/**
 * What a reader may see of a revision, as MediaWiki's RevisionRecord audiences
 * (FOR_PUBLIC / FOR_THIS_USER; RevisionRecord::userCanBitfield): every reader of revisions
 * (prop=revisions, Special:EntityData?revision=, the example wiki's history) asks here.
 */

const NOBODY_SPECIAL: RevisionViewer = { canDelete: false, canSuppress: false }

/**
 * The viewer's rights over hidden parts: `deletedhistory` for a hidden comment or user
 * (and `deletedtext` for hidden content: MediaWiki gives both to the same groups, so one
 * flag), `suppressrevision` for suppressed ones. Asked of the host only when a revision
 * hides something, so plain reads cost no extra rights checks.
 */
export async function revisionViewer (check: RightsCheck, bits: number, field = DELETED_COMMENT): Promise<RevisionViewer> {
  if (bits === 0) return NOBODY_SPECIAL
  const seeDeleted = field === DELETED_TEXT ? 'deletedtext' : 'deletedhistory'
  return {
    canDelete: await userHasRight(check, seeDeleted),
    canSuppress: (bits & DELETED_RESTRICTED) !== 0 && await userHasRight(check, 'suppressrevision')
  }
}

/** The user and comment of a revision as its viewer may see them; `*hidden` flags as the action API names them. */
export interface VisibleRevisionMeta {
  user: { id: number, text: string } | null
  comment: string | null
  userhidden: boolean
  commenthidden: boolean
  texthidden: boolean
  /** Something is hidden and the revision is suppressed (ApiQueryRevisionsBase's `suppressed`). */
  suppressed: boolean
}

export function visibleRevisionMeta (revision: Pick<RevisionMeta, 'userId' | 'userText' | 'comment' | 'deleted'>, viewer: RevisionViewer): VisibleRevisionMeta {
  const bits = revision.deleted ?? 0
  const anyHidden = (bits & (DELETED_TEXT | DELETED_COMMENT | DELETED_USER)) !== 0
  return {
    user: canSeeField(bits, DELETED_USER, viewer) ? { id: revision.userId, text: revision.userText } : null,
    comment: canSeeField(bits, DELETED_COMMENT, viewer) ? revision.comment : null,
    userhidden: (bits & DELETED_USER) !== 0,
    commenthidden: (bits & DELETED_COMMENT) !== 0,
    texthidden: (bits & DELETED_TEXT) !== 0,
    suppressed: anyHidden && (bits & DELETED_RESTRICTED) !== 0
  }
}
