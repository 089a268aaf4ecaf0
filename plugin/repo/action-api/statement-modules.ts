import { parseEntityId, type EntityId } from '../../../hooks/ids.js'
import type { EditResult } from '../entities/entity-editor.js'
import { propertyDatatypes } from '../entities/entity-store.js'
import { ApiError, invalidGuid, wikibaseApiError } from '../../action-api/api-errors.js'
import type { ApiCall, ApiModule } from '../../action-api/api-module.js'
import { referenceOutput, statementOutput } from './entity-output.js'
import { referenceHash } from './snak-hash.js'
import { entityIdOfGuid } from './statement-guid.js'
import { buildSnak, findStatement, normalizeStatement, removeStatements, setStatement } from './statement-change-ops.js'
import { removeQualifiers, setQualifier } from './qualifier-change-ops.js'
import { buildReference, removeReferences, setReference } from './reference-change-ops.js'
import { comment, edit, outputContext, pageInfoAnswer } from './entity-module-call.js'

/**
 * The statement modules: `wbcreateclaim`, `wbsetclaim`, `wbremoveclaims`, `wbsetreference`,
 * `wbremovereferences`, `wbsetqualifier` and `wbremovequalifiers`.
 */

/** The datatype of a property, or a no-such-property modification failure. */
async function datatypeOf (call: ApiCall, property: string): Promise<string | undefined> {
  if (!/^P[1-9]\d*$/.test(property)) throw wikibaseApiError('invalid-entity-id', `Invalid property ID: ${JSON.stringify(property)}.`)
  const db = call.deps.db
  return (await propertyDatatypes(db.pool, db, [property])).get(property)
}

/** The `snaktype` parameter, which the snak modules require. */
function snaktypeOf (call: ApiCall): 'value' | 'novalue' | 'somevalue' {
  const snaktype = call.params.oneOf('snaktype', ['value', 'novalue', 'somevalue'] as const)
  if (snaktype === undefined) throw new ApiError('missingparam', 'The "snaktype" parameter must be set.')
  return snaktype
}

function snakValue (call: ApiCall, snaktype: string): unknown {
  return snaktype === 'value' ? call.params.json('value', 'invalid-snak') : undefined
}

async function statementAnswer (call: ApiCall, result: EditResult, guid: string): Promise<Record<string, unknown>> {
  const statement = findStatement(result.revision.entity, guid)
  const ctx = await outputContext(call, [{ type: 'item', claims: { x: [statement] } }], false)
  return pageInfoAnswer(result, { claim: statementOutput(statement, ctx) })
}

export const createClaimModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const id = parseEntityId(params.required('entity').trim().toUpperCase())
    const property = params.required('property').trim().toUpperCase()
    const snaktype = snaktypeOf(call)
    const snak = buildSnak(property, snaktype, snakValue(call, snaktype), await datatypeOf(call, property))
    const statement = normalizeStatement({ mainsnak: snak, type: 'statement', rank: 'normal' }, id)
    const result = await edit(call, id, entity => setStatement(entity, statement), comment(call, 'wbcreateclaim-create:1', property))
    return await statementAnswer(call, result, statement.id!)
  }
}

export const setClaimModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const raw = call.params.json('claim', 'invalid-claim') as { id?: unknown }
    if (typeof raw !== 'object' || raw === null || typeof raw.id !== 'string') {
      throw invalidGuid(String((raw as { id?: unknown } | null)?.id ?? ''), 'The statement has no valid GUID')
    }
    const id = parseEntityId(entityIdOfGuid(raw.id))
    const statement = normalizeStatement(raw, id, { requireId: true })
    const index = call.params.integer('index')
    const result = await edit(call, id, entity => setStatement(entity, statement, index), comment(call, 'wbsetclaim-update:1', statement.mainsnak.property))
    return await statementAnswer(call, result, statement.id!)
  }
}

/** The entity all `guids` belong to; they must share one. */
function entityOfGuids (guids: string[]): EntityId {
  const ids = new Set(guids.map(entityIdOfGuid))
  if (ids.size !== 1) throw invalidGuid(guids.join('|'), 'All statements must belong to the same entity')
  return parseEntityId([...ids][0])
}

export const removeClaimsModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const guids = call.params.list('claim')
    if (guids.length === 0) throw new ApiError('missingparam', 'The "claim" parameter must be set.')
    const id = entityOfGuids(guids)
    const result = await edit(call, id, entity => removeStatements(entity, guids), comment(call, `wbremoveclaims-remove:${guids.length}`))
    return pageInfoAnswer(result, { claims: guids })
  }
}

export const setReferenceModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const guid = params.required('statement')
    const id = parseEntityId(entityIdOfGuid(guid))
    const reference = buildReference(params.json('snaks', 'invalid-json'), params.has('snaks-order') ? params.json('snaks-order') : undefined)
    const replace = params.string('reference')
    const result = await edit(call, id, entity => setReference(entity, guid, reference, replace, params.integer('index')),
      comment(call, `wbsetreference-${replace === undefined ? 'add' : 'set'}:1`))
    const statement = findStatement(result.revision.entity, guid)
    const hash = referenceHash(reference)
    const saved = (statement.references ?? []).find(r => referenceHash(r) === hash) ?? reference
    const ctx = await outputContext(call, [{ type: 'item', claims: { x: [statement] } }], false)
    return pageInfoAnswer(result, { reference: referenceOutput(saved, ctx) })
  }
}

export const removeReferencesModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const guid = call.params.required('statement')
    const hashes = call.params.list('references')
    if (hashes.length === 0) throw new ApiError('missingparam', 'The "references" parameter must be set.')
    const result = await edit(call, parseEntityId(entityIdOfGuid(guid)), entity => removeReferences(entity, guid, hashes),
      comment(call, `wbremovereferences-remove:${hashes.length}`))
    return pageInfoAnswer(result, {})
  }
}

export const setQualifierModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const guid = params.required('claim')
    const id = parseEntityId(entityIdOfGuid(guid))
    const property = params.required('property').trim().toUpperCase()
    const snaktype = snaktypeOf(call)
    const snak = buildSnak(property, snaktype, snakValue(call, snaktype), await datatypeOf(call, property))
    const replace = params.string('snakhash')
    const result = await edit(call, id, entity => setQualifier(entity, guid, snak, replace),
      comment(call, `wbsetqualifier-${replace === undefined ? 'add' : 'update'}:1`, property))
    return await statementAnswer(call, result, guid)
  }
}

export const removeQualifiersModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const guid = call.params.required('claim')
    const hashes = call.params.list('qualifiers')
    if (hashes.length === 0) throw new ApiError('missingparam', 'The "qualifiers" parameter must be set.')
    const result = await edit(call, parseEntityId(entityIdOfGuid(guid)), entity => removeQualifiers(entity, guid, hashes),
      comment(call, `wbremovequalifiers-remove:${hashes.length}`))
    return await statementAnswer(call, result, guid)
  }
}
