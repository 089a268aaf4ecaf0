import { entityMap, type Snak, type SnakMap, type Statement, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { wikibaseApiError } from '../../action-api/api-errors.js'
import { snakContent, snakHash } from './snak-hash.js'
import { withStatement } from './statement-change-ops.js'

/** The change ops of a statement's qualifiers (ChangeOpQualifier, ChangeOpRemoveQualifier), pure like every change op here. */

/** Sets a qualifier: replaces the one with `snakHash`, or adds it. */
export function setQualifier (entity: WikibaseEntity, guid: string, snak: Snak, replaceHash?: string): WikibaseEntity {
  return withStatement(entity, guid, statement => {
    const qualifiers: SnakMap = { ...entityMap(statement.qualifiers) }
    if (replaceHash !== undefined) {
      const owner = Object.entries(qualifiers).find(([, list]) => list.some(s => snakHash(s) === replaceHash))
      if (owner === undefined) throw wikibaseApiError('no-such-qualifier', `The statement has no qualifier with hash ${replaceHash}.`)
      const [property, list] = owner
      const index = list.findIndex(s => snakHash(s) === replaceHash)
      if (property === snak.property) {
        qualifiers[property] = list.map((s, i) => i === index ? snak : s)
      } else {
        const rest = list.filter((_s, i) => i !== index)
        if (rest.length === 0) delete qualifiers[property]
        else qualifiers[property] = rest
        qualifiers[snak.property] = [...(qualifiers[snak.property] ?? []), snak]
      }
    } else {
      const list = qualifiers[snak.property] ?? []
      if (!list.some(s => JSON.stringify(snakContent(s)) === JSON.stringify(snak))) qualifiers[snak.property] = [...list, snak]
    }
    return withQualifiers(statement, qualifiers)
  })
}

/** Removes qualifiers by hash; every one must exist. */
export function removeQualifiers (entity: WikibaseEntity, guid: string, hashes: string[]): WikibaseEntity {
  return withStatement(entity, guid, statement => {
    const all = Object.values(entityMap(statement.qualifiers)).flat().map(s => snakHash(s))
    for (const hash of hashes) if (!all.includes(hash)) throw wikibaseApiError('no-such-qualifier', `The statement has no qualifier with hash ${hash}.`)
    const qualifiers = Object.fromEntries(Object.entries(entityMap(statement.qualifiers))
      .map(([p, list]) => [p, list.filter(s => !hashes.includes(snakHash(s)))] as const).filter(([, list]) => list.length > 0))
    return withQualifiers(statement, qualifiers)
  })
}

function withQualifiers (statement: Statement, qualifiers: SnakMap): Statement {
  const { qualifiers: _q, 'qualifiers-order': oldOrder, ...rest } = statement
  if (Object.keys(qualifiers).length === 0) return rest as Statement
  const order = [...(oldOrder ?? []).filter(p => p in qualifiers), ...Object.keys(qualifiers).filter(p => !(oldOrder ?? []).includes(p))]
  return { ...rest, qualifiers, 'qualifiers-order': order }
}
