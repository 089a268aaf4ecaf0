import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isEntityId, type EntityId } from '../../../hooks/ids.js'
import type { WikiHost } from '../../../hooks/contract.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import type { ApiSessions } from '../../action-api/session/api-sessions.js'
import { modifiedTimestamp, propertyDatatypes } from '../entities/entity-store.js'
import { loadEntityState } from '../../repo-reader/entity-state.js'
import { loadLatestRevision, loadRevision } from '../../repo-reader/entity-revisions.js'
import { revisionViewer } from '../revision-deletion/revision-audience.js'
import { canSeeField, DELETED_TEXT } from '../revision-deletion/revision-visibility.js'
import { entityOutput, pageTitleOf, propertiesUsed, type EntityNamespaces } from './entity-output.js'
import { resolveEntityPageIds } from '../entities/entity-page-ids.js'
import { identify } from '../../action-api/session/request-identity.js'
import { userHasRight } from '../user-rights.js'

/**
 * `Special:EntityData/<id>.json`: the entity in the canonical JSON envelope
 * `{"entities": {"Q42": {…}}}`, the latest revision or `?revision=` / `?oldid=`. Served at
 * `/wiki/Special:EntityData/Q42.json` and `/w/index.php?title=Special:EntityData/Q42.json`
 * (wikibase-sdk's getEntityRevision). A lower-case id or a redirect answers 301 to the
 * canonical URL; an id without format answers 303 to `.json`; a missing entity 404.
 */
const PAGE = 'Special:EntityData'

/** What Special:EntityData works with. */
export interface EntityDataDeps {
  routePrefix: string
  /** The repo's own database. */
  db: WikiDatabase
  host: WikiHost | undefined
  /** Who the caller is (the host's user, else the action API's session), for the `read` right. */
  sessions: ApiSessions
}

export function registerEntityDataRoutes (app: FastifyInstance, deps: EntityDataDeps, namespaces: EntityNamespaces): void {
  const prefix = deps.routePrefix
  const db = deps.db
  const canonicalUrl = (id: EntityId, query: string): string => `${prefix}/wiki/${PAGE}/${id}.json${query}`

  const serve = async (request: FastifyRequest, reply: FastifyReply, subpage: string, revisionParam: string | undefined): Promise<unknown> => {
    const { user } = await identify(request, deps.sessions, deps.host)
    const onHostError = (err: unknown): void => { request.log.warn({ err }, 'EntityData: the host rights check failed; refused') }
    if (!await userHasRight({ host: deps.host, user, onHostError }, 'read')) {
      return await reply.code(403).type('text/plain; charset=utf-8').send('You need the "read" right to see entity data on this wiki.')
    }
    const match = /^([^./]+)(?:\.([a-z]+))?$/.exec(subpage)
    if (match === null) return await notFound(reply, `Invalid entity ID or format: ${subpage}`)
    const [, rawId, format] = match as unknown as [string, string, string | undefined]
    // Only a well-formed id is redirected: anything else (non-ASCII digits, CR/LF) would end up
    // in a Location header, which Node refuses with a 500.
    const canonicalId = rawId.toUpperCase()
    if (!isEntityId(canonicalId)) return await notFound(reply, `Invalid entity ID: ${rawId}`)
    const revisionId = revisionParam === undefined ? undefined : revisionNumber(revisionParam)
    if (revisionId === null) return await plainError(reply, 400, `Invalid revision: ${revisionParam ?? ''}`)
    const query = revisionId === undefined ? '' : `?revision=${revisionId}`
    if (format === undefined) return await reply.redirect(canonicalUrl(canonicalId, query), 303)
    if (format !== 'json') return await plainError(reply, 415, `Unsupported format: ${format} (this repo serves json)`)
    if (rawId !== canonicalId) return await reply.redirect(canonicalUrl(canonicalId, query), 301)
    const id: EntityId = canonicalId
    const state = await loadEntityState(db.pool, db, id)
    if (state?.redirectTarget != null && revisionId === undefined) return await reply.redirect(canonicalUrl(state.redirectTarget, ''), 301)
    let revision
    if (revisionId !== undefined) {
      revision = await loadRevision(db.pool, db, id, revisionId)
    } else {
      revision = state === null || state.deleted ? null : await loadLatestRevision(db.pool, db, id)
    }
    if (revision === null || state === null || (state.deleted && revisionParam === undefined)) return await notFound(reply, `No entity with ID ${id}.`)
    const hidden = revision.deleted ?? 0
    if (!canSeeField(hidden, DELETED_TEXT, await revisionViewer({ host: deps.host, user, onHostError }, hidden, DELETED_TEXT))) {
      // MediaWiki shows a revision's hidden content only to `deletedtext` (suppressed:
      // `suppressrevision`) holders, and says so (rev-deleted-text-permission).
      return await plainError(reply, 403, `The content of revision ${revision.revisionId} of ${id} has been hidden.`)
    }
    const datatypes = await propertyDatatypes(db.pool, db, propertiesUsed(revision.entity))
    // The page's id as the host knows it (Wikibase's EntityTitleLookup + page table), as wbgetentities.
    const pageIds = await resolveEntityPageIds(db, deps.host, [{ id, title: pageTitleOf(id, revision.entity.type, namespaces), pageId: state.pageId }],
      err => { request.log.warn({ err }, 'EntityData: the host could not name the entity page') })
    const entity = entityOutput(revision.entity, { datatypes, namespaces }, {
      info: { pageId: pageIds.get(id) ?? state.pageId, revisionId: revision.revisionId, modified: modifiedTimestamp(revision.timestamp) }
    })
    return await reply
      // A revision with hidden parts is never cached publicly: a deleter's view must not reach the public.
      .header('cache-control', hidden !== 0 ? 'private, no-cache' : revisionParam === undefined ? 'public, max-age=31' : 'public, max-age=31536000')
      .header('last-modified', revision.timestamp.toUTCString())
      .header('access-control-allow-origin', '*')
      .type('application/json; charset=utf-8')
      .send({ entities: { [id]: entity } })
  }

  const revisionOf = (query: unknown): string | undefined => {
    const q = query as Record<string, unknown>
    const value = q.revision ?? q.oldid
    return typeof value === 'string' && value !== '' ? value : undefined
  }

  app.get(`${prefix}/wiki/${PAGE.replace(':', '::')}/*`, async (request, reply) =>
    await serve(request, reply, (request.params as { '*': string })['*'], revisionOf(request.query)))

  app.get(`${prefix}/w/index.php`, async (request, reply) => {
    const title = (request.query as Record<string, unknown>).title
    const page = typeof title === 'string' ? title.replaceAll('_', ' ') : ''
    if (!page.startsWith(`${PAGE}/`)) return await notFound(reply, 'This wiki serves only Special:EntityData at index.php.')
    return await serve(request, reply, page.slice(PAGE.length + 1), revisionOf(request.query))
  })
}

/** A revision id: ASCII digits, within what a bigint revision id and a JS number hold; null otherwise. */
export function revisionNumber (text: string): number | null {
  if (!/^[0-9]{1,16}$/.test(text)) return null
  const n = Number(text)
  return Number.isSafeInteger(n) ? n : null
}

async function notFound (reply: FastifyReply, text: string): Promise<FastifyReply> {
  return await plainError(reply, 404, text)
}

/** An error as plain text; it echoes the request, so no browser may sniff it into HTML. */
async function plainError (reply: FastifyReply, status: number, text: string): Promise<FastifyReply> {
  return await reply.code(status).type('text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send(text)
}
