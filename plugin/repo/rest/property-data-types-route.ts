import type { FastifyInstance } from 'fastify'
import { DATAVALUE_TYPE_OF_DATATYPE } from '../validation/datatypes.js'

/**
 * GET …/v1/property-data-types (operationId getPropertyDataTypes): every property data type
 * this repo accepts, mapped to the value type of its values — the `value-type` of each data
 * type definition in Wikibase (lib/WikibaseLib.datatypes.php), from the one table the
 * validation uses (validation/datatypes.ts), so the list and what edits accept cannot differ.
 */
export function registerPropertyDataTypesRoute (app: FastifyInstance, base: string): void {
  const body = Object.fromEntries(DATAVALUE_TYPE_OF_DATATYPE)
  app.get(`${base}/property-data-types`, { schema: { operationId: 'getPropertyDataTypes', tags: ['Property data types'] } }, async () => body)
}
