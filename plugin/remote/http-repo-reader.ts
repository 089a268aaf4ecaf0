import type { FastifyBaseLogger } from 'fastify'
import type { WikiDatabase } from '../db/wiki-database.js'
import { isEntityId, type EntityId } from '../../hooks/ids.js'
import type { RepoReader } from '../repo-reader/repo-reader.js'
import type { EntityLookupResult } from '../repo-reader/redirect-resolving-entity-lookup.js'
import type { EntityRevision } from '../repo-reader/entity-revisions.js'
import type { WikibaseEntity } from '../changes/wikibase-entity.js'
import { parseJson, RepoUnavailableError, type RepoHttp } from './repo-http.js'
import { isRemoteEntity } from './remote-entity-shape.js'
import { readCachedEntity, readCachedRevision, storeCachedEntity, storeCachedRevision } from './remote-entity-cache.js'

/** What the HTTP reader works with: the client's own database (its cache), the link to the repo, the logger. */
export interface HttpRepoReaderDeps {
  db: Pick<WikiDatabase, 'pool' | 'dataSchema'>
  http: RepoHttp
  log: Pick<FastifyBaseLogger, 'warn'>
}

const ENTITY_DATA = '/wiki/Special:EntityData/'

/** The path of an entity's JSON on the repo, optionally of one revision. */
const entityDataPath = (id: EntityId, revisionId?: number): string =>
  `${ENTITY_DATA}${id}.json${revisionId === undefined ? '' : `?revision=${revisionId}`}`

/** One answer of Special:EntityData for an id, as far as its status tells. */
type EntityDataAnswer =
  | { kind: 'entity', entity: WikibaseEntity }
  | { kind: 'redirect', target: EntityId }
  | { kind: 'missing' }
  /** An answer that is no entity, no redirect and no 404 (warned; never cached). */
  | { kind: 'invalid' }

/**
 * The RepoReader of a remote-mode client (issue 19): the repo's Special:EntityData for
 * entities and revisions and its REST search and api.php for the two lookups, through the
 * entity cache in the client's database (remote-entity-cache.ts). Everything the repo sends is
 * checked; an answer that is not what it should be, or no answer within the limits, reads as
 * missing for a render (warned, not cached: the next render asks again), so a hostile or down
 * repo never breaks a page. Revisions (read by jobs, which are retried) throw instead when the
 * repo is unavailable.
 */
export function httpRepoReader (deps: HttpRepoReaderDeps): RepoReader {
  const { db, http, log } = deps

  const fetchEntityData = async (id: EntityId, revisionId?: number): Promise<EntityDataAnswer> => {
    const answer = await http.request(entityDataPath(id, revisionId))
    if (answer.status === 404) return { kind: 'missing' }
    if (answer.status === 301 && revisionId === undefined) {
      // The repo's canonical URL of the target: `<prefix>/wiki/Special:EntityData/Q2.json`.
      const target = /\/wiki\/Special:EntityData\/([A-Z][0-9A-Z-]*)\.json$/.exec(answer.headers.get('location') ?? '')?.[1]
      if (target !== undefined && isEntityId(target) && target !== id) return { kind: 'redirect', target }
      log.warn({ entityId: id, location: answer.headers.get('location') }, 'fastify-wikibase: the remote repo redirected an entity to no entity')
      return { kind: 'invalid' }
    }
    if (answer.status !== 200) {
      log.warn({ entityId: id, status: answer.status }, 'fastify-wikibase: the remote repo answered an entity request with an unexpected status')
      return { kind: 'invalid' }
    }
    const body = parseJson(answer.body) as { entities?: Record<string, unknown> } | undefined
    const entity = typeof body === 'object' && body !== null && typeof body.entities === 'object' && body.entities !== null
      ? Object.hasOwn(body.entities, id) ? body.entities[id] : undefined
      : undefined
    if (!isRemoteEntity(entity, id)) {
      log.warn({ entityId: id }, 'fastify-wikibase: the remote repo\'s answer is not the entity asked for; read as missing')
      return { kind: 'invalid' }
    }
    return { kind: 'entity', entity }
  }

  /** RedirectResolvingEntityLookup over HTTP: one redirect followed; the target itself redirected or gone: unresolved. */
  const lookUp = async (id: EntityId): Promise<{ result: EntityLookupResult, cacheable: boolean }> => {
    const first = await fetchEntityData(id)
    if (first.kind === 'entity') return { result: { status: 'found', entity: first.entity, entityId: id, redirectedFrom: null }, cacheable: true }
    if (first.kind === 'missing') return { result: { status: 'missing', entityId: id, reason: 'no-such-entity' }, cacheable: true }
    if (first.kind === 'invalid') return { result: { status: 'missing', entityId: id, reason: 'no-such-entity' }, cacheable: false }
    const second = await fetchEntityData(first.target)
    if (second.kind === 'entity') return { result: { status: 'found', entity: second.entity, entityId: first.target, redirectedFrom: id }, cacheable: true }
    return { result: { status: 'missing', entityId: id, reason: 'unresolved-redirect' }, cacheable: second.kind !== 'invalid' }
  }

  return {
    loadEntity: async id => {
      const cached = await readCachedEntity(db.pool, db, id)
      if (cached.outcome !== null) return cached.outcome
      let found
      try {
        found = await lookUp(id)
      } catch (err) {
        if (!(err instanceof RepoUnavailableError)) throw err
        log.warn({ err, entityId: id }, 'fastify-wikibase: the remote repo is unavailable; entity read as missing')
        return { status: 'missing', entityId: id, reason: 'no-such-entity' }
      }
      if (found.cacheable) await storeCachedEntity(db.pool, db, id, found.result, cached.generation)
      return found.result
    },

    loadRevision: async (id, revisionId) => {
      const cached = await readCachedRevision(db.pool, db, id, revisionId)
      const entity = cached ?? await fetchRevision(id, revisionId)
      if (entity === null) return null
      if (cached === null) await storeCachedRevision(db.pool, db, id, revisionId, entity)
      return revisionOf(id, revisionId, entity)
    },

    findPropertyIdByLabel: async (label, languageCode) => await safely(log, null, async () => await propertyByLabel(http, label, languageCode)),

    itemIdForSiteLink: async (siteId, title) => await safely(log, null, async () => await itemForSiteLink(http, siteId, title))
  }

  async function fetchRevision (id: EntityId, revisionId: number): Promise<WikibaseEntity | null> {
    const answer = await fetchEntityData(id, revisionId)
    if (answer.kind !== 'entity') return null
    // Special:EntityData gives the revision's entity with its own lastrevid; another one is not the revision asked for.
    if (answer.entity.lastrevid !== undefined && answer.entity.lastrevid !== revisionId) return null
    return answer.entity
  }
}

/**
 * A revision as the client reads it: only the entity is sent by Special:EntityData, so the
 * metadata a farm client would read from wb_entity_revisions (user, comment, parent) is
 * empty — the client's only reader of revisions (coalescing) uses the entity alone.
 */
function revisionOf (id: EntityId, revisionId: number, entity: WikibaseEntity): EntityRevision {
  const modified = typeof entity.modified === 'string' ? new Date(entity.modified) : new Date(0)
  return {
    revisionId, entityId: id, parentId: 0, userId: 0, userText: '', comment: '', bot: false,
    timestamp: Number.isNaN(modified.getTime()) ? new Date(0) : modified,
    entity
  }
}

/** A lookup that answers `fallback` (warned) when the repo is unavailable or answers nonsense. */
async function safely<T> (log: Pick<FastifyBaseLogger, 'warn'>, fallback: T, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (!(err instanceof RepoUnavailableError)) throw err
    log.warn({ err }, 'fastify-wikibase: the remote repo is unavailable; lookup answered nothing')
    return fallback
  }
}

/** Suggestions the property label lookup asks for: the REST API's maximum for suggest. */
const SUGGEST_LIMIT = 50

/**
 * PropertyLabelResolver over the repo's REST API (`suggest/properties`, prefix matches of
 * labels and aliases): the lowest id of a property whose label in exactly `languageCode` is
 * exactly `label`. The repo's suggest is prefix-ordered, so an exact label is among the first
 * matches unless more than {@link SUGGEST_LIMIT} properties share the prefix and rank before it.
 */
async function propertyByLabel (http: RepoHttp, label: string, languageCode: string): Promise<EntityId | null> {
  if (label === '' || label.length > 400 || languageCode === '') return null
  const query = new URLSearchParams({ q: label, language: languageCode, limit: String(SUGGEST_LIMIT) })
  const answer = await http.request(`/w/rest.php/wikibase/v1/suggest/properties?${query.toString()}`)
  if (answer.status !== 200) return null
  const results = (parseJson(answer.body) as { results?: unknown } | undefined)?.results
  if (!Array.isArray(results)) return null
  const ids = results.flatMap(r => {
    const hit = r as { id?: unknown, match?: { type?: unknown, language?: unknown, text?: unknown } } | null
    return hit !== null && typeof hit.id === 'string' && isEntityId(hit.id) && hit.id.startsWith('P') &&
      hit.match?.type === 'label' && hit.match.language === languageCode && hit.match.text === label
      ? [hit.id]
      : []
  })
  ids.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
  return ids[0] ?? null
}

/** The item with a sitelink (site, title), over the repo's `wbgetentities&sites=&titles=&props=info`. */
async function itemForSiteLink (http: RepoHttp, siteId: string, title: string): Promise<EntityId | null> {
  if (siteId === '' || title === '' || title.length > 512) return null
  const query = new URLSearchParams({ action: 'wbgetentities', format: 'json', sites: siteId, titles: title, props: 'info' })
  const answer = await http.request(`/w/api.php?${query.toString()}`)
  if (answer.status !== 200) return null
  const entities = (parseJson(answer.body) as { entities?: unknown } | undefined)?.entities
  if (typeof entities !== 'object' || entities === null) return null
  const found = Object.entries(entities).find(([key, value]) => isEntityId(key) && typeof value === 'object' && value !== null && !('missing' in value))
  return found === undefined ? null : found[0] as EntityId
}
