/**
 * Site groups the registry accepts unless told otherwise. Taken from the fixtures: the eight
 * project families of the Wikimedia site matrix (its code `wiki` is the group `wikipedia`),
 * the special wikis that Wikidata links to as groups of their own (commons, wikidata, species,
 * meta, mediawiki, sources, incubator, wikifunctions), `wikimedia` for chapter wikis,
 * `special` for the other special wikis, and `none`, MediaWiki's default.
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

/** Special wikis that are a site group of their own. */
export const SPECIAL_SITE_GROUPS: ReadonlySet<string> = new Set([
  'commons', 'wikidata', 'species', 'meta', 'mediawiki', 'sources', 'incubator', 'wikifunctions'
])
