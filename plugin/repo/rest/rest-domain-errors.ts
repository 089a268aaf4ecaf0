import {
  EditConflictError, EntityNotFoundError, EntityPartNotFoundError, EntityRedirectError, InvalidEntityValueError, PermissionDeniedError,
  UnknownPropertyError, UnknownSiteError
} from '../entities/entity-errors.js'
import { EntityTooBigError, UnknownKeyError, UnknownLanguageError, ValueTooLongError } from '../validation/validation-errors.js'
import { jsonPointer, RestApiError, restErrors, type RestResourceType } from './rest-api-error.js'

/**
 * Domain errors (entity editor, validation) in the spec's vocabulary. Domain errors name
 * the field by its place in the *entity* (`labels/en`, `sitelinks/enwiki`); where that sits
 * in a request depends on the route, which says so in its route config:
 *
 *     app.post(url, { config: { restBodyPath: '/item' } }, …)            // POST /entities/items: `labels/en` → `/item/labels/en`
 *     app.put(url, { config: { restBodyPath: sectionEntry('labels', 'language_code', '/label') } }, …)
 *                                 // PUT …/labels/{language_code}: `labels/en` → `/label`; a bad `en` → path parameter language_code
 *
 * `restBodyPath` is a prefix (JSON Pointer of where the entity sits in the body; '' for a body
 * that is the entity, the default) or a `RestBodyPathMapper` for anything else. Errors a route
 * throws as `RestApiError` (rest-api-error.ts) pass unchanged: a route that knows better
 * (statements in the REST shape) throws those instead.
 */

/** Where a domain path is in the request: a place in the body, or a path parameter. */
export type RestPlace = { pointer: string } | { parameter: string }
/**
 * Maps a domain path (segments, e.g. `['labels', 'en']`) to its place in the request. `about`
 * says whether the value at that path is refused (`value`: the place of the value) or its key
 * (`key`: the place of the parent that holds the key, or the path parameter it came from).
 */
export type RestBodyPathMapper = (domainPath: string[], about: 'value' | 'key') => RestPlace
export type RestBodyPath = string | RestBodyPathMapper

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Where the route's request holds the entity that domain errors name paths in (rest-domain-errors.ts). */
    restBodyPath?: RestBodyPath
  }
}

/** A body that holds the entity at `prefix` (a JSON Pointer, '' for the body itself). */
export function entityAt (prefix: string): RestBodyPathMapper {
  return (path, about) => ({ pointer: `${prefix}${jsonPointer(...(about === 'key' ? path.slice(0, -1) : path))}` })
}

/**
 * A route on one entry of a map-shaped section (`…/labels/{language_code}`): the entry's key
 * is the path parameter `parameter`, its value the body field at `field` (`/label`); other
 * domain paths fall back to the entity's own paths.
 */
export function sectionEntry (section: string, parameter: string, field: string): RestBodyPathMapper {
  return (path, about) => {
    if (path[0] !== section || path.length < 2) return entityAt('')(path, about)
    if (about === 'key' && path.length === 2) return { parameter }
    return { pointer: `${field}${jsonPointer(...path.slice(2, about === 'key' ? -1 : undefined))}` }
  }
}

/** 412: a conditional request header does not hold (answered without a body, rest-errors.ts). */
export function preconditionFailed (): RestApiError {
  return new RestApiError(412, 'precondition-failed', 'The condition defined by a conditional request header is not fulfilled')
}

function mapperOf (bodyPath: RestBodyPath | undefined): RestBodyPathMapper {
  if (typeof bodyPath === 'function') return bodyPath
  return entityAt(bodyPath ?? '')
}

/**
 * A domain path in the REST shape: canonical terms are `{language, value}` objects, REST
 * terms plain strings, so `labels/en/value` is `labels/en` and `aliases/en/0/value` is
 * `aliases/en/0`. (Statement paths are the statement routes' to translate.)
 */
function segmentsOf (path: string): string[] {
  const segments = path === '' ? [] : path.split('/')
  const term = segments[0] === 'labels' || segments[0] === 'descriptions' ? 3 : segments[0] === 'aliases' ? 4 : 0
  return term > 0 && segments.length === term && segments[term - 1] === 'value' ? segments.slice(0, -1) : segments
}

/** The resource types `resource-not-found` knows, from the parts the domain names. */
const RESOURCE_TYPES: Record<string, RestResourceType> = {
  item: 'item', property: 'property', statement: 'statement', label: 'label', description: 'description', aliases: 'aliases', sitelink: 'sitelink'
}

function entityResourceType (entityId: string): RestResourceType {
  return entityId.startsWith('P') ? 'property' : 'item'
}

/** The key a key-level refusal is about, when the domain path ends in it; else null (a refusal of a value). */
function refusedKey (error: InvalidEntityValueError): string | null {
  const last = segmentsOf(error.path).at(-1)
  if (error instanceof UnknownKeyError) return error.key
  if (error instanceof UnknownLanguageError) return last === error.language ? last : null
  if (error instanceof UnknownSiteError) return last === error.siteId ? last : null
  return null
}

/** The spec's error for a domain error (paths placed by the route's `restBodyPath`), or null when it is not one. */
export function restDomainErrorOf (error: unknown, bodyPath?: RestBodyPath): RestApiError | null {
  if (error instanceof RestApiError) return error
  if (error instanceof EntityRedirectError) return restErrors.redirectedItem(error.entityId, error.target)
  if (error instanceof EntityPartNotFoundError) return restErrors.resourceNotFound(RESOURCE_TYPES[error.part] ?? entityResourceType(error.entityId))
  if (error instanceof EntityNotFoundError) return restErrors.resourceNotFound(entityResourceType(error.entityId))
  if (error instanceof EditConflictError) return preconditionFailed()
  if (error instanceof EntityTooBigError) return restErrors.resourceTooLarge(error.limitKiB)
  if (error instanceof PermissionDeniedError) return restErrors.permissionDenied(error.context.denial_reason as string, { right: error.right })
  if (!(error instanceof InvalidEntityValueError)) return null
  const map = mapperOf(bodyPath)
  const segments = segmentsOf(error.path)
  const key = refusedKey(error)
  if (key !== null) {
    const place = map(segments, 'key')
    return 'parameter' in place ? restErrors.invalidPathParameter(place.parameter) : restErrors.invalidKey(place.pointer, key)
  }
  const place = map(segments, 'value')
  if ('parameter' in place) return restErrors.invalidPathParameter(place.parameter)
  if (error instanceof ValueTooLongError) return restErrors.valueTooLong(place.pointer, error.limit)
  if (error instanceof UnknownPropertyError) return restErrors.referencedResourceNotFound(place.pointer)
  return restErrors.invalidValue(place.pointer)
}
