import type { Queryable, WikiDatabase } from '../../db/wiki-database.js'
import { InvalidEditTagsError, PermissionDeniedError } from '../entities/entity-errors.js'
import { userHasRight, type RightsCheck } from '../user-rights.js'
import { normaliseTags, unapplicableTags, type TagDefinition } from './change-tag-rules.js'
import { tagDefinitions } from './change-tag-store.js'

/**
 * The change tags an edit asked for, checked inside the edit's transaction: each must be
 * defined, user-defined and active (ChangeTags::canAddTagsAccompanyingChange), else
 * InvalidEditTagsError; then the user needs `applychangetags`. Which tags may be applied is
 * checked first, as Wikibase's REST API validates the request's tags before it edits.
 * Returns the definitions to store with the revision (none when no tags were asked for).
 */
export async function checkEditTags (
  q: Queryable, db: Pick<WikiDatabase, 'dataSchema'>, rights: RightsCheck, requested: readonly string[] | undefined
): Promise<TagDefinition[]> {
  const names = normaliseTags(requested ?? [])
  if (names.length === 0) return []
  const definitions = await tagDefinitions(q, db, names)
  const refused = unapplicableTags(names, definitions)
  if (refused.length > 0) throw new InvalidEditTagsError(refused, requested!.indexOf(refused[0]!))
  if (!await userHasRight(rights, 'applychangetags')) {
    throw new PermissionDeniedError('applychangetags', rights.user.name, rights.user.anonymous)
  }
  return names.map(name => definitions.get(name)!)
}
