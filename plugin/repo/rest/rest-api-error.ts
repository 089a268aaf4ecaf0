import { WikibaseError } from '../../errors.js'

/**
 * The error vocabulary of the Wikibase REST API (OpenAPI 1.5, `components/examples`): each
 * code with the status the spec gives it where the routes use it, its message and its
 * `context`. Routes throw these; rest-errors.ts sends them as they are. Paths in `context`
 * are JSON Pointers into the request body (`/item/labels/en`) or, for `patch-result-*`,
 * into the patched resource.
 */
export class RestApiError extends WikibaseError {
  override readonly statusCode: number
  override readonly code: string
  readonly context: Record<string, unknown> | undefined
  constructor (statusCode: number, code: string, message: string, context?: Record<string, unknown>) {
    super(message)
    this.name = 'RestApiError'
    this.statusCode = statusCode
    this.code = code
    this.context = context
  }
}

/** The kinds of resource `resource-not-found` names (`context.resource_type`). */
export type RestResourceType = 'item' | 'property' | 'statement' | 'label' | 'description' | 'aliases' | 'sitelink'

/** A JSON Pointer from path segments (RFC 6901 escaping). */
export function jsonPointer (...segments: Array<string | number>): string {
  return segments.map(s => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')
}

export const restErrors = {
  invalidPathParameter: (parameter: string) =>
    new RestApiError(400, 'invalid-path-parameter', `Invalid path parameter: '${parameter}'`, { parameter }),
  invalidQueryParameter: (parameter: string) =>
    new RestApiError(400, 'invalid-query-parameter', `Invalid query parameter: '${parameter}'`, { parameter }),
  invalidValue: (path: string) => new RestApiError(400, 'invalid-value', `Invalid value at '${path}'`, { path }),
  invalidKey: (path: string, key: string) => new RestApiError(400, 'invalid-key', `Invalid key '${key}' in '${path}'`, { path, key }),
  missingField: (path: string, field: string) => new RestApiError(400, 'missing-field', 'Required field missing', { path, field }),
  valueTooLong: (path: string, limit: number) => new RestApiError(400, 'value-too-long', 'The input value is too long', { path, limit }),
  resourceTooLarge: (limitKiB: number) =>
    new RestApiError(400, 'resource-too-large', `Edit resulted in a resource that exceeds the size limit of ${limitKiB} kB`, { limit: limitKiB }),
  referencedResourceNotFound: (path: string) =>
    new RestApiError(400, 'referenced-resource-not-found', 'The referenced resource does not exist', { path }),
  cannotModifyReadOnlyValue: (path: string) =>
    new RestApiError(400, 'cannot-modify-read-only-value', 'The input value cannot be modified', { path }),
  statementGroupPropertyIdMismatch: (path: string, groupPropertyId: string, statementPropertyId: string) =>
    new RestApiError(400, 'statement-group-property-id-mismatch', "Statement's Property ID does not match the Statement group key",
      { path, statement_group_property_id: groupPropertyId, statement_property_id: statementPropertyId }),
  itemStatementIdMismatch: (itemId: string, statementId: string) =>
    new RestApiError(400, 'item-statement-id-mismatch', 'IDs of the Item and the Statement do not match', { item_id: itemId, statement_id: statementId }),
  propertyStatementIdMismatch: (propertyId: string, statementId: string) =>
    new RestApiError(400, 'property-statement-id-mismatch', 'IDs of the Property and the Statement do not match',
      { property_id: propertyId, statement_id: statementId }),
  permissionDenied: (reason: string, denialContext?: unknown) =>
    new RestApiError(403, 'permission-denied', 'Access to resource is denied',
      denialContext === undefined ? { denial_reason: reason } : { denial_reason: reason, denial_context: denialContext }),
  resourceNotFound: (resourceType: RestResourceType) =>
    new RestApiError(404, 'resource-not-found', 'The requested resource does not exist', { resource_type: resourceType }),
  redirectedItem: (itemId: string, target: string) =>
    new RestApiError(409, 'redirected-item', `Item ${itemId} has been redirected to ${target}`, { redirect_target: target }),
  patchTestFailed: (path: string, actualValue: unknown) =>
    new RestApiError(409, 'patch-test-failed', 'Test operation in the provided patch failed', { path, actual_value: actualValue }),
  patchTargetNotFound: (path: string) => new RestApiError(409, 'patch-target-not-found', 'Target not found on resource', { path }),
  patchResultInvalidValue: (path: string, value: unknown) =>
    new RestApiError(422, 'patch-result-invalid-value', 'Invalid value in patch result', { value, path }),
  patchResultInvalidKey: (path: string, key: string) =>
    new RestApiError(422, 'patch-result-invalid-key', 'Invalid key in patch result', { path, key }),
  patchResultMissingField: (path: string, field: string) =>
    new RestApiError(422, 'patch-result-missing-field', 'Required field missing in patch result', { path, field }),
  patchResultValueTooLong: (path: string, limit: number) =>
    new RestApiError(422, 'patch-result-value-too-long', 'Patched value is too long', { path, limit }),
  patchResultReferencedResourceNotFound: (path: string, value: unknown) =>
    new RestApiError(422, 'patch-result-referenced-resource-not-found', 'The referenced resource does not exist', { path, value }),
  patchResultModifiedReadOnlyValue: (path: string) =>
    new RestApiError(422, 'patch-result-modified-read-only-value', 'Read only value in patch result cannot be modified', { path }),
  patchedStatementGroupPropertyIdMismatch: (path: string, groupPropertyId: string, statementPropertyId: string) =>
    new RestApiError(422, 'patched-statement-group-property-id-mismatch', "Statement's Property ID does not match the Statement group key",
      { path, statement_group_property_id: groupPropertyId, statement_property_id: statementPropertyId }),
  dataPolicyViolation: (violation: string, violationContext: Record<string, unknown>) =>
    new RestApiError(422, 'data-policy-violation', 'Edit violates data policy', { violation, violation_context: violationContext }),
  requestLimitReached: (reason: string) => new RestApiError(429, 'request-limit-reached', 'Exceeded the limit of actions that can be performed', { reason })
} as const
