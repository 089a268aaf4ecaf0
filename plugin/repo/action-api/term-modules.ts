import { entityMap } from '../../changes/wikibase-entity.js'
import { ApiError } from '../../action-api/api-errors.js'
import type { ApiModule } from '../../action-api/api-module.js'
import { setAliases, setTerm } from './term-change-ops.js'
import { comment, edit, entityAnswer, targetEntity } from './entity-module-call.js'

/** `wbsetlabel`, `wbsetdescription` and `wbsetaliases`. */

export const termModule = (field: 'labels' | 'descriptions', name: string): ApiModule => ({
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const id = await targetEntity(call)
    const language = call.params.required('language')
    const value = call.params.string('value')?.trim() ?? ''
    const action = value === '' ? 'remove' : 'set'
    const result = await edit(call, id, entity => setTerm(entity, field, language, value), comment(call, `${name}-${action}:1|${language}`, value))
    const term = entityMap(result.revision.entity[field])[language]
    return entityAnswer(result, { [field]: { [language]: term ?? { language, removed: '' } } })
  }
})

export const setAliasesModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const id = await targetEntity(call)
    const language = params.required('language')
    if (params.has('set') && (params.has('add') || params.has('remove'))) {
      throw new ApiError('invalidparammix', 'The parameters "set" and "add" or "remove" can not be used together.')
    }
    if (!params.has('set') && !params.has('add') && !params.has('remove')) {
      throw new ApiError('missingparam', 'At least one of the parameters "add", "remove" and "set" is required.')
    }
    const ops = { ...(params.has('set') ? { set: params.list('set') } : {}), ...(params.has('add') ? { add: params.list('add') } : {}),
      ...(params.has('remove') ? { remove: params.list('remove') } : {}) }
    const kind = params.has('set') ? 'set' : params.has('add') && params.has('remove') ? 'update' : params.has('add') ? 'add' : 'remove'
    const values = [...(ops.set ?? []), ...(ops.add ?? []), ...(ops.remove ?? [])]
    const result = await edit(call, id, entity => setAliases(entity, language, ops),
      comment(call, `wbsetaliases-${kind}:${values.length}|${language}`, values.join(', ')))
    return entityAnswer(result, { aliases: { [language]: entityMap(result.revision.entity.aliases)[language] ?? [] } })
  }
}
