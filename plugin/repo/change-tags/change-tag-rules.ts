/**
 * The rules of change tags, as MediaWiki's ChangeTags (includes/changetags/ChangeTags.php:
 * canCreateTag, canDeleteTag, canActivateTag, canDeactivateTag, canAddTagsAccompanyingChange)
 * states them. Pure: they take the defined tags and answer the message key MediaWiki fails
 * with (the action API's error code), or null when the operation may go ahead.
 */

/** A row of the tag definitions (MediaWiki's change_tag_def). */
export interface TagDefinition {
  id: number
  name: string
  /** Created with action=managetags (an "explicitly defined" tag); false: defined by the software. */
  userDefined: boolean
  /** May be applied to new edits. */
  active: boolean
  description: string
  /** Revisions that carry it. */
  count: number
}

export type TagOperation = 'create' | 'delete' | 'activate' | 'deactivate'
export const TAG_OPERATIONS: readonly TagOperation[] = ['create', 'delete', 'activate', 'deactivate']

/** ChangeTags::MAX_DELETE_USES: a tag on more revisions is not deleted from a request. */
export const MAX_DELETE_USES = 5000

/** Longest tag name: the width of ctd_name (MediaWiki's change_tag_def.ctd_name is 255 bytes). */
export const MAX_TAG_NAME_BYTES = 255

export interface TagProblem {
  /** MediaWiki's message key, the action API's error code (`tags-create-no-name` …). */
  code: string
  /** The message parameters (the tag; for too-many-uses the limit too). */
  parameters: Array<string | number>
}

const problem = (code: string, ...parameters: Array<string | number>): TagProblem => ({ code, parameters })

/**
 * Characters a MediaWiki title cannot hold (Title's legal characters, `$wgLegalTitleChars`),
 * so `MediaWiki:Tag-<name>-description` could not be created: canCreateTag's
 * `tags-create-invalid-title-chars`. Control characters are refused with them.
 */
const ILLEGAL_TITLE_CHARS = /[#<>[\]{}\u0000-\u001f\u007f\ufffd]/

/** Whether `name` may be a tag's name at all (canCreateTag's checks before the existence check). */
export function tagNameProblem (name: string): TagProblem | null {
  if (name === '') return problem('tags-create-no-name')
  // Commas (the old tag_summary delimiter), pipes (the delimiter of multi-value parameters)
  // and slashes (they would break the tag's description message page).
  if (/[,|/]/.test(name)) return problem('tags-create-invalid-chars')
  if (ILLEGAL_TITLE_CHARS.test(name) || Buffer.byteLength(name) > MAX_TAG_NAME_BYTES || name.trim() !== name) {
    return problem('tags-create-invalid-title-chars')
  }
  return null
}

/** Why `operation` on `name` cannot be done, given the tag's current definition (null: none). */
export function tagOperationProblem (operation: TagOperation, name: string, existing: TagDefinition | null): TagProblem | null {
  switch (operation) {
    case 'create':
      return tagNameProblem(name) ?? (existing === null ? null : problem('tags-create-already-exists', name))
    case 'delete':
      if (existing === null) return problem('tags-delete-not-found', name)
      // Software-defined tags belong to the code that applies them.
      if (!existing.userDefined) return problem('tags-delete-not-allowed', name)
      if (existing.count > MAX_DELETE_USES) return problem('tags-delete-too-many-uses', name, MAX_DELETE_USES)
      return null
    case 'activate':
      if (existing === null) return problem('tags-activate-not-found', name)
      // Only a user-defined tag that was deactivated can be activated again.
      if (!existing.userDefined || existing.active) return problem('tags-activate-not-allowed', name)
      return null
    case 'deactivate':
      // Only explicitly defined (user-defined) tags that are active can be deactivated.
      if (existing === null || !existing.userDefined || !existing.active) return problem('tags-deactivate-not-allowed', name)
      return null
  }
}

/**
 * The tags of `requested` a user may not apply to their edit: to be applied a tag must be
 * explicitly defined (user-defined) and active (canAddTagsAccompanyingChange). In the order
 * asked, without repeats.
 */
export function unapplicableTags (requested: readonly string[], definitions: ReadonlyMap<string, TagDefinition>): string[] {
  return [...new Set(requested)].filter(name => {
    const definition = definitions.get(name)
    return definition === undefined || !definition.userDefined || !definition.active
  })
}

/** The tags of an edit, each once, in the order given (MediaWiki drops repeats and empty names). */
export function normaliseTags (requested: readonly string[]): string[] {
  return [...new Set(requested.filter(tag => tag !== ''))]
}
