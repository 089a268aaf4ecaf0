import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { UnknownKeyError } from './validation-errors.js'

/**
 * Shape checks of parsed JSON, shared by the part validators. Every object of an entity has
 * a fixed set of keys: anything else is refused before it is looked into, so no part of a
 * stored entity nests deeper than the format does.
 */
export type JsonObject = Record<string, unknown>

export function isObject (value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The object at `path`; refuses other values and keys outside `allowed`. */
export function objectWithKeys (path: string, value: unknown, allowed: ReadonlySet<string>, what: string): JsonObject {
  if (!isObject(value)) throw new InvalidEntityValueError(path, `must be ${what}`)
  for (const key of Object.keys(value)) if (!allowed.has(key)) throw new UnknownKeyError(path, key)
  return value
}

/** A map field of canonical JSON: an object, or PHP's empty array `[]` (or absent) for an empty map. */
export function mapAt (path: string, value: unknown): JsonObject {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return {}
  if (!isObject(value)) throw new InvalidEntityValueError(path, 'must be an object')
  return value
}

export function listAt (path: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new InvalidEntityValueError(path, 'must be a list')
  return value
}

/** An own property, never one inherited from Object.prototype (`constructor`, `toString` …). */
export function own (object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined
}

export function isNonNegativeInteger (value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}
