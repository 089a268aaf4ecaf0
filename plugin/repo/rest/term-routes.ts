import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { parseEntityId } from '../../../hooks/ids.js'
import { languageFallbackChain } from '../../language/language-fallback.js'
import { phpTrim } from '../../sites/title-encoding.js'
import { jsonPointer, restErrors } from './rest-api-error.js'
import { fromRest, type RestEntity } from './rest-entity-shape.js'
import { deleteBody, EditMeta, errors, IfMatch, sendJson } from './rest-edit-schemas.js'
import { REQUEST_PROBLEMS, type InputSource } from './rest-input-problems.js'
import type { RestEntityKind } from './rest-kinds.js'
import type { RestRouteContext } from './rest-route-context.js'
import { absoluteUrl } from './rest-urls.js'
import { checkLanguageParam, entityIdOf, languageParams, restCall, type EditBody } from './rest-route-support.js'

/** A term section and how the spec names its parts. */
interface TermSection {
  name: 'labels' | 'descriptions'
  key: 'label' | 'description'
  deleted: string
}

const TERM_SECTIONS: TermSection[] = [
  { name: 'labels', key: 'label', deleted: 'Label deleted' },
  { name: 'descriptions', key: 'description', deleted: 'Description deleted' }
]

/**
 * Labels and descriptions in one language (`…/labels/{language_code}`: read, set, remove) and
 * with language fallback (`…/labels_with_language_fallback/{language_code}`), as Wikibase's
 * GetItemLabel, SetItemLabel, RemoveItemLabel and GetItemLabelWithFallback route handlers
 * (repo/rest-api/src/RouteHandlers/): a set answers 201 when the language had no term, 200
 * when it replaced one; a remove answers the string "Label deleted"; a fallback read of a
 * term that only a fallback language has answers 307 to that language's plain route.
 */
export function registerTermRoutes (fastify: FastifyInstance, kind: RestEntityKind, context: RestRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = [kind.path]
  const Params = languageParams(kind)
  const entityPath = `${context.base}/entities/${kind.path}/:${kind.idParam}`
  for (const section of TERM_SECTIONS) {
    const termsOf = (rest: RestEntity): Record<string, string> => rest[section.name] ?? {}
    const path = `${entityPath}/${section.name}/:language_code`

    app.get(path, { schema: { tags, params: Params, response: { 200: Type.String(), ...errors } } }, async (request, reply) => {
      const language = checkLanguageParam((request.params as { language_code: string }).language_code)
      const revision = await restCall(kind, false, null, async () => await context.loadLive(parseEntityId(entityIdOf(kind, request))))
      const value = termsOf(await context.restOf(revision.entity))[language]
      if (value === undefined) throw restErrors.resourceNotFound(section.key)
      context.revisionHeaders(reply, revision)
      return await sendJson(reply, value)
    })

    app.get(`${entityPath}/${section.name}_with_language_fallback/:language_code`, {
      schema: { tags, params: Params, response: { 200: Type.String(), ...errors } }
    }, async (request, reply) => {
      const language = checkLanguageParam((request.params as { language_code: string }).language_code)
      const id = entityIdOf(kind, request)
      const revision = await restCall(kind, false, null, async () => await context.loadLive(parseEntityId(id)))
      const terms = termsOf(await context.restOf(revision.entity))
      const found = languageFallbackChain(language).find(code => Object.hasOwn(terms, code))
      if (found === undefined) throw restErrors.resourceNotFound(section.key)
      if (found !== language) {
        return await reply.code(307).header('location', absoluteUrl(request, `${context.base}/entities/${kind.path}/${id}/${section.name}/${found}`)).send('')
      }
      context.revisionHeaders(reply, revision)
      return await sendJson(reply, terms[found])
    })

    app.put(path, {
      schema: {
        tags,
        params: Params,
        headers: IfMatch,
        body: Type.Object({ [section.key]: Type.String(), ...EditMeta }, { required: [section.key] }),
        response: { 200: Type.String(), 201: Type.String(), ...errors }
      }
    }, async (request, reply) => {
      const language = checkLanguageParam((request.params as { language_code: string }).language_code)
      const body = request.body as Record<string, unknown> & EditBody
      // Wikibase's term deserializers trim the text; white space only is then empty.
      const text = phpTrim(body[section.key] as string)
      const source: InputSource = {
        problems: REQUEST_PROBLEMS,
        locate: segments => segments[0] === section.name && segments[1] === language ? jsonPointer(section.key) : null,
        document: { [section.key]: text }
      }
      let existed = false
      const result = await restCall(kind, true, source, async () =>
        await context.edit(request, reply, entityIdOf(kind, request), body, (rest, current) => {
          existed = Object.hasOwn(termsOf(rest), language)
          return fromRest({ ...rest, [section.name]: { ...termsOf(rest), [language]: text } }, current, kind.type)
        }))
      const value = termsOf(await context.restOf(result.revision.entity))[language]
      return await sendJson(reply.code(existed ? 200 : 201), value)
    })

    app.delete(path, {
      schema: { tags, params: Params, headers: IfMatch, response: { 200: Type.String(), ...errors } }
    }, async (request, reply) => {
      const language = checkLanguageParam((request.params as { language_code: string }).language_code)
      await restCall(kind, true, null, async () =>
        await context.edit(request, reply, entityIdOf(kind, request), deleteBody(request.body), (rest, current) => {
          const { [language]: removed, ...others } = termsOf(rest)
          if (removed === undefined) throw restErrors.resourceNotFound(section.key)
          return fromRest({ ...rest, [section.name]: others }, current, kind.type)
        }))
      return await sendJson(reply, section.deleted)
    })
  }
}
