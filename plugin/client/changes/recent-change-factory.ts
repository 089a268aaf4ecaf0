import type { ExternalRecentChange, PageRecord, PageRef } from '../../../hooks/contract.js'
import {
  changeComment, changeMetadata, changeType, getSiteLinkDiff, isItemChange,
  mwTimestampToDate, toMwTimestamp, type ChangeMetadata, type EntityChange
} from '../../changes/entity-change.js'
import type { MessageFormatter } from './client-messages.js'
import { hasTargetSpecificComment, siteLinkEditComment, type SiteLinkCommentContext } from './site-link-comment-creator.js'

/**
 * RecentChangeFactory (facts §4.8): the recentchanges row a client inserts on one of its pages
 * for a repo change (`rc_source = 'wb'`). Pure: everything that needs a lookup (the local user
 * of a central user, a site's interwiki prefix, messages) comes in through
 * {@link RecentChangeFactoryDeps}, resolved by the job beforehand.
 *
 * Deliberate differences from Wikibase: `rc_params` is the plain object (the host stores JSON,
 * not PHP serialisation) and the `pageStatus = 'changed'` extra is not part of the row.
 */

/** `rc_source` of rows made for repo changes (RecentChangeFactory::SRC_WIKIBASE). */
export const SRC_WIKIBASE = 'wb'

/** `RC_PATROLLED_AUTOPATROLLED`. */
export const RC_PATROLLED_AUTOPATROLLED = 2

/** The row: the host contract's columns plus `rc_logid` (always 0 here). */
export type WikibaseRecentChange = ExternalRecentChange & { rc_logid: number }

/** The columns that depend on the target page; all others are the same for every page. */
export const TARGET_ATTRIBUTE_KEYS = ['rc_namespace', 'rc_title', 'rc_cur_id', 'rc_this_oldid', 'rc_last_oldid', 'rc_old_len', 'rc_new_len'] as const
export type TargetAttributes = Pick<WikibaseRecentChange, (typeof TARGET_ATTRIBUTE_KEYS)[number]>

/** The columns computed once per change ({@link prepareRecentChangeAttributes}). */
export type PreparedRecentChangeAttributes = Omit<WikibaseRecentChange, keyof TargetAttributes>

/** `rc_params['wikibase-repo-change']`: the change's fields without `info`, `entity_type`, and its metadata. */
export type RepoChangeParams = Record<string, unknown>

export interface RecentChangeFactoryDeps extends SiteLinkCommentContext {
  /** The repo's interwiki prefix for external user names: `<prefix>>Name`. */
  repoInterwikiPrefix: string
  msg: MessageFormatter
  /**
   * The central lookup: local user id of a central user id, or null (or 0) when there is none.
   * Absent when the wiki has no central user lookup. Synchronous: resolve the change's
   * `central_user_id` before calling.
   */
  localUserIdForCentral?: (centralUserId: number) => number | null
  /** Whether the entity source's database is this wiki's own (or `false`, "same wiki"). */
  entitySourceIsLocal: boolean
  /** Clock for changes without a time (the row gets its whole second). Default: the real clock. */
  now?: () => Date
  onWarning?: (message: string) => void
}

/** What the comment of a change is built from. */
type CommentDeps = Pick<RecentChangeFactoryDeps, 'localSiteId' | 'interwikiIdOf' | 'msg' | 'onWarning'>

/** MediaWiki's canonical namespace names (English, spaces as underscores). */
const CANONICAL_NAMESPACES: Readonly<Record<number, string>> = {
  [-2]: 'Media', [-1]: 'Special', 1: 'Talk', 2: 'User', 3: 'User_talk', 4: 'Project', 5: 'Project_talk',
  6: 'File', 7: 'File_talk', 8: 'MediaWiki', 9: 'MediaWiki_talk', 10: 'Template', 11: 'Template_talk',
  12: 'Help', 13: 'Help_talk', 14: 'Category', 15: 'Category_talk'
}

/**
 * Prefixed title text with MediaWiki's canonical namespace names, spaces for underscores;
 * null for a namespace without a canonical name (the page then gets no per-page comment).
 */
export function canonicalTitleText (page: Pick<PageRef, 'namespace' | 'title'>): string | null {
  const text = page.title.replaceAll('_', ' ')
  if (page.namespace === 0) return text
  const name = CANONICAL_NAMESPACES[page.namespace]
  return name === undefined ? null : `${name.replaceAll('_', ' ')}:${text}`
}

/**
 * The prefixed title text a page's sitelinks are compared with (Title::getPrefixedText): the
 * host's, in its content language (`Categoria:Roma`); {@link canonicalTitleText} for a host
 * that gives none.
 */
export function targetTitleText (page: Pick<PageRecord, 'namespace' | 'title' | 'prefixedText'>): string | null {
  return page.prefixedText ?? canonicalTitleText(page)
}

/**
 * RecentChangeFactory::getClientUserId: repo user 0 → 0. With a central lookup and a
 * `central_user_id` other than 0, the local user of that central user if there is one.
 * Otherwise the repo user id when the entity source is this wiki's database, else 0.
 */
export function clientUserId (
  repoUserId: number, metadata: ChangeMetadata, deps: Pick<RecentChangeFactoryDeps, 'localUserIdForCentral' | 'entitySourceIsLocal'>
): number {
  if (repoUserId === 0) return 0
  const central = metadata.central_user_id
  if (deps.localUserIdForCentral !== undefined && central !== undefined && central !== null && central !== 0) {
    const local = deps.localUserIdForCentral(central)
    if (local !== null && local !== 0) return local
  }
  return deps.entitySourceIsLocal ? repoUserId : 0
}

/** `rc_params['wikibase-repo-change']`: the row's fields except `info`, plus `entity_type`, then the metadata over them. */
export function repoChangeParams (change: EntityChange): RepoChangeParams {
  const params: RepoChangeParams = {
    id: change.id,
    type: changeType(change),
    time: change.time,
    object_id: change.entityId,
    revision_id: change.revisionId,
    user_id: change.userId,
    entity_type: change.entityType
  }
  return { ...params, ...changeMetadata(change) }
}

/**
 * The comment of one change (getEditComment): its sitelink comment if it is an item change
 * with a sitelink diff that gives one (for `targetTitle`, the prefixed text of the page the
 * comment is for, or null for the comment shared by all pages); else its comment — the
 * metadata `comment`, or, as EntityChange::getComment does, the bare key
 * `wikibase-comment-<action>` when the metadata has none; an empty comment becomes the
 * `wikibase-comment-update` message, quietly: an edit without a summary is normal (MediaWiki
 * stores an empty comment without complaint, and Wikibase's client RecentChangeFactory::
 * getEditComment falls back to this message with only a "TODO: log a warning?").
 */
export function changeEditComment (change: EntityChange, deps: CommentDeps, targetTitle: string | null = null): string {
  let comment = ''
  if (isItemChange(change)) {
    const diff = getSiteLinkDiff(change, deps.onWarning)
    if (Object.keys(diff).length > 0) comment = siteLinkEditComment(diff, change.action, deps, targetTitle) ?? ''
  }
  if (comment === '') comment = changeComment(change)
  if (comment === '') comment = deps.msg('wikibase-comment-update', [])
  return comment
}

/**
 * getEditCommentMulti: for a coalesced change (info has `changes`) the comments of the
 * originals, each for `targetTitle`, joined with `semicolon-separator` — `''` for an empty
 * list, which is what a coalesced change gets once the originals were deleted from
 * `wb_changes` (facts §9.4). Otherwise {@link changeEditComment} of the change itself.
 */
export function recentChangeComment (change: EntityChange, deps: CommentDeps, targetTitle: string | null = null): string {
  const originals = change.mergedChanges
  if (originals !== undefined) {
    return originals.map(original => changeEditComment(original, deps, targetTitle)).join(deps.msg('semicolon-separator', []))
  }
  return changeEditComment(change, deps, targetTitle)
}

/**
 * RecentChangeFactory::prepareChangeAttributes: the columns that are the same for every
 * page the change is shown on.
 */
export function prepareRecentChangeAttributes (change: EntityChange, deps: RecentChangeFactoryDeps): PreparedRecentChangeAttributes {
  const metadata = changeMetadata(change)
  const repoUserId = change.userId
  const userId = clientUserId(repoUserId, metadata, deps)
  const legacyUserText: unknown = metadata.rc_user_text
  let userText = metadata.user_text ?? (typeof legacyUserText === 'string' ? legacyUserText : '')
  if (userId === 0 && repoUserId !== 0) userText = `${deps.repoInterwikiPrefix}>${userText}`
  const bot = metadata.bot as unknown
  return {
    // Whole seconds either way: MediaWiki's `wfTimestamp( TS_MW )` when the change has no time.
    rc_timestamp: change.time === '' ? mwTimestampToDate(toMwTimestamp((deps.now ?? (() => new Date()))())) : mwTimestampToDate(change.time),
    rc_user: userId,
    rc_user_text: userText,
    rc_comment: recentChangeComment(change, deps),
    rc_minor: true,
    rc_bot: bot === true || (typeof bot === 'number' && bot !== 0) || bot === '1',
    rc_patrolled: RC_PATROLLED_AUTOPATROLLED,
    rc_params: { 'wikibase-repo-change': repoChangeParams(change) },
    rc_logid: 0,
    rc_log_type: null,
    rc_log_action: '',
    rc_source: SRC_WIKIBASE,
    rc_deleted: false
  }
}

/**
 * buildTargetSpecificAttributes: the target page's columns — both old ids are its latest
 * revision, both lengths its length — and, for an item change whose local sitelink was
 * changed from or to this very page, the comment for this page. That comment is
 * buildTargetSpecificComment's: getEditCommentMulti for the page, so a coalesced change gets
 * its originals' comments, each for this page (`wikibase-comment-unlink` / `-linked` from the
 * original that moved the link, the others' own), and '' when it has no originals
 * (client/includes/RecentChanges/RecentChangeFactory.php).
 */
export function targetAttributes (change: EntityChange, target: PageRecord, deps: RecentChangeFactoryDeps): TargetAttributes & { rc_comment?: string } {
  const attributes: TargetAttributes & { rc_comment?: string } = {
    rc_namespace: target.namespace,
    rc_title: target.title,
    rc_cur_id: target.id,
    rc_this_oldid: target.latestRevisionId,
    rc_last_oldid: target.latestRevisionId,
    rc_old_len: target.length,
    rc_new_len: target.length
  }
  if (!isItemChange(change)) return attributes
  const titleText = targetTitleText(target)
  if (titleText === null) return attributes
  // No warning here: prepareRecentChangeAttributes already told about a missing diff.
  const diff = getSiteLinkDiff(change)
  if (!hasTargetSpecificComment(diff, deps.localSiteId, titleText)) return attributes
  // Quiet too: the shared comment's warnings were given once, not once per page.
  attributes.rc_comment = recentChangeComment(change, { ...deps, onWarning: undefined }, titleText)
  return attributes
}

/**
 * RecentChangeFactory::newRecentChange: the row for `change` on `target`. `preparedAttributes`
 * (from {@link prepareRecentChangeAttributes}, once per change) are used as given; null
 * prepares them here. The target's columns, and its own comment if it has one, override them.
 */
export function newRecentChange (
  change: EntityChange,
  target: PageRecord,
  preparedAttributes: PreparedRecentChangeAttributes | null,
  deps: RecentChangeFactoryDeps
): WikibaseRecentChange {
  const prepared = preparedAttributes ?? prepareRecentChangeAttributes(change, deps)
  return { ...prepared, ...targetAttributes(change, target, deps) }
}
