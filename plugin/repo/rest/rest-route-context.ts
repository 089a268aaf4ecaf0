import type { FastifyReply, FastifyRequest } from 'fastify'
import type jsonpatch from 'fast-json-patch'
import type { WikiHost } from '../../../hooks/contract.js'
import { parseEntityId, type EntityId } from '../../../hooks/ids.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import type { SiteLookup } from '../../sites/site-lookup.js'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'
import { editEntity, type EditContext, type EditOptions, type EditResult } from '../entities/entity-editor.js'
import { EntityNotFoundError, EntityRedirectError } from '../entities/entity-errors.js'
import { loadEntityState } from '../../repo-reader/entity-state.js'
import { loadLatestRevision, type EntityRevision } from '../../repo-reader/entity-revisions.js'
import type { EntityValidationSettings } from '../validation/validation-settings.js'
import { applyBoundedPatch, MAX_PATCHED_DOCUMENT_BYTES } from './bounded-json-patch.js'
import { propertyDatatypes as loadPropertyDatatypes } from '../entities/entity-store.js'
import { propertyIdsOf } from '../validation/entity-validator.js'
import { toRest, type RestEntity } from './rest-entity-shape.js'
import type { EditMetaBody } from './rest-edit-schemas.js'
import { checkEditPreconditions } from './rest-preconditions.js'
import { propertyIdsInRestInput, type StatementReader } from './rest-statement-input.js'
import { restIdentityOf, restRightsCheck } from './rest-request-guard.js'

/** What the REST routes read and edit with. */
export interface RestEditingDeps {
  db: WikiDatabase
  host: WikiHost | undefined
  /** Limits and allow-lists of entity validation. */
  validation: EntityValidationSettings
  /** The most operations one JSON Patch may have. */
  maxPatchOperations: number
  /** `repoSettings.protectEntitiesUsedOnMoreThan` (usage-protection.ts); null or absent: off. */
  protectEntitiesUsedOnMoreThan?: number | null
  /** Delay of an edit's dispatch job (`repoSettings.dispatchDelay`); default 0. */
  dispatchDelayMs?: number
  /** `repoSettings.dispatchShards`; default 8. */
  dispatchShards?: number
}

type EditBody = EditMetaBody | undefined

/** The reads and edits the REST routes of every resource share, for one registration. */
export interface RestRouteContext {
  db: WikiDatabase
  /** The repo's sites, cached (sitelink URLs are read on every entity answer). */
  sites: Pick<SiteLookup, 'getSite'>
  /** The URL prefix of the API (`<routePrefix>/w/rest.php/wikibase/v1`). */
  base: string
  applyPatch: <T>(document: T, patch: unknown[]) => T
  editContext: (request: FastifyRequest) => EditContext
  editOptions: (request: FastifyRequest, body: EditBody) => EditOptions
  /** `ETag` and `Last-Modified` of the revision an answer shows. */
  revisionHeaders: (reply: FastifyReply, revision: EntityRevision) => void
  /**
   * The REST form of an entity. Async: statements show each property's data type, read from
   * the repo (a property that no longer exists shows `null`).
   */
  restOf: (entity: WikibaseEntity) => Promise<RestEntity>
  /** The data types of these properties: those that exist (and are not deleted). */
  propertyDatatypes: (ids: string[]) => Promise<Map<string, string>>
  /**
   * What reads the REST statements in `input` (one statement, or with `groups` a map of
   * statement groups): the data types of the properties it names. `patched`: the input is
   * the result of a JSON Patch, whose problems are 422 `patch-result-*` errors.
   */
  statementReader: (input: unknown, groups: boolean, patched: boolean) => Promise<StatementReader>
  /** The live latest revision, or 404 (missing, deleted) / 308 (redirect). */
  loadLive: (id: EntityId) => Promise<EntityRevision>
  /** One edit of the entity `id` (its revision headers set on the reply). */
  edit: (request: FastifyRequest, reply: FastifyReply, id: string, body: EditBody,
    apply: (rest: RestEntity, current: WikibaseEntity) => WikibaseEntity | Promise<WikibaseEntity>) => Promise<EditResult>
  /**
   * A PATCH edit: the patch is applied to the live revision before the edit's transaction
   * opens, so its (bounded) work holds no lock and a bad patch never opens one; inside,
   * that result is used when the entity is still at that revision, else the patch is
   * applied again to the newer one.
   */
  patchEdit: (request: FastifyRequest, reply: FastifyReply, id: string, body: EditBody,
    patchOf: (rest: RestEntity, current: WikibaseEntity) => WikibaseEntity | Promise<WikibaseEntity>) => Promise<EditResult>
}

export function restRouteContext (deps: RestEditingDeps, base: string, sites: Pick<SiteLookup, 'getSite'>): RestRouteContext {
  const { db } = deps
  const patchLimits = { maxOperations: deps.maxPatchOperations, maxDocumentBytes: MAX_PATCHED_DOCUMENT_BYTES }
  const editContext = (request: FastifyRequest): EditContext => {
    const check = restRightsCheck(request, deps.host)
    return {
      db, host: deps.host, user: restIdentityOf(request).user, onHostError: check.onHostError, validation: deps.validation,
      protectEntitiesUsedOnMoreThan: deps.protectEntitiesUsedOnMoreThan ?? null,
      ...(deps.dispatchDelayMs === undefined ? {} : { dispatchDelayMs: deps.dispatchDelayMs }),
      ...(deps.dispatchShards === undefined ? {} : { dispatchShards: deps.dispatchShards })
    }
  }
  // Conditional headers (If-Match …) are checked by rest-preconditions.ts, before the handler
  // and again inside the edit's transaction (below), not through EditOptions.baseRevisionId.
  const editOptions = (_request: FastifyRequest, body: EditBody): EditOptions =>
    ({ comment: body?.comment, bot: body?.bot, tags: body?.tags })
  const revisionHeaders = (reply: FastifyReply, revision: EntityRevision): void => {
    void reply.header('etag', `"${revision.revisionId}"`).header('last-modified', revision.timestamp.toUTCString())
  }
  const loadLive = async (id: EntityId): Promise<EntityRevision> => {
    const state = await loadEntityState(db.pool, db, id)
    if (state?.redirectTarget != null) throw new EntityRedirectError(id, state.redirectTarget)
    const revision = state === null || state.deleted ? null : await loadLatestRevision(db.pool, db, id)
    if (revision === null) throw new EntityNotFoundError(id, id.startsWith('Q') ? 'item' : 'property')
    return revision
  }
  const propertyDatatypes = async (ids: string[]): Promise<Map<string, string>> => await loadPropertyDatatypes(db.pool, db, ids)
  const restOf = async (entity: WikibaseEntity): Promise<RestEntity> => {
    const datatypes = await propertyDatatypes(propertyIdsOf(entity))
    return toRest(entity, property => datatypes.get(property) ?? null)
  }
  const statementReader: RestRouteContext['statementReader'] = async (input, groups, patched) =>
    ({ datatypes: await propertyDatatypes(propertyIdsInRestInput(input, groups)), settings: deps.validation, patched })
  const edit: RestRouteContext['edit'] = async (request, reply, id, body, apply) => {
    const result = await editEntity(editContext(request), parseEntityId(id), async current => {
      checkEditPreconditions(request, current)
      return await apply(await restOf(current), current)
    }, editOptions(request, body))
    revisionHeaders(reply, result.revision)
    return result
  }
  const patchEdit: RestRouteContext['patchEdit'] = async (request, reply, id, body, patchOf) => {
    const live = await loadLive(parseEntityId(id))
    const early = await patchOf(await restOf(live.entity), structuredClone(live.entity))
    return await edit(request, reply, id, body, (rest, current) => current.lastrevid === live.revisionId ? early : patchOf(rest, current))
  }
  return {
    db,
    sites,
    base,
    applyPatch: (document, patch) => applyBoundedPatch(document, patch as jsonpatch.Operation[], patchLimits),
    editContext,
    editOptions,
    restOf,
    propertyDatatypes,
    statementReader,
    revisionHeaders,
    loadLive,
    edit,
    patchEdit
  }
}
