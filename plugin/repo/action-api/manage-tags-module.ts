import { withTransaction } from '../../db/wiki-database.js'
import { userHasRight } from '../user-rights.js'
import { TAG_OPERATIONS, tagOperationProblem, type TagProblem } from '../change-tags/change-tag-rules.js'
import { defineTag, deleteTag, lockTagDefinition, logTagAction, setTagActive } from '../change-tags/change-tag-store.js'
import { ApiError, missingParam } from '../../action-api/api-errors.js'
import type { ApiModule } from '../../action-api/api-module.js'
import { isFormatVersion2 } from '../../action-api/api-format.js'

/**
 * `action=managetags` (MediaWiki's ApiManageTags, includes/api/ApiManageTags.php): create,
 * delete, activate or deactivate a change tag, with ChangeTags' checks (change-tag-rules.ts)
 * and a tag management log entry. POST with a csrf token; `managechangetags` for every
 * operation (else `permissiondenied`), `deletechangetags` as well to delete
 * (`tags-delete-no-permission`). Answer: `{managetags: {operation, tag, success, logid}}`.
 */

/** The English text of ChangeTags' messages, the `info` of their errors. */
const INFO: Readonly<Record<string, (tag: string, limit?: number | string) => string>> = {
  'tags-create-no-name': () => 'You must specify a tag name.',
  'tags-create-invalid-chars': () => 'Tag names must not contain commas (,), pipes (|), or forward slashes (/).',
  'tags-create-invalid-title-chars': () => 'Tag names must not contain characters that cannot be used in page titles.',
  'tags-create-already-exists': tag => `The tag "${tag}" already exists.`,
  'tags-delete-not-found': tag => `The tag "${tag}" does not exist.`,
  'tags-delete-not-allowed': () => 'Tags defined by the software cannot be deleted.',
  'tags-delete-too-many-uses': (tag, limit) => `The tag "${tag}" is applied to more than ${limit} revisions, which means it cannot be deleted.`,
  'tags-activate-not-found': tag => `The tag "${tag}" does not exist.`,
  'tags-activate-not-allowed': tag => `It is not possible to activate the tag "${tag}".`,
  'tags-deactivate-not-allowed': tag => `It is not possible to deactivate the tag "${tag}".`
}

function tagError (problem: TagProblem, tag: string): ApiError {
  const info = INFO[problem.code]?.(tag, problem.parameters[1]) ?? problem.code
  return new ApiError(problem.code, info, {}, [{ name: problem.code, parameters: problem.parameters }])
}

export const manageTagsModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params, user } = call
    const operation = params.oneOf('operation', TAG_OPERATIONS)
    if (operation === undefined) throw missingParam('operation')
    // An empty `tag` is a value (create answers tags-create-no-name); only a missing one is refused here.
    const tag = params.string('tag')
    if (tag === undefined) throw missingParam('tag')
    const reason = params.string('reason') ?? ''
    const onHostError = (err: unknown): void => { call.request.log.warn({ err }, 'action API: the host rights check failed; refused') }
    const rights = { host: call.deps.host, user, onHostError }
    if (!await userHasRight(rights, 'managechangetags')) throw new ApiError('permissiondenied', "You don't have permission to manage change tags.")
    if (operation === 'delete' && !await userHasRight(rights, 'deletechangetags')) {
      throw new ApiError('tags-delete-no-permission', 'You do not have permission to delete change tags.', {},
        [{ name: 'tags-delete-no-permission', parameters: [] }])
    }
    const db = call.deps.db
    const logid = await withTransaction(db.pool, async tx => {
      const existing = await lockTagDefinition(tx, db, tag)
      const problem = tagOperationProblem(operation, tag, existing)
      if (problem !== null) throw tagError(problem, tag)
      if (operation === 'create' && !await defineTag(tx, db, tag, true)) throw tagError({ code: 'tags-create-already-exists', parameters: [tag] }, tag)
      if (operation === 'delete') await deleteTag(tx, db, existing!.id)
      if (operation === 'activate' || operation === 'deactivate') await setTagActive(tx, db, existing!.id, operation === 'activate')
      return await logTagAction(tx, db, {
        action: operation, tag, userId: user.id, userText: user.name, reason, ...(operation === 'delete' ? { count: existing!.count } : {})
      })
    })
    return { managetags: { operation, tag, success: isFormatVersion2(params) ? true : '', logid } }
  }
}
