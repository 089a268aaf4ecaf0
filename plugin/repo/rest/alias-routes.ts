import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { parseEntityId } from '../../../hooks/ids.js'
import { phpTrim } from '../../sites/title-encoding.js'
import { jsonPointer, restErrors } from './rest-api-error.js'
import { fromRest, type RestEntity } from './rest-entity-shape.js'
import { EditMeta, errors, IfMatch, sendJson } from './rest-edit-schemas.js'
import { REQUEST_PROBLEMS, type InputSource } from './rest-input-problems.js'
import type { RestEntityKind } from './rest-kinds.js'
import type { RestRouteContext } from './rest-route-context.js'
import { checkLanguageParam, entityIdOf, languageParams, restCall, type EditBody } from './rest-route-support.js'

const AliasList = Type.Array(Type.String())

/**
 * The aliases in one language (`…/aliases/{language_code}`): read, and add (POST) as
 * Wikibase's AddItemAliasesInLanguage (repo/rest-api/src/Application/UseCases/): the body's
 * aliases are trimmed, each must be non-empty, the list must be non-empty; aliases the
 * language already has and repeats in the body are dropped; the answer is the language's
 * whole list, 201 when the language had none before, else 200.
 */
export function registerAliasRoutes (fastify: FastifyInstance, kind: RestEntityKind, context: RestRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = [kind.path]
  const Params = languageParams(kind)
  const path = `${context.base}/entities/${kind.path}/:${kind.idParam}/aliases/:language_code`
  const aliasesOf = (rest: RestEntity): Record<string, string[]> => rest.aliases ?? {}

  app.get(path, { schema: { tags, params: Params, response: { 200: AliasList, ...errors } } }, async (request, reply) => {
    const language = checkLanguageParam((request.params as { language_code: string }).language_code)
    const revision = await restCall(kind, false, null, async () => await context.loadLive(parseEntityId(entityIdOf(kind, request))))
    const list = aliasesOf(await context.restOf(revision.entity))[language]
    if (list === undefined) throw restErrors.resourceNotFound('aliases')
    context.revisionHeaders(reply, revision)
    return list
  })

  app.post(path, {
    schema: {
      tags,
      params: Params,
      headers: IfMatch,
      body: Type.Object({ aliases: AliasList, ...EditMeta }, { required: ['aliases'] }),
      response: { 200: AliasList, 201: AliasList, ...errors }
    }
  }, async (request, reply) => {
    const language = checkLanguageParam((request.params as { language_code: string }).language_code)
    const body = request.body as { aliases: string[] } & EditBody
    if (body.aliases.length === 0) throw restErrors.invalidValue('/aliases')
    const added = body.aliases.map((alias, i) => {
      const text = phpTrim(alias)
      if (text === '') throw restErrors.invalidValue(jsonPointer('aliases', i))
      return text
    })
    // Which request index each alias of the new list came from, to place the domain's refusals.
    let origin: Array<number | null> = []
    const source: InputSource = {
      problems: REQUEST_PROBLEMS,
      locate: segments => {
        if (segments[0] !== 'aliases' || segments[1] !== language) return null
        const index = segments[2] === undefined ? null : origin[Number(segments[2])]
        return index === null || index === undefined ? jsonPointer('aliases') : jsonPointer('aliases', index)
      },
      document: { aliases: added }
    }
    let existed = false
    const result = await restCall(kind, true, source, async () =>
      await context.edit(request, reply, entityIdOf(kind, request), body, (rest, current) => {
        const before = aliasesOf(rest)[language] ?? []
        existed = before.length > 0
        const list = [...before]
        origin = before.map(() => null)
        added.forEach((alias, i) => { if (!list.includes(alias)) { list.push(alias); origin.push(i) } })
        return fromRest({ ...rest, aliases: { ...aliasesOf(rest), [language]: list } }, current, kind.type)
      }))
    const list = aliasesOf(await context.restOf(result.revision.entity))[language] ?? []
    return await sendJson(reply.code(existed ? 200 : 201), list)
  })
}
