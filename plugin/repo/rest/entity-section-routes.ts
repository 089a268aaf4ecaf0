import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { parseEntityId } from '../../../hooks/ids.js'
import { jsonPointer } from './rest-api-error.js'
import { fromRest, type RestEntity } from './rest-entity-shape.js'
import { errors, IfMatch, PatchBody } from './rest-edit-schemas.js'
import { checkSection, trimEntityInput } from './rest-entity-input.js'
import { PATCH_RESULT_PROBLEMS, type InputSource } from './rest-input-problems.js'
import type { RestEntityKind, RestEntitySection } from './rest-kinds.js'
import type { RestRouteContext } from './rest-route-context.js'
import { entityIdOf, entityParams, restCall, restEntityOf } from './rest-route-support.js'

/**
 * The whole map of one section of an entity (labels, descriptions, aliases by language;
 * sitelinks by site): read, and change with a JSON Patch (Wikibase's PatchItemLabels …
 * route handlers). A patch result is checked in the spec's terms before it is stored:
 * `patch-result-*` (422) with pointers into the patched map.
 */
export function registerEntitySectionRoutes (fastify: FastifyInstance, kind: RestEntityKind, section: RestEntitySection, context: RestRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = [kind.path]
  const Params = entityParams(kind)
  const sectionPath = `${context.base}/entities/${kind.path}/:${kind.idParam}/${section.name}`
  const sectionOf = (rest: RestEntity): Record<string, unknown> => (rest[section.name] ?? {}) as Record<string, unknown>

  app.get(sectionPath, { schema: { tags, params: Params, response: { 200: section.map, ...errors } } }, async (request, reply) => {
    const revision = await restCall(kind, false, null, async () => await context.loadLive(parseEntityId(entityIdOf(kind, request))))
    context.revisionHeaders(reply, revision)
    return sectionOf(await restEntityOf(context, revision.entity))
  })

  app.patch(sectionPath, {
    schema: { tags, params: Params, headers: IfMatch, body: PatchBody, response: { 200: section.map, ...errors } }
  }, async (request, reply) => {
    const source: InputSource = {
      problems: PATCH_RESULT_PROBLEMS,
      locate: segments => segments[0] === section.name ? jsonPointer(...segments.slice(1)) : null,
      document: null
    }
    const result = await restCall(kind, true, source, async () =>
      await context.patchEdit(request, reply, entityIdOf(kind, request), request.body, async (_rest, current) => {
        const rest = await restEntityOf(context, current)
        const shown = sectionOf(rest)
        const patched: unknown = context.applyPatch(shown, request.body.patch)
        source.document = patched
        checkSection(section.name, patched, (...segments) => jsonPointer(...segments), PATCH_RESULT_PROBLEMS, shown)
        return fromRest({ ...rest, [section.name]: trimEntityInput({ [section.name]: patched })[section.name] }, current, kind.type)
      }))
    return sectionOf(await restEntityOf(context, result.revision.entity))
  })
}
