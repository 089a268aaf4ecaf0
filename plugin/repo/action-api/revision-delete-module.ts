import type { EntityId } from '../../../hooks/ids.js'
import { entityTypeOf } from '../../../hooks/ids.js'
import { tableName, withTransaction } from '../../db/wiki-database.js'
import { loadEntityState } from '../../repo-reader/entity-state.js'
import { assertUserRights, userHasRight } from '../user-rights.js'
import { rightsCheck } from '../entities/entity-editor.js'
import { queueVisibilityDispatch } from '../revision-deletion/visibility-dispatch.js'
import { lockRevisionVisibility, setRevisionVisibility, type RevisionVisibilityRow } from '../revision-deletion/revision-visibility-store.js'
import {
  applyBitChanges, bitChangesOf, canSeeField, DELETED_COMMENT, DELETED_TEXT, DELETED_USER, itemOutcome,
  SUPPRESS_VALUES, type ItemOutcome
} from '../revision-deletion/revision-visibility.js'
import { ApiError } from '../../action-api/api-errors.js'
import type { ApiCall, ApiModule } from '../../action-api/api-module.js'
import { checkEditTags } from '../change-tags/edit-tags.js'
import { insertRevisionDeletionLog, revisionDeletionLogType } from '../revision-deletion/revision-deletion-log.js'
import { editContext } from './entity-module-call.js'
import { pageTitleOf } from './entity-output.js'
import { entityOfTitle } from './page-modules.js'

/**
 * MediaWiki's `revisiondelete` module (includes/api/ApiRevisionDelete.php) for entity
 * revisions: `type=revision` only (the repo keeps no archived or file revisions), `target`
 * (an entity page title; absent: the entity of the first id, RevisionDeleter::suggestTarget),
 * `ids`, `hide`/`show` (content, comment, user), `suppress` (yes, no, nochange), `reason`.
 * Needs `deleterevision`; `suppress=yes` also `suppressrevision`. Each revision is judged as
 * RevDelList::setVisibility does (revision-visibility.ts); the changed ones are stored with
 * the job that tells the clients (Wikibase's ArticleRevisionVisibilitySetHookHandler →
 * DispatchChangeVisibilityNotificationJob) in one transaction, with the log entry
 * MediaWiki writes (`delete/revision`, or `suppress/revision` when the suppressed bit is
 * involved; revision-deletion-log.ts) carrying `reason` and `tags` (checked as an edit's tags:
 * defined, active, and `applychangetags`).
 */

interface ItemAnswer { status: 'Success' | 'Fail', id: number, errors?: unknown[], warnings?: unknown[], [key: string]: unknown }

const statusMessage = (type: 'error' | 'warning', code: string, id: number): Record<string, unknown> => ({ type, message: code, params: [id] })

async function targetOf (call: ApiCall, ids: readonly number[]): Promise<EntityId> {
  const target = call.params.string('target')
  if (target !== undefined && target !== '') return entityOfTitle(target)
  const db = call.deps.db
  const { rows } = await db.pool.query<{ rev_entity_id: string }>(
    `SELECT rev_entity_id FROM ${tableName(db, 'wb_entity_revisions')} WHERE rev_id = $1`, [ids[0]])
  if (rows[0] === undefined) throw new ApiError('needtarget', 'A target title is required for this RevDel type.')
  return rows[0].rev_entity_id as EntityId
}

function revisionIds (call: ApiCall): number[] {
  const ids = call.params.list('ids')
  if (ids.length === 0) throw new ApiError('missingparam', 'The "ids" parameter must be set.')
  if (ids.length > 50) throw new ApiError('toomanyvalues', 'Too many values supplied for parameter "ids". The limit is 50.')
  return [...new Set(ids.map(text => {
    if (!/^[1-9][0-9]{0,15}$/.test(text.trim())) throw new ApiError('badinteger', `Invalid value "${text}" for integer parameter "ids".`)
    return Number(text.trim())
  }))]
}

/** RevDelRevisionItem::getApiData: the bits, and what the caller may see of the revision. */
function itemData (row: RevisionVisibilityRow, bits: number, viewer: { canDelete: boolean, canSuppress: boolean }): Record<string, unknown> {
  const data: Record<string, unknown> = {
    timestamp: row.timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    userhidden: (bits & DELETED_USER) !== 0,
    commenthidden: (bits & DELETED_COMMENT) !== 0,
    texthidden: (bits & DELETED_TEXT) !== 0
  }
  if (canSeeField(bits, DELETED_USER, viewer)) Object.assign(data, { userid: row.userId, user: row.userText })
  if (canSeeField(bits, DELETED_COMMENT, viewer)) data.comment = row.comment
  return data
}

function answerOf (id: number, outcome: ItemOutcome): ItemAnswer {
  if (outcome.status === 'error') return { status: 'Fail', id, errors: [statusMessage('error', outcome.code, id)] }
  if (outcome.status === 'warning') return { status: 'Success', id, warnings: [statusMessage('warning', outcome.code, id)] }
  return { status: 'Success', id }
}

export const revisionDeleteModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const check = rightsCheck(editContext(call))
    await assertUserRights(check, ['deleterevision'])
    call.params.oneOf('type', ['revision'])
    const suppress = call.params.oneOf('suppress', SUPPRESS_VALUES) ?? 'nochange'
    const requested = bitChangesOf(call.params.list('hide'), call.params.list('show'), suppress)
    if ('error' in requested) throw new ApiError(requested.error, requested.info)
    if (suppress === 'yes') await assertUserRights(check, ['suppressrevision'])
    const canSuppress = await userHasRight(check, 'suppressrevision')
    const viewer = { canDelete: true, canSuppress }
    const ids = revisionIds(call)
    const entityId = await targetOf(call, ids)
    const db = call.deps.db
    const state = await loadEntityState(db.pool, db, entityId)
    const latest = state?.latestRevisionId ?? 0
    const reason = call.params.string('reason') ?? ''
    const requestedTags = call.params.list('tags')

    const items = await withTransaction(db.pool, async tx => {
      const tags = await checkEditTags(tx, db, check, requestedTags)
      const rows = await lockRevisionVisibility(tx, db, entityId, ids)
      const answers: ItemAnswer[] = []
      const changed: Array<{ row: RevisionVisibilityRow, bits: number }> = []
      for (const row of rows) {
        const bits = applyBitChanges(requested.changes, row.bits)
        const outcome = itemOutcome({ oldBits: row.bits, newBits: bits, isCurrent: row.revisionId === latest, canSuppress })
        if (outcome.status === 'change') {
          await setRevisionVisibility(tx, db, row.revisionId, bits)
          changed.push({ row, bits })
        }
        const shownBits = outcome.status === 'change' ? bits : row.bits
        answers.push({ ...answerOf(row.revisionId, outcome), ...itemData(row, shownBits, viewer) })
      }
      if (changed.length > 0) {
        await queueVisibilityDispatch(tx, db, entityId, changed.map(c => ({ revisionId: c.row.revisionId, visibility: c.bits })))
        await insertRevisionDeletionLog(tx, db, {
          type: revisionDeletionLogType(changed.map(c => ({ oldBits: c.row.bits, newBits: c.bits }))),
          userId: call.user.id,
          userText: call.user.name,
          entityId,
          comment: reason,
          params: { type: 'revision', ids: changed.map(c => c.row.revisionId), ofield: changed[0]!.row.bits, nfield: changed[0]!.bits },
          tags: tags.map(tag => tag.name)
        })
      }
      for (const id of ids) {
        if (!rows.some(row => row.revisionId === id)) answers.push({ status: 'Fail', id, errors: [statusMessage('error', 'revdelete-modify-missing', id)] })
      }
      return answers.sort((a, b) => a.id - b.id)
    })
    const anyChanged = items.some(item => item.status === 'Success' && item.warnings === undefined)
    return {
      revisiondelete: {
        status: anyChanged ? 'Success' : 'Fail',
        target: pageTitleOf(entityId, entityTypeOf(entityId), call.namespaces),
        items
      }
    }
  }
}
