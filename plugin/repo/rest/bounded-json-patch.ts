import jsonpatch from 'fast-json-patch'
import { EntityEditError } from '../entities/entity-errors.js'
import { RestApiError, restErrors } from './rest-api-error.js'

/**
 * JSON Patch (RFC 6902) applied with bounded work. fast-json-patch as used before cloned the
 * whole document for every `copy`/`move` it validated and let `copy` double a subtree per
 * operation, so 20 ops of 1 KB grew `/labels` to gigabytes. Here, per operation:
 * - the operation count is capped (`maxPatchOperations`) before anything is applied;
 * - how much the document can grow is known before the operation runs: an `add`/`replace`
 *   adds at most its value (already bounded by the request body), a `copy` the size of the
 *   copied subtree (measured once, and never more than the document's own bounded size);
 *   when the running size would pass `maxDocumentBytes` the patch stops with
 *   `resource-too-large`, as Wikibase's REST API answers an edit over its size limit;
 * - `move` is a remove then an add of the same value (no clone of anything), and the `from`
 *   of `copy`/`move` is resolved by walking the pointer, not by re-running a cloned patch.
 * So one request costs O(document + body + maxDocumentBytes) however its ops are chosen.
 */

/**
 * Wikibase's maxSerializedEntitySize default: 2048 KB (repo/config/Wikibase.default.php,
 * 'maxSerializedEntitySize'). No patched document, at any step, may be larger.
 */
export const MAX_PATCHED_DOCUMENT_BYTES = 2048 * 1024

export interface PatchLimits {
  maxOperations: number
  maxDocumentBytes: number
}

/** More operations than `maxPatchOperations` (Wikibase's `value-too-long` at `/patch`). */
export class PatchTooLongError extends EntityEditError {
  override readonly statusCode = 400
  override readonly code = 'value-too-long'
  override readonly context: Record<string, unknown>
  constructor (readonly operations: number, readonly limit: number) {
    // The spec's message; the operation count and the option are in the properties.
    super('The input value is too long')
    this.name = 'PatchTooLongError'
    this.context = { path: '/patch', limit }
  }
}

/** The document would outgrow the size limit while (or after) applying the patch. */
export class PatchedResourceTooLargeError extends EntityEditError {
  override readonly statusCode = 400
  override readonly code = 'resource-too-large'
  override readonly context: Record<string, unknown>
  constructor (readonly operationIndex: number, readonly limitBytes: number) {
    super(`Edit resulted in a resource that exceeds the size limit of ${limitBytes / 1024} kB`)
    this.name = 'PatchedResourceTooLargeError'
    // Wikibase's REST API gives the limit in kilobytes.
    this.context = { limit: limitBytes / 1024 }
  }
}

type Operation = jsonpatch.Operation

const byteSize = (value: unknown): number => value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value))

/** The value at a JSON Pointer, walking own properties and array indexes only. */
export function resolvePointer (document: unknown, pointer: string): { found: boolean, value: unknown } {
  if (pointer === '') return { found: true, value: document }
  if (!pointer.startsWith('/')) return { found: false, value: undefined }
  let current = document
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(key) || Number(key) >= current.length) return { found: false, value: undefined }
      current = current[Number(key)]
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, key)) {
      current = (current as Record<string, unknown>)[key]
    } else {
      return { found: false, value: undefined }
    }
  }
  return { found: true, value: current }
}

/**
 * A failed operation in the REST API's terms (Wikibase's PatchJson and JsonPatchValidator,
 * repo/rest-api/src/Infrastructure/JsonDiffJsonPatcher.php): a malformed operation is
 * `invalid-value` / `missing-field` at the operation (`/patch/N`), a failed `test` is
 * `patch-test-failed` with the operation's pointer and the value found, a missing target is
 * `patch-target-not-found` at the operation's `path` (or `from`).
 */
function patchErrorOf (error: unknown, operation: Operation, index: number, document: unknown): unknown {
  if (error instanceof RestApiError || error instanceof PatchedResourceTooLargeError) return error
  const name = (error as { name?: string }).name
  const at = `/patch/${index}`
  if (name === 'TEST_OPERATION_FAILED') return restErrors.patchTestFailed(at, resolvePointer(document, operation.path).value ?? null)
  if (name === 'OPERATION_FROM_UNRESOLVABLE') return restErrors.patchTargetNotFound(`${at}/from`)
  if (name === 'OPERATION_PATH_UNRESOLVABLE' || name === 'OPERATION_PATH_CANNOT_ADD') return restErrors.patchTargetNotFound(`${at}/path`)
  if (name === 'OPERATION_VALUE_REQUIRED') return restErrors.missingField(at, 'value')
  if (name === 'OPERATION_FROM_REQUIRED') return restErrors.missingField(at, 'from')
  if (name === 'OPERATION_OP_INVALID') return restErrors.invalidValue(`${at}/op`)
  if (name === 'OPERATION_PATH_INVALID') return restErrors.invalidValue(`${at}/path`)
  if (typeof name === 'string' && name.startsWith('OPERATION_')) return restErrors.invalidValue(at)
  // A path through a missing parent makes fast-json-patch read a property of undefined.
  if (error instanceof TypeError) return restErrors.patchTargetNotFound(`${at}/path`)
  return error
}

/** The shape of one operation, checked before the library sees it (it reads `op` and `path` unguarded). */
function checkOperation (operation: unknown, index: number): Operation {
  const at = `/patch/${index}`
  if (operation === null || typeof operation !== 'object' || Array.isArray(operation)) throw restErrors.invalidValue(at)
  const op = operation as Record<string, unknown>
  for (const field of ['op', 'path']) if (!Object.hasOwn(op, field)) throw restErrors.missingField(at, field)
  if (typeof op.op !== 'string' || !OPS.has(op.op)) throw restErrors.invalidValue(`${at}/op`)
  if (typeof op.path !== 'string') throw restErrors.invalidValue(`${at}/path`)
  if ((op.op === 'add' || op.op === 'replace' || op.op === 'test') && !Object.hasOwn(op, 'value')) throw restErrors.missingField(at, 'value')
  if ((op.op === 'move' || op.op === 'copy') && !Object.hasOwn(op, 'from')) throw restErrors.missingField(at, 'from')
  if (op.from !== undefined && typeof op.from !== 'string') throw restErrors.invalidValue(`${at}/from`)
  return operation as Operation
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test'])

/**
 * Applies `patch` to a copy of `document`, operation by operation, within `limits`. Errors
 * are RestApiError (400 bad operation, 409 test failed / no target), PatchTooLongError and
 * PatchedResourceTooLargeError.
 */
export function applyBoundedPatch<T> (document: T, patch: readonly Operation[], limits: PatchLimits): T {
  if (patch.length > limits.maxOperations) throw new PatchTooLongError(patch.length, limits.maxOperations)
  let current: unknown = structuredClone(document)
  let size = byteSize(current)
  for (const [index, raw] of patch.entries()) {
    const operation = checkOperation(raw, index)
    try {
      jsonpatch.validator(operation, index)
      let growth = 0
      if (operation.op === 'add' || operation.op === 'replace') growth = byteSize(operation.value)
      if (operation.op === 'copy' || operation.op === 'move') {
        const from = resolvePointer(current, operation.from)
        if (!from.found) {
          throw new jsonpatch.JsonPatchError(
            'Cannot perform the operation from a path that does not exist', 'OPERATION_FROM_UNRESOLVABLE', index, operation, current)
        }
        if (operation.op === 'copy') growth = byteSize(from.value)
      }
      if (size + growth > limits.maxDocumentBytes) throw new PatchedResourceTooLargeError(index, limits.maxDocumentBytes)
      current = applyOne(current, operation, index)
      size += growth
    } catch (error) {
      throw patchErrorOf(withIndex(error, index), operation, index, current)
    }
  }
  return current as T
}

function withIndex (error: unknown, index: number): unknown {
  if (error !== null && typeof error === 'object' && 'index' in error && (error as { index?: number }).index === 0) (error as { index: number }).index = index
  return error
}

/** One operation, validated against the document without cloning it. */
function applyOne (document: unknown, operation: Operation, index: number): unknown {
  const validate = (op: Operation, i: number, doc: unknown, existingPath: string): void => {
    // copy/move: `from` was resolved above; the library's own check would clone the document.
    if (op.op === 'copy' || op.op === 'move') jsonpatch.validator(op, i)
    else jsonpatch.validator(op, i, doc as object, existingPath)
  }
  if (operation.op === 'move') {
    // RFC 6902 4.4: a value cannot be moved into one of its own children.
    if (operation.path.startsWith(`${operation.from}/`)) {
      throw new jsonpatch.JsonPatchError('Cannot move a value into one of its children', 'OPERATION_PATH_INVALID', index, operation, document)
    }
    const { value } = resolvePointer(document, operation.from)
    // The moved value came from the document, so it needs no check; the library's would walk all of it.
    const shallow = (op: Operation, i: number, doc: unknown, existingPath: string): void => {
      validate({ ...op, value: null } as Operation, i, doc, existingPath)
    }
    const afterRemove = jsonpatch.applyOperation(document, { op: 'remove', path: operation.from }, shallow, true, true, index).newDocument
    return jsonpatch.applyOperation(afterRemove, { op: 'add', path: operation.path, value }, shallow, true, true, index).newDocument
  }
  const result = jsonpatch.applyOperation(document, operation, validate, true, true, index)
  if (result.test === false) throw new jsonpatch.JsonPatchError('Test operation failed', 'TEST_OPERATION_FAILED', index, operation, document)
  return result.newDocument
}
