import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'
import { isTermLanguage } from '../entities/term-languages.js'
import { unknownSites } from '../entities/sitelink-store.js'
import { restErrors } from './rest-api-error.js'
import type { RestEntity } from './rest-entity-shape.js'
import { restEntityErrorOf, restInputErrorOf, type InputSource } from './rest-input-problems.js'
import type { RestEntityKind } from './rest-kinds.js'
import type { RestRouteContext } from './rest-route-context.js'
import { withSitelinkUrls } from './sitelink-urls.js'

/** What the routes of entity parts share: the spec's path parameters, their semantic checks, error translation. */

/** The spec's `LanguageCode` path parameter pattern. */
export const LANGUAGE_CODE_PATTERN = '^[a-z]{2}[a-z0-9-]*$'

export function entityParams (kind: RestEntityKind) {
  return Type.Object({ [kind.idParam]: Type.String({ pattern: kind.idPattern }) })
}

export function languageParams (kind: RestEntityKind) {
  return Type.Object({ [kind.idParam]: Type.String({ pattern: kind.idPattern }), language_code: Type.String({ pattern: LANGUAGE_CODE_PATTERN }) })
}

export function siteParams (kind: RestEntityKind) {
  return Type.Object({ [kind.idParam]: Type.String({ pattern: kind.idPattern }), site_id: Type.String() })
}

/** The entity id of a request's path. */
export function entityIdOf (kind: RestEntityKind, request: FastifyRequest): string {
  return (request.params as Record<string, string>)[kind.idParam]!
}

/** A well-formed language code the repo has no terms in is a bad path parameter (Wikibase's LanguageCodeValidator). */
export function checkLanguageParam (language: string): string {
  if (!isTermLanguage(language)) throw restErrors.invalidPathParameter('language_code')
  return language
}

/** A site the sites table does not know is a bad path parameter (Wikibase's SiteIdValidator). */
export async function checkSiteParam (context: RestRouteContext, site: string): Promise<string> {
  if (site.length > 32 || (await unknownSites(context.db.pool, context.db, [site])).length > 0) throw restErrors.invalidPathParameter('site_id')
  return site
}

/**
 * Runs a read or an edit of `kind`, its refusals in the spec's terms: a missing entity is
 * `resource-not-found` of the kind, an edit of a redirect 409 `redirected-item`, and what the
 * domain refused about the input is located in `source` (request body or patch result).
 */
export async function restCall<T> (kind: RestEntityKind, editing: boolean, source: InputSource | null, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    const located = source === null ? error : restInputErrorOf(error, source)
    throw restEntityErrorOf(located, kind.type, editing)
  }
}

/** The REST form of an entity with its sitelinks' urls. */
export async function restEntityOf (context: RestRouteContext, entity: WikibaseEntity): Promise<RestEntity> {
  const rest = await context.restOf(entity)
  if (rest.sitelinks !== undefined) rest.sitelinks = await withSitelinkUrls(context.sites, rest.sitelinks)
  return rest
}

/** Edit metadata of a body (tags are wired into the edit by rest-route-context). */
export type EditBody = { comment?: string, bot?: boolean, tags?: string[] }
