import { createHash } from 'node:crypto'
import { phpJsonEncode } from '../../changes/php-json.js'
import type { Reference, Snak, SnakMap, Statement } from '../../changes/wikibase-entity.js'
import { isPropertyOrder, orderSnaksByProperty } from './snak-list-order.js'

/**
 * Hashes of snaks and references, as the action API shows them and as `wbsetqualifier`
 * (`snakhash`) and `wbsetreference` (`reference`) address them. A hash stored with the data
 * (entities imported from Wikidata) is kept; otherwise it is the sha1 of the content's PHP
 * JSON, so it is stable and changes exactly when the content does.
 */
const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex')

/** The snak's own content: no hash, no output-only datatype. */
export function snakContent (snak: Snak): Snak {
  const { hash: _h, datatype: _d, ...content } = snak
  return content
}

export function snakHash (snak: Snak): string {
  return snak.hash ?? sha1(phpJsonEncode({ snaktype: snak.snaktype, property: snak.property, datavalue: snak.datavalue ?? null }))
}

/**
 * A snak map without hashes and datatypes, each snak under its own property (snak-list-order.ts).
 * Clients may also send a flat list of snaks (wikibase-edit does for references, and Wikibase's
 * deserializer takes it): grouped by property, in order.
 */
export function snakMapContent (snaks: SnakMap | Snak[] | undefined): SnakMap {
  return contentOf(orderSnaksByProperty(snaks).snaks)
}

function contentOf (snaks: SnakMap): SnakMap {
  return Object.fromEntries(Object.entries(snaks).map(([property, list]) => [property, list.map(snakContent)]))
}

export function referenceHash (reference: Reference): string {
  const snaks = snakMapContent(reference.snaks)
  return reference.hash ?? sha1(phpJsonEncode(Object.entries(snaks).map(([property, list]) => [property, list.map(s => snakHash(s))])))
}

/**
 * The statement without hashes and output-only datatypes: what an edit compares and stores.
 * Qualifiers and reference snaks are regrouped by their snaks' properties and ordered by
 * `qualifiers-order` / `snaks-order`, which are rebuilt from them (snak-list-order.ts).
 */
export function statementContent (statement: Statement): Statement {
  const out: Statement = { ...statement, mainsnak: snakContent(statement.mainsnak) }
  if (statement.qualifiers !== undefined) {
    const givenOrder = statement['qualifiers-order']
    const ordered = orderSnaksByProperty(statement.qualifiers, givenOrder)
    out.qualifiers = contentOf(ordered.snaks)
    if (givenOrder !== undefined && isPropertyOrder(givenOrder)) out['qualifiers-order'] = ordered.order
  }
  if (statement.references !== undefined) {
    out.references = statement.references.map(({ hash: _h, ...reference }) => {
      const givenOrder = reference['snaks-order']
      const ordered = orderSnaksByProperty(reference.snaks as SnakMap | Snak[], givenOrder)
      return { ...reference, snaks: contentOf(ordered.snaks), 'snaks-order': isPropertyOrder(givenOrder) ? ordered.order : givenOrder as string[] }
    })
  }
  return out
}

/** Equal content, ignoring hashes, datatypes and key order of the statement object. */
export function sameStatement (a: Statement, b: Statement): boolean {
  const norm = (s: Statement): string => {
    const c = statementContent(s)
    return JSON.stringify([c.id, c.type, c.rank, c.mainsnak, c.qualifiers ?? {}, c['qualifiers-order'] ?? [], c.references ?? []])
  }
  return norm(a) === norm(b)
}
