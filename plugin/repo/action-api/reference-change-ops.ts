import type { Reference, Snak, SnakMap, Statement, WikibaseEntity } from '../../changes/wikibase-entity.js'
import { isPropertyId } from '../validation/entity-id-rules.js'
import { isObject } from '../validation/json-shape.js'
import { ApiError, wikibaseApiError } from '../../action-api/api-errors.js'
import { referenceHash, snakMapContent } from './snak-hash.js'
import { orderSnaksByProperty } from './snak-list-order.js'
import { withStatement } from './statement-change-ops.js'

/** The change ops of a statement's references (ChangeOpReference, ChangeOpRemoveReference), pure like every change op here. */

/** A reference from client JSON (`snaks` map and optional `snaks-order`). */
export function buildReference (snaks: unknown, order: unknown): Reference {
  const badSnak = (what: string): ApiError => wikibaseApiError('invalid-snak', `${what} must be a list of snak objects.`)
  if (Array.isArray(snaks)) {
    if (snaks.some(s => !isObject(s) || !isPropertyId(s.property))) throw badSnak('The reference snaks')
  } else if (isObject(snaks)) {
    for (const [property, list] of Object.entries(snaks)) {
      if (!isPropertyId(property) || !Array.isArray(list) || list.some(s => !isObject(s))) throw badSnak(`The snaks of ${property}`)
    }
  } else {
    throw wikibaseApiError('invalid-json', 'The reference snaks must be a list of snaks or an object of snak lists by property.')
  }
  // Each snak under its own property, ordered by `snaks-order` (Wikibase's ReferenceDeserializer; snak-list-order.ts).
  const ordered = orderSnaksByProperty(snaks as SnakMap | Snak[], order)
  const content = snakMapContent(ordered.snaks)
  if (Object.keys(content).length === 0) throw badSnak('A reference needs snaks; they')
  return { snaks: content, 'snaks-order': ordered.order }
}

/** Sets a reference: replaces the one with `replaceHash`, or adds it (at `index` if given). */
export function setReference (entity: WikibaseEntity, guid: string, reference: Reference, replaceHash?: string, index?: number): WikibaseEntity {
  return withStatement(entity, guid, statement => {
    const references = [...(statement.references ?? [])]
    const newHash = referenceHash(reference)
    if (replaceHash !== undefined) {
      const at = references.findIndex(r => referenceHash(r) === replaceHash)
      if (at === -1) throw wikibaseApiError('no-such-reference', `The statement has no reference with hash ${replaceHash}.`)
      references.splice(at, 1)
      references.splice(index ?? at, 0, reference)
    } else if (!references.some(r => referenceHash(r) === newHash)) {
      references.splice(index ?? references.length, 0, reference)
    }
    return { ...statement, references }
  })
}

export function removeReferences (entity: WikibaseEntity, guid: string, hashes: string[]): WikibaseEntity {
  return withStatement(entity, guid, statement => {
    const references = statement.references ?? []
    for (const hash of hashes) {
      if (!references.some(r => referenceHash(r) === hash)) throw wikibaseApiError('no-such-reference', `The statement has no reference with hash ${hash}.`)
    }
    const rest = references.filter(r => !hashes.includes(referenceHash(r)))
    const { references: _r, ...others } = statement
    return rest.length === 0 ? others as Statement : { ...others, references: rest }
  })
}
