import languageData from '@wikimedia/language-data'
import { languageFallbackChain } from '../../plugin/language/language-fallback.js'

/**
 * Language names as MediaWiki shows them in language links and term tables: the autonym
 * (`Language::fetchLanguageName($code)` without a display language) from Wikimedia's language
 * data, the code itself for a language the data does not know.
 */
export function autonymOf (code: string): string {
  const canonical = languageData.isRedirect(code)
  const name = languageData.getAutonym(canonical === false ? code : canonical)
  return typeof name === 'string' && name !== '' ? name : code
}

/** A term in the first language of `language`'s fallback chain that has one, with that language. */
export function termWithFallback<T> (terms: Readonly<Record<string, T>>, language: string): { language: string, value: T } | null {
  for (const code of languageFallbackChain(language)) {
    if (Object.hasOwn(terms, code)) return { language: code, value: terms[code]! }
  }
  return null
}
