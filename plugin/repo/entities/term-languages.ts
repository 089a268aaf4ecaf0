// The package ships no types: the declaration travels with this import, so a host that type-checks
// the plugin's sources needs nothing in its own tsconfig (issue 23, item 7).
/// <reference path="../../wikimedia-language-data.d.ts" />
import languageData from '@wikimedia/language-data'

/**
 * Wikibase accepts terms in MediaWiki's known languages plus a few of its own
 * (WikibaseContentLanguages). Wikimedia's language data (the ULS database) lists
 * MediaWiki's languages; these are the codes it lacks that Wikidata uses.
 *
 * Looked up in Sets of own keys: `languageData.isKnown` indexes a plain object, so it calls
 * `constructor`, `toString` and `__proto__` known languages (issue 13.7).
 */
const EXTRA_TERM_LANGUAGES = [
  'ak',  // Akan: a MediaWiki language (ak.wikipedia.org) missing from the ULS data
  'mul'  // "multiple languages": Wikibase's term language for names shared by all languages
]

/** ISO 639 special codes Wikibase also allows for monolingual text values. */
const EXTRA_MONOLINGUAL_TEXT_LANGUAGES = ['mis', 'und', 'zxx']

const TERM_LANGUAGES: ReadonlySet<string> = new Set([...Object.keys(languageData.getLanguages()), ...EXTRA_TERM_LANGUAGES])
const MONOLINGUAL_TEXT_LANGUAGES: ReadonlySet<string> = new Set([...TERM_LANGUAGES, ...EXTRA_MONOLINGUAL_TEXT_LANGUAGES])

export function isTermLanguage (code: string): boolean {
  return TERM_LANGUAGES.has(code)
}

export function isMonolingualTextLanguage (code: string): boolean {
  return MONOLINGUAL_TEXT_LANGUAGES.has(code)
}
