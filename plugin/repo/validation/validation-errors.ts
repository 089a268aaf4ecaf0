import { EntityEditError, InvalidEntityValueError } from '../entities/entity-errors.js'

/**
 * Typed refusals of entity validation, beside the generic InvalidEntityValueError. REST
 * answers them through rest-errors.ts (400, `context.path` names the field), the action API
 * through action-api/api-errors.ts (Wikibase's error codes and message names).
 */

/** A string longer than its limit (Wikibase's StringLengthValidator, message `wikibase-validator-too-long`). */
export class ValueTooLongError extends InvalidEntityValueError {
  constructor (path: string, readonly length: number, readonly limit: number, unit = 'characters') {
    super(path, `is ${length} ${unit} long; the limit is ${limit}`, 'too-long')
    this.name = 'ValueTooLongError'
    this.context.limit = limit
  }
}

/** A term or monolingual text language this repo does not know (Wikibase: `not-recognized-language`). */
export class UnknownLanguageError extends InvalidEntityValueError {
  constructor (path: string, readonly language: string) {
    super(path, `unknown language code ${JSON.stringify(language)}`, 'not-a-language')
    this.name = 'UnknownLanguageError'
    this.context.language = language
  }
}

/**
 * A data value that cannot exist: what DataValues' constructors refuse (malformed time or
 * amount, coordinates out of range, malformed entity id). The action API's `invalid-snak`.
 */
export class InvalidDataValueError extends InvalidEntityValueError {
  constructor (path: string, reason: string) {
    super(path, reason, 'malformed-value')
    this.name = 'InvalidDataValueError'
  }
}

/** A key the entity format does not have at that place: refused, so it is never stored. */
export class UnknownKeyError extends InvalidEntityValueError {
  constructor (path: string, readonly key: string) {
    super(path === '' ? key : `${path}/${key}`, 'is not a field of this part of an entity', 'unknown-key')
    this.name = 'UnknownKeyError'
  }
}

/**
 * The serialized entity is larger than `maxSerializedEntitySize` (Wikibase's
 * EntityContentTooBigException: REST `resource-too-large` with the limit in KiB, action API
 * `failed-save` with the message `wikibase-error-entity-too-big`).
 */
export class EntityTooBigError extends EntityEditError {
  override readonly statusCode = 400
  override readonly code = 'resource-too-large'
  override readonly context: Record<string, unknown>
  constructor (readonly size: number, readonly limitKiB: number) {
    super(`the entity would be ${size} bytes serialized, more than the limit of ${limitKiB} KiB (maxSerializedEntitySize)`)
    this.name = 'EntityTooBigError'
    this.context = { limit: limitKiB, size }
  }
}

/**
 * A label and a description in the same language with the same text (Wikibase's
 * LabelDescriptionNotEqualValidator, error code `label-equals-description`: the action API's
 * message `wikibase-validator-label-equals-description`). REST: 422 `data-policy-violation`
 * with violation `label-description-same-value` (repo/rest-api/src/Application/UseCases/UseCaseError.php).
 */
export class LabelEqualsDescriptionError extends InvalidEntityValueError {
  override readonly statusCode = 422
  override readonly code = 'data-policy-violation'
  override readonly context: Record<string, unknown>
  constructor (path: string, readonly language: string) {
    super(path, `the label and the description in ${JSON.stringify(language)} must not be the same text`, 'label-equals-description')
    this.name = 'LabelEqualsDescriptionError'
    this.context = { violation: 'label-description-same-value', violation_context: { language } }
  }
}
