import { WikibaseError } from '../../errors.js'

/**
 * Errors of the repo's entity store and editor. Each carries what was wrong, its HTTP
 * status and a Wikibase REST API error code; `context` is the REST error's `context`.
 * rest-errors.ts maps them to responses in one place.
 */
export class EntityEditError extends WikibaseError {
  override readonly statusCode: number = 400
  override readonly code: string = 'invalid-value'
  readonly context: Record<string, unknown> = {}
}

export class EntityNotFoundError extends EntityEditError {
  override readonly statusCode = 404
  override readonly code = 'resource-not-found'
  override readonly context: Record<string, unknown>
  constructor (readonly entityId: string, what = 'entity') {
    super(`${what} ${entityId} does not exist`)
    this.name = 'EntityNotFoundError'
    this.context = { resource_type: what, entity_id: entityId }
  }
}

/** A sub-resource (label, statement, sitelink …) that the entity does not have. */
export class EntityPartNotFoundError extends EntityEditError {
  override readonly statusCode = 404
  override readonly code = 'resource-not-found'
  override readonly context: Record<string, unknown>
  constructor (readonly entityId: string, readonly part: string, readonly key: string) {
    super(`${entityId} has no ${part} ${JSON.stringify(key)}`)
    this.name = 'EntityPartNotFoundError'
    this.context = { resource_type: part, entity_id: entityId, key }
  }
}

/** The entity is a redirect; the route answers 308 to the target. */
export class EntityRedirectError extends EntityEditError {
  override readonly statusCode = 308
  override readonly code = 'entity-redirected'
  override readonly context: Record<string, unknown>
  constructor (readonly entityId: string, readonly target: string) {
    super(`${entityId} redirects to ${target}`)
    this.name = 'EntityRedirectError'
    this.context = { entity_id: entityId, redirect_target: target }
  }
}

/** An edit against a revision that is no longer the latest; nothing was written. */
export class EditConflictError extends EntityEditError {
  override readonly statusCode = 409
  override readonly code = 'edit-conflict'
  override readonly context: Record<string, unknown>
  constructor (readonly entityId: string, readonly baseRevisionId: number, readonly latestRevisionId: number) {
    super(`edit conflict on ${entityId}: the edit is based on revision ${baseRevisionId}, the latest is ${latestRevisionId}`)
    this.name = 'EditConflictError'
    this.context = { entity_id: entityId, base_revision_id: baseRevisionId, latest_revision_id: latestRevisionId }
  }
}

/**
 * A value that breaks a rule; `path` names the field, e.g. `labels/en`, `statements/P31/0/mainsnak`.
 * `validatorCode` is the rule in Wikibase's terms (`too-long`, `bad-url-scheme` …): the action
 * API reports it as the message `wikibase-validator-<code>`.
 */
export class InvalidEntityValueError extends EntityEditError {
  override readonly code: string = 'invalid-value'
  override readonly context: Record<string, unknown>
  constructor (readonly path: string, readonly reason: string, readonly validatorCode?: string) {
    super(`${path}: ${reason}`)
    this.name = 'InvalidEntityValueError'
    this.context = { path }
  }
}

/**
 * A sitelink whose page its site did not confirm: missing, invalid, or the site's api.php
 * did not answer (Wikibase: MediaWikiPageNameNormalizer returns false for all of these and
 * the sitelink change op refuses with `no-external-page`).
 */
export class NoExternalPageError extends InvalidEntityValueError {
  constructor (readonly siteId: string, readonly title: string) {
    super(`sitelinks/${siteId}/title`, `the site ${JSON.stringify(siteId)} did not confirm a page ${JSON.stringify(title)}`)
    this.name = 'NoExternalPageError'
  }
}

/** A sitelink to a site the sites table does not know. */
export class UnknownSiteError extends InvalidEntityValueError {
  override readonly code = 'unknown-site'
  constructor (readonly siteId: string, path = `sitelinks/${siteId}`) {
    super(path, `unknown site ${JSON.stringify(siteId)} (not in the sites table)`)
    this.name = 'UnknownSiteError'
    this.context.site_id = siteId
  }
}

/** A statement naming a property that does not exist. */
export class UnknownPropertyError extends InvalidEntityValueError {
  override readonly code = 'unknown-property'
  constructor (path: string, readonly propertyId: string) {
    super(path, `property ${propertyId} does not exist`)
    this.name = 'UnknownPropertyError'
    this.context.property_id = propertyId
  }
}

/** A (site, page) that another item already links; nothing was written. */
export class SitelinkConflictError extends EntityEditError {
  override readonly statusCode = 422
  override readonly code = 'data-policy-violation'
  override readonly context: Record<string, unknown>
  /** The repo has redirect badges (`redirectBadgeItems`): the action API's message says so. */
  redirectsSupported = false
  constructor (readonly siteId: string, readonly title: string, readonly conflictingItemId: string) {
    super(`the page ${JSON.stringify(title)} on ${siteId} is already linked from item ${conflictingItemId}`)
    this.name = 'SitelinkConflictError'
    this.context = { violation: 'sitelink-conflict', violation_context: { site_id: siteId, title, conflicting_item_id: conflictingItemId } }
  }
}

/**
 * The user lacks a right the write needs (the host said no, or could not say yes): 403, as
 * Wikibase's REST API answers `permission-denied`; `right` names the missing right.
 */
export class PermissionDeniedError extends EntityEditError {
  override readonly statusCode = 403
  override readonly code = 'permission-denied'
  override readonly context: Record<string, unknown>
  constructor (readonly right: string, readonly userName: string, readonly anonymous: boolean) {
    super(anonymous
      ? `anonymous users may not do this here (it needs the right "${right}"); log in`
      : `user ${userName} does not have the right "${right}" here`)
    this.name = 'PermissionDeniedError'
    this.context = { denial_reason: anonymous ? 'anonymous' : 'not-permitted', right }
  }
}

/**
 * An edit of a protected entity page by a user who lacks the right its protection level asks
 * for (MediaWiki: PermissionManager::checkPageRestrictions). Wikibase's REST API answers it
 * 403 `permission-denied` with `denial_reason: resource-protected` (UseCaseError
 * PERMISSION_DENIED_REASON_PAGE_PROTECTED); the action API `protectedpage`.
 */
export class PageProtectedError extends PermissionDeniedError {
  override readonly context: Record<string, unknown>
  constructor (readonly entityId: string, right: string, userName: string, anonymous: boolean, readonly action = 'edit') {
    super(right, userName, anonymous)
    this.name = 'PageProtectedError'
    this.message = 'Access to resource is denied'
    this.context = { denial_reason: 'resource-protected' }
  }
}

/**
 * Change tags an edit asked for that may not be applied: not defined, not user-defined or
 * deactivated (MediaWiki's ChangeTags::canAddTagsAccompanyingChange). The REST API answers
 * 400 `invalid-value` at the first such tag's place in the request (`/tags/<index>`, as
 * Wikibase's repo/rest-api/tests/phpunit/Application/UseCaseRequestValidation/
 * EditMetadataRequestValidatingDeserializerTest.php expects); the action API
 * `tags-apply-not-allowed-one` / `-multi`.
 */
export class InvalidEditTagsError extends EntityEditError {
  override readonly code = 'invalid-value'
  override readonly context: Record<string, unknown>
  constructor (readonly tags: string[], readonly index: number) {
    super(`Invalid value at '/tags/${index}'`)
    this.name = 'InvalidEditTagsError'
    this.context = { path: `/tags/${index}` }
  }
}
