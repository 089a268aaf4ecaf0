import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import swagger from '@fastify/swagger'
import Type, { type TSchema } from 'typebox'
import Value from 'typebox/value'
import type jsonpatch from 'fast-json-patch'
import type { HostUser } from '../../../hooks/contract.js'
import type { WikibaseRuntime } from '../../runtime.js'
import { parseEntityId, type EntityId } from '../../../hooks/ids.js'
import { entityMap, type Statement, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { createEntity, deleteEntity, editEntity, restoreEntity, type EditContext, type EditOptions, type EditResult } from '../entities/entity-editor.js'
import { EntityNotFoundError, EntityPartNotFoundError, EntityRedirectError, InvalidEntityValueError } from '../entities/entity-errors.js'
import { applyBoundedPatch, MAX_PATCHED_DOCUMENT_BYTES } from './bounded-json-patch.js'
import { installRequestInputGuard } from '../../http/request-input-guard.js'
import { listEntityIds } from '../entities/entity-store.js'
import { loadEntityState } from '../../repo-reader/entity-state.js'
import { loadLatestRevision, type EntityRevision } from '../../repo-reader/entity-revisions.js'
import {
  Aliases, Labels, RestItem, RestProperty, RestSitelink, RestStatement, Sitelinks, Statements,
  fromRest, newStatementGuid, statementFromRest, toRest, type RestEntity
} from './rest-entity-shape.js'
import { RestError, setRestErrorHandler } from './rest-errors.js'
import { registerRestRequestGuard, restIdentityOf, restRightsCheck } from './rest-request-guard.js'
import { validationSettingsOf } from '../validation/validation-settings.js'
import { refuseCoercedScalars } from './coerced-scalar-guard.js'

/**
 * The repo's edit API, modelled on the Wikibase REST API v1, under
 * `<routePrefix>/w/rest.php/wikibase/v1`: items and properties with their labels,
 * descriptions, aliases, statements and (items) sitelinks. Reads send an `ETag` of the
 * revision id; an edit may send it back as `If-Match` and gets 409 when it is stale. Edits
 * go through entity-editor.ts (rights check, one transaction, change for the host); every
 * request first passes rest-request-guard.ts (content type, CSRF token, `read`).
 * OpenAPI: `GET …/v1/openapi.json`.
 */
export interface RepoRouteOptions {
  /**
   * Who is making the request. Default: `request.wikiUser` set by the host, else the user of
   * the plugin's action-API session cookie, else anonymous (session/request-identity.ts).
   */
  userOf?: (request: FastifyRequest) => HostUser
}

export const REST_BASE = '/w/rest.php/wikibase/v1'

interface Kind {
  path: 'items' | 'properties'
  type: 'item' | 'property'
  field: 'item' | 'property'
  idPattern: string
  schema: TSchema
  sections: Array<{ name: 'labels' | 'descriptions' | 'aliases' | 'sitelinks', key: string, keyPattern: string, value: TSchema, map: TSchema }>
}

const LANGUAGE_KEY = '^[a-z][a-z0-9-]{0,31}$'
const TERM_SECTIONS: Kind['sections'] = [
  { name: 'labels', key: 'label', keyPattern: LANGUAGE_KEY, value: Type.String(), map: Labels },
  { name: 'descriptions', key: 'description', keyPattern: LANGUAGE_KEY, value: Type.String(), map: Labels },
  { name: 'aliases', key: 'aliases', keyPattern: LANGUAGE_KEY, value: Type.Array(Type.String()), map: Aliases }
]
const KINDS: Kind[] = [
  {
    path: 'items', type: 'item', field: 'item', idPattern: '^Q[1-9][0-9]{0,18}$', schema: RestItem,
    sections: [...TERM_SECTIONS, { name: 'sitelinks', key: 'sitelink', keyPattern: '^[A-Za-z0-9_.-]{1,32}$', value: RestSitelink, map: Sitelinks }]
  },
  { path: 'properties', type: 'property', field: 'property', idPattern: '^P[1-9][0-9]{0,18}$', schema: RestProperty, sections: TERM_SECTIONS }
]

const EditMeta = {
  comment: Type.Optional(Type.String({ maxLength: 500, description: 'edit summary' })),
  bot: Type.Optional(Type.Boolean({ description: 'mark as a bot edit (bot users only)' })),
  tags: Type.Optional(Type.Array(Type.String())),
  token: Type.Optional(Type.String({ maxLength: 200, description: 'csrf token of the session, needed when the request is authenticated by a session cookie' }))
}
const JsonPatch = Type.Array(Type.Object({
  op: Type.Enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: Type.String(),
  from: Type.Optional(Type.String()),
  value: Type.Optional(Type.Unknown())
}), { description: 'RFC 6902 JSON Patch' })
const PatchBody = Type.Object({ patch: JsonPatch, ...EditMeta }, { additionalProperties: false })
const DeleteBodySchema = Type.Object({ ...EditMeta }, { additionalProperties: false })
/**
 * DELETE and undelete take an optional body, which Fastify's schema validation cannot express
 * (it validates an absent body too): checked here against its TypeBox schema instead.
 */
function deleteBody (body: unknown): { comment?: string, bot?: boolean } {
  if (body === undefined || body === null) return {}
  if (!Value.Check(DeleteBodySchema, body)) throw new InvalidEntityValueError('body', 'may only hold comment (string), bot (boolean), tags (strings) and token (string)')
  return body
}
const errors = { '4xx': RestError }
const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'the ETag ("<revision id>") the edit is based on' })) })

/** The revision id in `If-Match: "123"` (weak or not); undefined when absent. */
export function baseRevisionOf (header: string | undefined): number | undefined {
  if (header === undefined) return undefined
  const match = /^\s*(?:W\/)?"?([0-9]{1,16})"?\s*$/.exec(header)
  const revisionId = match === null ? NaN : Number(match[1])
  if (!Number.isSafeInteger(revisionId)) throw new InvalidEntityValueError('If-Match', 'must be an ETag "<revision id>" as sent by GET')
  return revisionId
}

/** Fastify sends a returned string as text; REST v1 answers a JSON string. */
async function sendJson (reply: FastifyReply, value: unknown): Promise<FastifyReply> {
  return typeof value === 'string' ? await reply.type('application/json; charset=utf-8').send(JSON.stringify(value)) : await reply.send(value)
}

export function registerRepoRoutes (fastify: FastifyInstance, runtime: WikibaseRuntime, options: RepoRouteOptions = {}): void {
  void fastify.register(async parent => {
    if (!parent.hasDecorator('swagger')) {
      await parent.register(swagger, {
        openapi: { info: { title: 'fastify-wikibase repo REST API', version: '1' }, servers: [{ url: runtime.options.routePrefix || '/' }] }
      })
    }
    setRestErrorHandler(parent)
    registerRestRequestGuard(parent, runtime, options.userOf)
    refuseCoercedScalars(parent)
    installRequestInputGuard(parent, { maxJsonDepth: runtime.options.maxRequestJsonDepth })
    const patchLimits = { maxOperations: runtime.options.maxPatchOperations, maxDocumentBytes: MAX_PATCHED_DOCUMENT_BYTES }
    const applyPatch = <T>(document: T, patch: unknown[]): T => applyBoundedPatch(document, patch as jsonpatch.Operation[], patchLimits)
    parent.addHook('onRoute', route => { route.bodyLimit ??= runtime.options.bodyLimit })
    const app = parent.withTypeProvider<TypeBoxTypeProvider>()
    const base = `${runtime.options.routePrefix}${REST_BASE}`
    const db = runtime.self
    const validation = validationSettingsOf(runtime.options.repoSettings)
    const ctx = (request: FastifyRequest): EditContext => {
      const check = restRightsCheck(request, runtime)
      return { db, host: runtime.host, user: restIdentityOf(request).user, onHostError: check.onHostError, validation }
    }
    const editOptions = (request: FastifyRequest, body: { comment?: string, bot?: boolean } | undefined): EditOptions =>
      ({ comment: body?.comment, bot: body?.bot, baseRevisionId: baseRevisionOf(request.headers['if-match'] as string | undefined) })
    const revisionHeaders = (reply: FastifyReply, revision: EntityRevision): void => {
      void reply.header('etag', `"${revision.revisionId}"`).header('last-modified', revision.timestamp.toUTCString())
    }

    /** The live latest revision, or 404 (missing, deleted) / 308 (redirect). */
    const loadLive = async (id: EntityId): Promise<EntityRevision> => {
      const state = await loadEntityState(db.pool, db, id)
      if (state?.redirectTarget != null) throw new EntityRedirectError(id, state.redirectTarget)
      const revision = state === null || state.deleted ? null : await loadLatestRevision(db.pool, db, id)
      if (revision === null) throw new EntityNotFoundError(id, id.startsWith('Q') ? 'item' : 'property')
      return revision
    }

    for (const kind of KINDS) {
      const Params = Type.Object({ id: Type.String({ pattern: kind.idPattern }) })
      const entityPath = `${base}/entities/${kind.path}/:id`
      const edit = async (request: FastifyRequest, reply: FastifyReply, id: string, body: { comment?: string, bot?: boolean } | undefined,
        apply: (rest: RestEntity, current: WikibaseEntity) => WikibaseEntity): Promise<EditResult> => {
        const result = await editEntity(ctx(request), parseEntityId(id), current => apply(toRest(current), current), editOptions(request, body))
        revisionHeaders(reply, result.revision)
        return result
      }
      /**
       * A PATCH edit: the patch is applied to the live revision before the edit's transaction
       * opens, so its (bounded) work holds no lock and a bad patch never opens one; inside,
       * that result is used when the entity is still at that revision, else the patch is
       * applied again to the newer one.
       */
      const patchEdit = async (request: FastifyRequest, reply: FastifyReply, id: string, body: { comment?: string, bot?: boolean },
        patchOf: (rest: RestEntity, current: WikibaseEntity) => WikibaseEntity): Promise<EditResult> => {
        const live = await loadLive(parseEntityId(id))
        const early = patchOf(toRest(live.entity), structuredClone(live.entity))
        return await edit(request, reply, id, body, (rest, current) => current.lastrevid === live.revisionId ? early : patchOf(rest, current))
      }
      const tags = [kind.path]

      app.get(`${base}/entities/${kind.path}`, {
        schema: {
          tags,
          querystring: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
          response: { 200: Type.Object({ ids: Type.Array(Type.String()) }), ...errors }
        }
      }, async request => ({ ids: await listEntityIds(db.pool, db, kind.type, { afterNumericId: request.query.after, limit: request.query.limit ?? 100 }) }))

      app.post(`${base}/entities/${kind.path}`, {
        schema: { tags, body: Type.Object({ [kind.field]: kind.schema, ...EditMeta }, { additionalProperties: false }), response: { 201: kind.schema, ...errors } }
      }, async (request, reply) => {
        const body = request.body as Record<string, unknown> & { comment?: string, bot?: boolean }
        const entity = fromRest(body[kind.field] as RestEntity, null, kind.type)
        const result = await createEntity(ctx(request), kind.type, entity, editOptions(request, body))
        revisionHeaders(reply, result.revision)
        return await reply.code(201).header('location', `${request.url.replace(/\/$/, '')}/${result.entityId}`).send(toRest(result.revision.entity))
      })

      app.get(entityPath, { schema: { tags, params: Params, response: { 200: kind.schema, ...errors } } }, async (request, reply) => {
        const revision = await loadLive(parseEntityId(request.params.id))
        revisionHeaders(reply, revision)
        return toRest(revision.entity)
      })

      app.put(entityPath, {
        schema: { tags, params: Params, headers: IfMatch, body: Type.Object({ [kind.field]: kind.schema, ...EditMeta }, { additionalProperties: false }), response: { 200: kind.schema, ...errors } }
      }, async (request, reply) => {
        const body = request.body as Record<string, unknown> & { comment?: string }
        const result = await edit(request, reply, request.params.id, body, (_rest, current) => fromRest(body[kind.field] as RestEntity, current, kind.type))
        return toRest(result.revision.entity)
      })

      app.patch(entityPath, { schema: { tags, params: Params, headers: IfMatch, body: PatchBody, response: { 200: kind.schema, ...errors } } }, async (request, reply) => {
        const result = await patchEdit(request, reply, request.params.id, request.body, (rest, current) =>
          fromRest(applyPatch(rest, request.body.patch), current, kind.type))
        return toRest(result.revision.entity)
      })

      app.delete(entityPath, {
        schema: { tags, params: Params, headers: IfMatch, response: { 200: Type.Object({ id: Type.String(), deleted: Type.Boolean() }), ...errors } }
      }, async request => {
        const result = await deleteEntity(ctx(request), parseEntityId(request.params.id), editOptions(request, deleteBody(request.body)))
        return { id: result.entityId, deleted: true }
      })

      app.post(`${entityPath}/undelete`, {
        schema: { tags, summary: 'Undelete (an extension of REST v1)', params: Params, response: { 200: kind.schema, ...errors } }
      }, async (request, reply) => {
        const result = await restoreEntity(ctx(request), parseEntityId(request.params.id), { comment: deleteBody(request.body).comment })
        revisionHeaders(reply, result.revision)
        return toRest(result.revision.entity)
      })

      for (const section of kind.sections) {
        const sectionPath = `${entityPath}/${section.name}`
        const KeyParams = Type.Object({ id: Type.String({ pattern: kind.idPattern }), key: Type.String({ pattern: section.keyPattern }) })
        const sectionOf = (rest: RestEntity): Record<string, unknown> => (rest[section.name] ?? {}) as Record<string, unknown>

        app.get(sectionPath, { schema: { tags, params: Params, response: { 200: section.map, ...errors } } }, async (request, reply) => {
          const revision = await loadLive(parseEntityId(request.params.id))
          revisionHeaders(reply, revision)
          return sectionOf(toRest(revision.entity))
        })
        app.patch(sectionPath, { schema: { tags, params: Params, headers: IfMatch, body: PatchBody, response: { 200: section.map, ...errors } } }, async (request, reply) => {
          const result = await patchEdit(request, reply, request.params.id, request.body, (rest, current) =>
            fromRest({ ...rest, [section.name]: applyPatch(sectionOf(rest), request.body.patch) }, current, kind.type))
          return sectionOf(toRest(result.revision.entity))
        })
        app.get(`${sectionPath}/:key`, { schema: { tags, params: KeyParams, response: { 200: section.value, ...errors } } }, async (request, reply) => {
          const revision = await loadLive(parseEntityId(request.params.id))
          const value = sectionOf(toRest(revision.entity))[request.params.key]
          if (value === undefined) throw new EntityPartNotFoundError(request.params.id, section.key, request.params.key)
          revisionHeaders(reply, revision)
          return await sendJson(reply, value)
        })
        app.put(`${sectionPath}/:key`, {
          schema: { tags, params: KeyParams, headers: IfMatch, body: Type.Object({ [section.key]: section.value, ...EditMeta }, { additionalProperties: false }), response: { 200: section.value, ...errors } }
        }, async (request, reply) => {
          const body = request.body as Record<string, unknown> & { comment?: string }
          const { key } = request.params
          const result = await edit(request, reply, request.params.id, body, (rest, current) =>
            fromRest({ ...rest, [section.name]: { ...sectionOf(rest), [key]: body[section.key] } }, current, kind.type))
          return await sendJson(reply, sectionOf(toRest(result.revision.entity))[key])
        })
        app.delete(`${sectionPath}/:key`, {
          schema: { tags, params: KeyParams, headers: IfMatch, response: { 200: Type.Object({ deleted: Type.String() }), ...errors } }
        }, async (request, reply) => {
          const { key } = request.params
          await edit(request, reply, request.params.id, deleteBody(request.body), (rest, current) => {
            const { [key]: removed, ...others } = sectionOf(rest)
            if (removed === undefined) throw new EntityPartNotFoundError(request.params.id, section.key, key)
            return fromRest({ ...rest, [section.name]: others }, current, kind.type)
          })
          return { deleted: `${section.key} ${key}` }
        })
      }

      // Statements: canonical statement JSON, addressed by GUID.
      const statementsPath = `${entityPath}/statements`
      const StatementParams = Type.Object({ id: Type.String({ pattern: kind.idPattern }), statementId: Type.String({ minLength: 1, maxLength: 100 }) })
      const findStatement = (entity: WikibaseEntity, statementId: string): Statement => {
        for (const list of Object.values(entityMap(entity.claims))) {
          const found = list.find(s => s.id === statementId)
          if (found !== undefined) return found
        }
        throw new EntityPartNotFoundError(entity.id ?? '', 'statement', statementId)
      }
      /** The entity's claims with statement `statementId` replaced by `next` (same property) or removed (null). */
      const replaceStatement = (entity: WikibaseEntity, statementId: string, next: Statement | null): WikibaseEntity => {
        const old = findStatement(entity, statementId)
        if (next !== null && next.mainsnak?.property !== old.mainsnak.property) {
          throw new InvalidEntityValueError('statement/mainsnak/property', `the property of a statement cannot change (${old.mainsnak.property})`)
        }
        if (next !== null && next.id !== statementId) throw new InvalidEntityValueError('statement/id', `must be ${statementId}`)
        const claims = Object.fromEntries(Object.entries(entityMap(entity.claims))
          .map(([p, list]) => [p, next === null ? list.filter(s => s.id !== statementId) : list.map(s => s.id === statementId ? next : s)] as const)
          .filter(([, list]) => list.length > 0))
        return { ...entity, claims }
      }

      app.get(statementsPath, {
        schema: { tags, params: Params, querystring: Type.Object({ property: Type.Optional(Type.String({ pattern: '^P[1-9][0-9]*$' })) }), response: { 200: Statements, ...errors } }
      }, async (request, reply) => {
        const revision = await loadLive(parseEntityId(request.params.id))
        revisionHeaders(reply, revision)
        const all = entityMap(revision.entity.claims)
        const property = request.query.property
        return property === undefined ? all : (all[property] === undefined ? {} : { [property]: all[property] })
      })
      app.post(statementsPath, {
        schema: { tags, params: Params, headers: IfMatch, body: Type.Object({ statement: RestStatement, ...EditMeta }, { additionalProperties: false }), response: { 201: RestStatement, ...errors } }
      }, async (request, reply) => {
        if (request.body.statement.id !== undefined) throw new InvalidEntityValueError('statement/id', 'a new statement gets its id from the repo; leave it out')
        const statement = statementFromRest(request.params.id, { ...request.body.statement, id: newStatementGuid(request.params.id) })
        await edit(request, reply, request.params.id, request.body, (_rest, current) => {
          const claims = { ...entityMap(current.claims) }
          const property = statement.mainsnak.property
          claims[property] = [...(claims[property] ?? []), statement]
          return { ...current, claims }
        })
        return await reply.code(201).send(statement)
      })
      app.get(`${statementsPath}/:statementId`, { schema: { tags, params: StatementParams, response: { 200: RestStatement, ...errors } } }, async (request, reply) => {
        const revision = await loadLive(parseEntityId(request.params.id))
        revisionHeaders(reply, revision)
        return findStatement(revision.entity, request.params.statementId)
      })
      app.put(`${statementsPath}/:statementId`, {
        schema: { tags, params: StatementParams, headers: IfMatch, body: Type.Object({ statement: RestStatement, ...EditMeta }, { additionalProperties: false }), response: { 200: RestStatement, ...errors } }
      }, async (request, reply) => {
        const { statementId } = request.params
        const next = statementFromRest(request.params.id, { ...request.body.statement, id: request.body.statement.id ?? statementId })
        const result = await edit(request, reply, request.params.id, request.body, (_rest, current) => replaceStatement(current, statementId, next))
        return findStatement(result.revision.entity, statementId)
      })
      app.patch(`${statementsPath}/:statementId`, {
        schema: { tags, params: StatementParams, headers: IfMatch, body: PatchBody, response: { 200: RestStatement, ...errors } }
      }, async (request, reply) => {
        const { statementId } = request.params
        const result = await patchEdit(request, reply, request.params.id, request.body, (_rest, current) =>
          replaceStatement(current, statementId, applyPatch(findStatement(current, statementId), request.body.patch)))
        return findStatement(result.revision.entity, statementId)
      })
      app.delete(`${statementsPath}/:statementId`, {
        schema: { tags, params: StatementParams, headers: IfMatch, response: { 200: Type.Object({ deleted: Type.String() }), ...errors } }
      }, async (request, reply) => {
        const { statementId } = request.params
        await edit(request, reply, request.params.id, deleteBody(request.body), (_rest, current) => replaceStatement(current, statementId, null))
        return { deleted: `statement ${statementId}` }
      })
    }

    parent.get(`${base}/openapi.json`, { schema: { hide: true } }, async () => parent.swagger())
  })
}
