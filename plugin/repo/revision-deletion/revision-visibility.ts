/**
 * Revision visibility as MediaWiki keeps it (`rev_deleted`, RevisionRecord's DELETED_*
 * constants) and the rules `action=revisiondelete` applies to it (includes/api/
 * ApiRevisionDelete.php, includes/revisiondelete/RevisionDeleter.php, RevDelList.php,
 * RevDelRevisionItem.php): pure functions over plain data, so their cases are table tests.
 */

export const DELETED_TEXT = 1
export const DELETED_COMMENT = 2
export const DELETED_USER = 4
export const DELETED_RESTRICTED = 8

/** `hide` / `show` values of ApiRevisionDelete for `type=revision`, with their bits. */
export const VISIBILITY_FIELDS: Readonly<Record<string, number>> = { content: DELETED_TEXT, comment: DELETED_COMMENT, user: DELETED_USER }

export const SUPPRESS_VALUES = ['yes', 'no', 'nochange'] as const
export type Suppress = typeof SUPPRESS_VALUES[number]

/** Per bit: 1 set it, 0 clear it, -1 keep it (RevisionDeleter's `$bitPars`). */
export type BitChanges = ReadonlyMap<number, 1 | 0 | -1>

export type BitChangesResult = { changes: BitChanges } | { error: 'badparams', info: string }

/**
 * The bit changes a request asks for (ApiRevisionDelete::execute): a field both hidden and
 * shown, or neither `hide` nor `show`, is `badparams`; `suppress=yes` sets the restricted bit,
 * `no` clears it, `nochange` keeps it. Unknown field names are refused by the parameter
 * check before this.
 */
export function bitChangesOf (hide: readonly string[], show: readonly string[], suppress: Suppress): BitChangesResult {
  if (hide.some(field => show.includes(field))) return { error: 'badparams', info: 'Mutually exclusive values were given for "hide" and "show".' }
  if (hide.length === 0 && show.length === 0) return { error: 'badparams', info: 'At least one value is required for "hide" and "show".' }
  const changes = new Map<number, 1 | 0 | -1>()
  for (const [field, bit] of Object.entries(VISIBILITY_FIELDS)) {
    changes.set(bit, hide.includes(field) ? 1 : show.includes(field) ? 0 : -1)
  }
  changes.set(DELETED_RESTRICTED, suppress === 'yes' ? 1 : suppress === 'no' ? 0 : -1)
  return { changes }
}

/** The new bits of a revision: RevisionDeleter::extractBitfield. */
export function applyBitChanges (changes: BitChanges, oldBits: number): number {
  let bits = oldBits
  for (const [bit, change] of changes) {
    if (change === 1) bits |= bit
    else if (change === 0) bits &= ~bit
  }
  return bits
}

export interface ItemChange {
  oldBits: number
  newBits: number
  /** Whether the revision is the page's current one. */
  isCurrent: boolean
  /** Whether the user holds `suppressrevision` (may see and change suppressed revisions). */
  canSuppress: boolean
}

/** What becomes of one revision (RevDelList::setVisibility's checks, in its order). */
export type ItemOutcome =
  | { status: 'change' }
  | { status: 'warning', code: 'revdelete-no-change' }
  | { status: 'error', code: 'revdelete-hide-current' | 'revdelete-modify-no-access' | 'revdelete-show-no-access' | 'revdelete-only-restricted' }

export function itemOutcome (item: ItemChange): ItemOutcome {
  if (item.oldBits === item.newBits) return { status: 'warning', code: 'revdelete-no-change' }
  // MediaWiki never hides the text of a page's current revision (isHideCurrentOp).
  if (item.isCurrent && (item.newBits & DELETED_TEXT) !== 0) return { status: 'error', code: 'revdelete-hide-current' }
  // A suppressed revision is out of sight (canView) for everyone without suppressrevision,
  // and so is making one: ApiRevisionDelete asks the right for suppress=yes before this.
  const touchesSuppressed = (item.oldBits & DELETED_RESTRICTED) !== 0 || (item.newBits & DELETED_RESTRICTED) !== 0
  if (touchesSuppressed && !item.canSuppress) {
    return { status: 'error', code: item.newBits < item.oldBits ? 'revdelete-show-no-access' : 'revdelete-modify-no-access' }
  }
  if (item.newBits === DELETED_RESTRICTED) return { status: 'error', code: 'revdelete-only-restricted' }
  return { status: 'change' }
}

/**
 * A reader's rights over hidden parts: `canDelete` the right that shows a hidden part
 * (`deletedhistory` for comment and user, `deletedtext` for content; a deleter acting on the
 * revision), `canSuppress` `suppressrevision`.
 */
export interface RevisionViewer { canDelete: boolean, canSuppress: boolean }

/**
 * Whether a viewer may see the part `field` (DELETED_COMMENT, DELETED_USER, DELETED_TEXT) of
 * a revision with `bits` (RevisionRecord::userCanBitfield): visible unless hidden; hidden
 * parts only with `deletedhistory` / `deletedtext`, suppressed ones only with `suppressrevision`.
 */
export function canSeeField (bits: number, field: number, viewer: RevisionViewer): boolean {
  if ((bits & field) === 0) return true
  return (bits & DELETED_RESTRICTED) !== 0 ? viewer.canSuppress : viewer.canDelete
}
