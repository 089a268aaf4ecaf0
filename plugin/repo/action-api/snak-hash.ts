import { createHash } from 'node:crypto'
import { phpJsonEncode } from '../../changes/php-json.js'
import type { Reference, Snak, SnakMap, Statement } from '../../changes/wikibase-entity.js'

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
 * A snak map without hashes and datatypes. Clients may also send a flat list of snaks
 * (wikibase-edit does for references, and Wikibase's deserializer takes it): grouped by
 * property, in order.
 */
export function snakMapContent (snaks: SnakMap | Snak[] | undefined): SnakMap {
  if (snaks === undefined) return {}
  if (Array.isArray(snaks)) {
    const grouped: SnakMap = {}
    for (const snak of snaks) (grouped[snak.property] ??= []).push(snakContent(snak))
    return grouped
  }
  return Object.fromEntries(Object.entries(snaks).map(([property, list]) => [property, list.map(snakContent)]))
}

export function referenceHash (reference: Reference): string {
  const snaks = snakMapContent(reference.snaks)
  return reference.hash ?? sha1(phpJsonEncode(Object.entries(snaks).map(([property, list]) => [property, list.map(s => snakHash(s))])))
}

/** The statement without hashes and output-only datatypes: what an edit compares and stores. */
export function statementContent (statement: Statement): Statement {
  const out: Statement = { ...statement, mainsnak: snakContent(statement.mainsnak) }
  if (statement.qualifiers !== undefined) out.qualifiers = snakMapContent(statement.qualifiers)
  if (statement.references !== undefined) {
    out.references = statement.references.map(({ hash: _h, ...reference }) => {
      const snaks = snakMapContent(reference.snaks as SnakMap | Snak[])
      return { ...reference, snaks, 'snaks-order': reference['snaks-order'] ?? Object.keys(snaks) }
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
