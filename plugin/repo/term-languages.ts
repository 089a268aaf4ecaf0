import languageData from '@wikimedia/language-data'

/**
 * Wikibase accepts terms in MediaWiki's known languages plus a few of its own
 * (WikibaseContentLanguages). Wikimedia's language data (the ULS database) lists
 * MediaWiki's languages; these are the codes it lacks that Wikidata uses.
 */
const EXTRA_TERM_LANGUAGES = new Set([
  'ak',  // Akan: a MediaWiki language (ak.wikipedia.org) missing from the ULS data
  'mul'  // "multiple languages": Wikibase's term language for names shared by all languages
])

/** ISO 639 special codes Wikibase also allows for monolingual text values. */
const EXTRA_MONOLINGUAL_TEXT_LANGUAGES = new Set(['mis', 'und', 'zxx'])

export function isTermLanguage (code: string): boolean {
  return EXTRA_TERM_LANGUAGES.has(code) || languageData.isKnown(code)
}

export function isMonolingualTextLanguage (code: string): boolean {
  return isTermLanguage(code) || EXTRA_MONOLINGUAL_TEXT_LANGUAGES.has(code)
}
