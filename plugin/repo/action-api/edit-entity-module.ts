import type { WikibaseEntity } from '../../changes/wikibase-entity.js'
import { createEntity, type EditResult } from '../entities/entity-editor.js'
import { paramIllegal, paramMissing } from '../../action-api/api-errors.js'
import type { ApiCall, ApiModule } from '../../action-api/api-module.js'
import { ALL_PROPS, entityOutput, type EntityProp } from './entity-output.js'
import { applyEntityData } from './entity-data-change-op.js'
import { comment, edit, editContext, editOptions, entityAnswer, outputContext, targetEntity } from './entity-module-call.js'

/** `wbeditentity`: creates an entity (`new`) or applies `data` to one. */

export const editEntityModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const newType = params.oneOf('new', ['item', 'property'] as const)
    const data = params.json('data')
    const clear = params.bool('clear')
    if (newType !== undefined) {
      if (params.has('id') || params.has('site') || params.has('title')) {
        throw paramIllegal('Parameter "new" can not be used together with "id", "site" or "title".')
      }
      const blank: WikibaseEntity = newType === 'property'
        ? { type: 'property', datatype: undefined, labels: {}, descriptions: {}, aliases: {}, claims: {} }
        : { type: 'item', labels: {}, descriptions: {}, aliases: {}, claims: {}, sitelinks: {} }
      if (newType === 'item' && typeof data === 'object' && data !== null && 'datatype' in data) throw paramIllegal('An item can not have a datatype.')
      const entity = applyEntityData(blank, data, false)
      if (newType === 'property' && typeof entity.datatype !== 'string') throw paramMissing('A new property needs a "datatype" in its data.')
      const result = await createEntity(editContext(call), newType, entity, editOptions(call, comment(call, 'wbeditentity-create', '')))
      return await editEntityAnswer(call, result)
    }
    const id = await targetEntity(call)
    const result = await edit(call, id, entity => applyEntityData(entity, data, clear), comment(call, clear ? 'wbeditentity-override' : 'wbeditentity-update'))
    return await editEntityAnswer(call, result)
  }
}

async function editEntityAnswer (call: ApiCall, result: EditResult): Promise<Record<string, unknown>> {
  const entity = result.revision.entity
  const ctx = await outputContext(call, [entity], true)
  const { type: _t, id: _i, ...sections } = entityOutput(entity, ctx, { props: new Set<EntityProp>([...ALL_PROPS, 'sitelinks/urls']) })
  return entityAnswer(result, sections)
}
