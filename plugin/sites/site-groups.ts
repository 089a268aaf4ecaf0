/**
 * Site groups the registry accepts unless told otherwise. Taken from the fixtures: the eight
 * project families of the Wikimedia site matrix (its code `wiki` is the group `wikipedia`),
 * the special wikis that Wikidata links to (commons, wikidata, species, meta, mediawiki,
 * sources, incubator, wikifunctions: a site matrix gives each special wiki its own code as
 * group, see site-matrix-parser.ts, and declares those groups itself), `wikimedia` and
 * `special` (kept for registries written before specials got their own groups), and `none`,
 * MediaWiki's default.
 */
export const DEFAULT_SITE_GROUPS: readonly string[] = Object.freeze([
  'wikipedia', 'wiktionary', 'wikibooks', 'wikiquote', 'wikisource', 'wikinews', 'wikiversity', 'wikivoyage',
  'commons', 'wikidata', 'species', 'meta', 'mediawiki', 'sources', 'incubator', 'wikifunctions',
  'wikimedia', 'special', 'none'
])

/** The project family of a site matrix language entry: `wiki` → `wikipedia`, others as they are. */
export function groupOfMatrixCode (code: string): string {
  return code === 'wiki' ? 'wikipedia' : code
}
