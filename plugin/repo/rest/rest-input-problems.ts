import {
  EntityNotFoundError, EntityRedirectError, InvalidEntityValueError, NoExternalPageError, SitelinkConflictError, UnknownPropertyError, UnknownSiteError
} from '../entities/entity-errors.js'
import { LabelEqualsDescriptionError, UnknownLanguageError, ValueTooLongError } from '../validation/validation-errors.js'
import { resolvePointer } from './bounded-json-patch.js'
import { RestApiError, restErrors } from './rest-api-error.js'

/**
 * What is wrong with a value a client sent, in the REST API's two vocabularies: a request
 * body is answered 400 (`invalid-value`, `missing-field` …, pointers into the body), the
 * result of a JSON Patch 422 (`patch-result-invalid-value` …, pointers into the patched
 * resource) — as Wikibase's UseCaseError::newValueTooLong( …, $isPatchRequest ) and its
 * siblings (repo/rest-api/src/Application/UseCases/UseCaseError.php).
 */
export interface InputProblems {
  invalidValue: (path: string, value: unknown) => RestApiError
  missingField: (path: string, field: string) => RestApiError
  invalidKey: (path: string, key: string) => RestApiError
  valueTooLong: (path: string, limit: number) => RestApiError
  readOnly: (path: string) => RestApiError
  referencedNotFound: (path: string, value: unknown) => RestApiError
}

export const REQUEST_PROBLEMS: InputProblems = {
  invalidValue: path => restErrors.invalidValue(path),
  missingField: (path, field) => restErrors.missingField(path, field),
  invalidKey: (path, key) => restErrors.invalidKey(path, key),
  valueTooLong: (path, limit) => restErrors.valueTooLong(path, limit),
  readOnly: path => restErrors.cannotModifyReadOnlyValue(path),
  referencedNotFound: path => restErrors.referencedResourceNotFound(path)
}

export const PATCH_RESULT_PROBLEMS: InputProblems = {
  invalidValue: (path, value) => restErrors.patchResultInvalidValue(path, value),
  missingField: (path, field) => restErrors.patchResultMissingField(path, field),
  invalidKey: (path, key) => restErrors.patchResultInvalidKey(path, key),
  valueTooLong: (path, limit) => restErrors.patchResultValueTooLong(path, limit),
  readOnly: path => restErrors.patchResultModifiedReadOnlyValue(path),
  referencedNotFound: (path, value) => restErrors.patchResultReferencedResourceNotFound(path, value)
}

/**
 * Where a field of the REST entity (`['labels', 'en']`, `['aliases', 'en', '2']`) is in what
 * the client sent, as a JSON Pointer; null when the input does not hold that field.
 */
export type Locate = (segments: string[]) => string | null

/** How the input reached the domain: its vocabulary, where its fields are, the document itself. */
export interface InputSource {
  problems: InputProblems
  locate: Locate
  /** The request body or the patched resource (for `value` in patch-result errors). */
  document: unknown
}

/** A canonical validation path (`labels/en/value`, `datatype`) as REST entity segments. */
export function restSegmentsOf (domainPath: string): string[] {
  const segments = domainPath.split('/').filter(s => s !== '')
  if (segments[0] === 'datatype') return ['data_type']
  if ((segments[0] === 'labels' || segments[0] === 'descriptions') && segments.length > 2) return segments.slice(0, 2)
  if (segments[0] === 'aliases' && segments.length > 3) return segments.slice(0, 3)
  if (segments[0] === 'sitelinks' && segments[2] === 'site') return segments.slice(0, 2)
  return segments
}

/**
 * A refusal of the domain (validation, sitelink store) in the REST API's terms for `source`;
 * errors it cannot place are returned as they are (rest-errors.ts answers them).
 */
export function restInputErrorOf (error: unknown, source: InputSource): unknown {
  if (error instanceof LabelEqualsDescriptionError) return restErrors.dataPolicyViolation('label-description-same-value', { language: error.language })
  if (error instanceof SitelinkConflictError) {
    // Wikibase's POLICY_VIOLATION_SITELINK_CONFLICT carries the item that has the link.
    return restErrors.dataPolicyViolation('sitelink-conflict', { conflicting_item_id: error.conflictingItemId })
  }
  if (!(error instanceof InvalidEntityValueError)) return error
  const segments = restSegmentsOf(error.path)
  if (error instanceof UnknownLanguageError || error instanceof UnknownSiteError) {
    const parent = source.locate(segments.slice(0, -1))
    const key = segments.at(-1)
    if (parent !== null && key !== undefined && segments.length === 2) return source.problems.invalidKey(parent, key)
  }
  const pointer = source.locate(segments)
  if (pointer === null) return error
  const value = resolvePointer(source.document, pointer).value
  if (error instanceof ValueTooLongError) return source.problems.valueTooLong(pointer, error.limit)
  if (error instanceof UnknownPropertyError || error instanceof NoExternalPageError) return source.problems.referencedNotFound(pointer, value)
  return source.problems.invalidValue(pointer, value ?? null)
}

/** Missing and redirected entities as the spec names them for one kind (`resource_type`, 409 on edits). */
export function restEntityErrorOf (error: unknown, type: 'item' | 'property', editing: boolean): unknown {
  if (error instanceof EntityNotFoundError) return restErrors.resourceNotFound(type)
  if (editing && error instanceof EntityRedirectError) return restErrors.redirectedItem(error.entityId, error.target)
  return error
}
