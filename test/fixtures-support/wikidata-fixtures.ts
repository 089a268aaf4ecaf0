import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { unwrapEntity, type AliasGroupList, type SiteLinkList, type TermList, type WikibaseEntity } from '../../plugin/changes/wikibase-entity.js'

/** The fixtures copied into the project (test/fixtures/SOURCES.md says where each came from). */
export const WIKIDATA_FIXTURES = process.env.WIKIDATA_FIXTURES ?? fileURLToPath(new URL('../fixtures/wikidata/', import.meta.url))

export function readFixtureJson (path: string): unknown {
  return JSON.parse(readFileSync(WIKIDATA_FIXTURES.replace(/\/?$/, '/') + path, 'utf8'))
}

/** A canonical-format entity from a fixture file, either envelope. */
export function loadCanonicalEntity (path: string, entityId: string): WikibaseEntity {
  return unwrapEntity(readFixtureJson(path), entityId)
}

interface LegacyEntity {
  entity: string
  label?: Record<string, string> | []
  description?: Record<string, string> | []
  aliases?: Record<string, string[]> | []
  links?: Record<string, string | { name: string, badges?: string[] }> | []
  claims?: unknown[]
  datatype?: string
}

/**
 * The 2012–2013 internal serialization (`{"label":{lang:text},"links":{site:title},
 * "entity":"q1"}`) in canonical form — only for revisions without claims, since the legacy
 * claim format is not trivial to convert. Returns null for those.
 */
export function loadLegacyEntityWithoutClaims (path: string): WikibaseEntity | null {
  const legacy = readFixtureJson(path) as LegacyEntity
  if ((legacy.claims ?? []).length > 0) return null
  const id = legacy.entity.toUpperCase()
  const type = id.startsWith('P') ? 'property' : 'item'
  const terms = (map: Record<string, string> | [] | undefined): TermList =>
    Object.fromEntries(Object.entries(map ?? {}).map(([language, value]) => [language, { language, value }]))
  const aliases: AliasGroupList = Object.fromEntries(Object.entries(legacy.aliases ?? {})
    .map(([language, values]) => [language, values.map(value => ({ language, value }))]))
  const entity: WikibaseEntity = { type, id, labels: terms(legacy.label), descriptions: terms(legacy.description), aliases, claims: {} }
  if (type === 'item') {
    const sitelinks: SiteLinkList = {}
    for (const [site, link] of Object.entries(legacy.links ?? {})) {
      sitelinks[site] = typeof link === 'string' ? { site, title: link, badges: [] } : { site, title: link.name, badges: link.badges ?? [] }
    }
    entity.sitelinks = sitelinks
  } else {
    entity.datatype = legacy.datatype
  }
  return entity
}
