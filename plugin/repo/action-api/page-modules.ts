import { isEntityId, type EntityId } from '../../../hooks/ids.js'
import { deleteEntity, restoreEntity, type EditContext } from '../entities/entity-editor.js'
import { ApiError, missingParam } from '../../action-api/api-errors.js'
import type { ApiCall, ApiModule } from '../../action-api/api-module.js'

/**
 * MediaWiki's core `delete` and `undelete` modules for entity pages (`title=Item:Q42`,
 * `Property:P31`, or the bare id). They need the `delete` / `undelete` right, which
 * entity-editor.ts asks of the host.
 */

/** The entity of an entity page title, or an `invalidtitle` error. */
export function entityOfTitle (title: string): EntityId {
  const text = title.trim().replaceAll('_', ' ')
  const bare = text.replace(/^(?:Item|Property):/, '')
  const id = bare.toUpperCase() === bare ? bare : ''
  if (!isEntityId(id) || (text.startsWith('Item:') && !id.startsWith('Q')) || (text.startsWith('Property:') && !id.startsWith('P'))) {
    throw new ApiError('invalidtitle', `Bad title "${title}": not an entity page of this repo.`)
  }
  return id
}

function editContext (call: ApiCall): EditContext {
  return {
    db: call.deps.db,
    host: call.deps.host,
    user: call.user,
    protectEntitiesUsedOnMoreThan: call.deps.protectEntitiesUsedOnMoreThan ?? null,
    ...(call.deps.dispatchDelayMs === undefined ? {} : { dispatchDelayMs: call.deps.dispatchDelayMs }),
    ...(call.deps.dispatchShards === undefined ? {} : { dispatchShards: call.deps.dispatchShards }),
    onHostError: err => { call.request.log.warn({ err }, 'action API: the host rights check failed; refused') }
  }
}

function target (call: ApiCall): { title: string, id: EntityId } {
  const title = call.params.string('title')
  if (title === undefined || title === '') throw missingParam('title')
  return { title, id: entityOfTitle(title) }
}

const deleteModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { title, id } = target(call)
    const reason = call.params.string('reason') ?? ''
    await deleteEntity(editContext(call), id, { comment: reason })
    return { delete: { title, reason } }
  }
}

const undeleteModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { title, id } = target(call)
    const reason = call.params.string('reason') ?? ''
    await restoreEntity(editContext(call), id, { comment: reason })
    return { undelete: { title, revisions: 1, fileversions: 0, reason } }
  }
}

export const PAGE_MODULES: Readonly<Record<string, ApiModule>> = {
  delete: deleteModule,
  undelete: undeleteModule
}
