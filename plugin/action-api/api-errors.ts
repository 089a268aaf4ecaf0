import type { FastifyError } from 'fastify'
import { WikibaseError, bodyTooLargeMessage } from '../errors.js'
import { InvalidEntityIdError } from '../../hooks/ids.js'
import { RequestInputError } from '../http/request-input-guard.js'
import { EntityChangeUpdateError } from '../changes/entity-change.js'
import {
  EditConflictError, EntityEditError, EntityNotFoundError, EntityPartNotFoundError, EntityRedirectError,
  InvalidEditTagsError, InvalidEntityValueError, NoExternalPageError, PageProtectedError, PermissionDeniedError, SitelinkConflictError,
  UnknownPropertyError, UnknownSiteError
} from '../repo/entities/entity-errors.js'
import { EntityTooBigError, InvalidDataValueError, UnknownLanguageError } from '../repo/validation/validation-errors.js'

/**
 * Errors of the MediaWiki action API (`/w/api.php`) and the one place that turns any error
 * into an action API error body. As MediaWiki does, errors are answered with HTTP 200 and
 * `{"error": {"code", "info", …}}`; Wikibase modules add `messages` (name + parameters),
 * which wikibase-edit reads to decide whether a `failed-save` is worth a retry.
 */
export interface ApiMessage { name: string, parameters: unknown[] }

export class ApiError extends WikibaseError {
  override readonly statusCode = 200
  override readonly code: string
  constructor (code: string, info: string, readonly extra: Record<string, unknown> = {}, readonly messages: ApiMessage[] = []) {
    super(info)
    this.name = 'ApiError'
    this.code = code
  }
}

export interface ApiErrorBody {
  code: string
  info: string
  messages?: Array<ApiMessage & { html: { '*': string } }>
  [extra: string]: unknown
}

export interface ApiErrorReply {
  /** 200 except for unexpected server errors. */
  statusCode: number
  body: { error: ApiErrorBody, servedby?: string }
  /** An unexpected error, to be logged. */
  unexpected: boolean
}

const paramName = (s: string): string => `"${s}"`

/** A Wikibase module's error whose message is `wikibase-api-<code>`. */
export const wikibaseApiError = (code: string, info: string, parameters: unknown[] = []): ApiError =>
  new ApiError(code, info, {}, [{ name: `wikibase-api-${code}`, parameters }])

/** A parameter the module requires (MediaWiki's `missingparam`). */
export const missingParam = (name: string): ApiError => new ApiError('missingparam', `The ${paramName(name)} parameter must be set.`)
/** A Wikibase-level requirement such as "id or site and title" (Wikibase's `param-missing`). */
export const paramMissing = (info: string): ApiError => new ApiError('param-missing', info, {}, [{ name: 'wikibase-api-param-missing', parameters: [] }])
export const paramIllegal = (info: string): ApiError => new ApiError('param-illegal', info, {}, [{ name: 'wikibase-api-param-illegal', parameters: [] }])
export const paramInvalid = (info: string): ApiError => new ApiError('param-invalid', info, {}, [{ name: 'wikibase-api-param-invalid', parameters: [] }])
export const noSuchEntity = (id: string): ApiError =>
  new ApiError('no-such-entity', `Could not find an entity with the ID "${id}".`, { id }, [{ name: 'wikibase-api-no-such-entity', parameters: [id] }])
export const invalidGuid = (guid: string, why = 'Invalid claim guid'): ApiError =>
  new ApiError('invalid-guid', `${why}: ${guid}`, {}, [{ name: 'wikibase-api-invalid-guid', parameters: [guid] }])
export const noSuchClaim = (guid: string): ApiError =>
  new ApiError('no-such-claim', `Could not find the statement ${guid}.`, {}, [{ name: 'wikibase-api-no-such-claim', parameters: [guid] }])

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' }

/** Text as HTML, as MediaWiki escapes message parameters in `html` output (htmlspecialchars with ENT_QUOTES). */
export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, c => HTML_ESCAPES[c]!)
}

function withMessages (code: string, info: string, extra: Record<string, unknown>, messages: ApiMessage[]): ApiErrorBody {
  const body: ApiErrorBody = { code, info, ...extra }
  // `info` echoes request input (ids, titles, values): plain text in `info`, escaped in `html`.
  if (messages.length > 0) body.messages = messages.map(m => ({ ...m, html: { '*': escapeHtml(info) } }))
  return body
}

/** The Wikibase validator message for an invalid value: the rule's code, else the field it names. */
function validatorMessage (error: InvalidEntityValueError): ApiMessage {
  const name = error.validatorCode ?? `invalid-${error.path.split('/')[0] ?? 'value'}`
  return { name: `wikibase-validator-${name}`, parameters: [error.path, error.reason] }
}

/** Editor and store errors as the action API reports them (Wikibase's ApiErrorReporter codes). */
function editErrorBody (error: EntityEditError): ApiErrorBody {
  if (error instanceof EntityNotFoundError) {
    return withMessages('no-such-entity', `Could not find an entity with the ID "${error.entityId}".`, { id: error.entityId },
      [{ name: 'wikibase-api-no-such-entity', parameters: [error.entityId] }])
  }
  if (error instanceof EntityRedirectError) {
    return withMessages('unresolved-redirect', `${error.entityId} is a redirect to ${error.target}; edit the target.`,
      { id: error.entityId, target: error.target }, [{ name: 'wikibase-api-unresolved-redirect', parameters: [] }])
  }
  if (error instanceof EditConflictError) {
    return withMessages('editconflict', `Edit conflict: the edit is based on revision ${error.baseRevisionId}, the latest is ${error.latestRevisionId}.`, {},
      [{ name: 'edit-conflict', parameters: [] }])
  }
  // MediaWiki: PermissionManager::checkPageRestrictions says `protectedpagetext` (right, action), code `protectedpage`.
  if (error instanceof PageProtectedError) {
    return withMessages('protectedpage', 'This page has been protected to prevent editing or other actions.', {},
      [{ name: 'protectedpagetext', parameters: [error.right, error.action] }])
  }
  // MediaWiki's ChangeTags::canAddTagsAccompanyingChange: its message keys are the codes.
  if (error instanceof InvalidEditTagsError) {
    const one = error.tags.length === 1
    return withMessages(one ? 'tags-apply-not-allowed-one' : 'tags-apply-not-allowed-multi',
      one
        ? `The tag "${error.tags[0]}" is not allowed to be manually applied.`
        : `The following tags are not allowed to be manually applied: ${error.tags.join(', ')}`,
      {}, [{ name: one ? 'tags-apply-not-allowed-one' : 'tags-apply-not-allowed-multi', parameters: [error.tags.join(', '), error.tags.length] }])
  }
  if (error instanceof PermissionDeniedError && error.right === 'applychangetags') {
    return withMessages('tags-apply-no-permission', 'You are not allowed to apply change tags along with your changes.', {},
      [{ name: 'tags-apply-no-permission', parameters: [] }])
  }
  if (error instanceof PermissionDeniedError) {
    return withMessages('permissiondenied', error.message, { right: error.right }, [{ name: 'apierror-permissiondenied', parameters: [error.right] }])
  }
  if (error instanceof SitelinkConflictError) {
    const name = `wikibase-validator-sitelink-conflict${error.redirectsSupported ? '-redirects-supported' : ''}`
    return withMessages('failed-save', `Page "${error.title}" on ${error.siteId} is already linked to item ${error.conflictingItemId}.`, {},
      [{ name, parameters: [`${error.siteId}:${error.title}`, error.conflictingItemId] }])
  }
  if (error instanceof UnknownSiteError) {
    return withMessages('not-recognized-siteid', `The site "${error.siteId}" is not known to this repo (${error.path}).`, {},
      [{ name: 'wikibase-api-not-recognized-siteid', parameters: [error.siteId] }])
  }
  // Wikibase's ChangeOpSiteLink / ModifySiteLink: the client did not provide the page.
  if (error instanceof NoExternalPageError) {
    return withMessages('no-external-page', `The external client site "${error.siteId}" did not provide page information for page "${error.title}".`, {},
      [{ name: 'wikibase-api-no-external-page', parameters: [error.siteId, error.title] }])
  }
  if (error instanceof UnknownPropertyError) {
    return withMessages('modification-failed', `Property ${error.propertyId} not found (${error.path}).`, {},
      [{ name: 'wikibase-validator-no-such-property', parameters: [error.propertyId] }])
  }
  if (error instanceof EntityPartNotFoundError) {
    return withMessages('modification-failed', error.message, {}, [{ name: `wikibase-api-no-such-${error.part}`, parameters: [error.key] }])
  }
  // Wikibase: an unknown language is `not-recognized-language` (wbeditentity's change op
  // deserializers); a value DataValues cannot build is `invalid-snak` (ClaimModificationHelper);
  // a too-big entity fails the save (EditEntity: wikibase-error-entity-too-big, size in bytes).
  if (error instanceof UnknownLanguageError) {
    return withMessages('not-recognized-language', `Unknown language: ${error.language} (${error.path}).`, {},
      [{ name: 'wikibase-api-not-recognized-language', parameters: [error.language] }])
  }
  if (error instanceof InvalidDataValueError) {
    return withMessages('invalid-snak', error.message, {}, [{ name: 'wikibase-api-invalid-snak', parameters: [error.path, error.reason] }])
  }
  if (error instanceof EntityTooBigError) {
    return withMessages('failed-save', `The entity would be ${error.size} bytes; the limit is ${error.limitKiB} KiB.`, {},
      [{ name: 'wikibase-error-entity-too-big', parameters: [{ size: error.limitKiB * 1024 }] }])
  }
  if (error instanceof InvalidEntityValueError) return withMessages('modification-failed', error.message, {}, [validatorMessage(error)])
  return withMessages('modification-failed', error.message, {}, [{ name: 'wikibase-api-modification-failed', parameters: [] }])
}

/** Any error as an action API reply: client mistakes are HTTP 200 with an error code, never 5xx. */
export function apiErrorOf (error: unknown, bodyLimit?: number): ApiErrorReply {
  const reply = (body: ApiErrorBody, statusCode = 200, unexpected = false): ApiErrorReply => ({ statusCode, body: { error: body }, unexpected })
  if (error instanceof ApiError) return reply(withMessages(error.code, error.message, error.extra, error.messages))
  // Refused at the request layer, before any module ran: a plain HTTP 400, as for other
  // requests the API cannot read at all.
  if (error instanceof RequestInputError) return reply({ code: error.code, info: error.message, field: error.field }, 400)
  if (error instanceof EntityEditError) return reply(editErrorBody(error))
  if (error instanceof InvalidEntityIdError) {
    return reply(withMessages('invalid-entity-id', `Invalid entity ID: ${JSON.stringify(error.value)}.`, {},
      [{ name: 'wikibase-api-invalid-entity-id', parameters: [] }]))
  }
  if (error instanceof EntityChangeUpdateError) return reply(withMessages('modification-failed', error.message, {}, []))
  if (error instanceof WikibaseError && error.statusCode < 500) return reply({ code: error.code, info: error.message })
  const fastifyError = error as Partial<FastifyError>
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    if (fastifyError.statusCode === 413) return reply({ code: 'toobig', info: bodyTooLargeMessage(bodyLimit) })
    const code = fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'badcontenttype' : 'badrequest'
    return reply({ code, info: fastifyError.message ?? 'Bad request.' })
  }
  const name = (error as { name?: unknown })?.name
  return reply({ code: `internal_api_error_${typeof name === 'string' && /^\w+$/.test(name) ? name : 'Error'}`,
    info: 'An internal error occurred; it has been logged.' }, 500, true)
}
