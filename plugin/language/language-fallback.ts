/**
 * Language fallback chains for term lookups in a client's content language (MediaWiki's
 * LanguageFallbackChainFactory with FALLBACK_ALL): the language itself, its MediaWiki
 * fallbacks, then English. Only a small table of common fallbacks is built in; a language
 * without an entry falls back to its base language (`de-ch` → `de`) and then to `en`.
 */
const MEDIAWIKI_FALLBACKS: Readonly<Record<string, readonly string[]>> = {
  'de-at': ['de'],
  'de-ch': ['de'],
  'de-formal': ['de'],
  'en-ca': ['en'],
  'en-gb': ['en'],
  'pt-br': ['pt'],
  'sr-ec': ['sr'],
  'sr-el': ['sr'],
  'zh-hans': ['zh-cn', 'zh-sg', 'zh-my', 'zh'],
  'zh-hant': ['zh-tw', 'zh-hk', 'zh-mo', 'zh'],
  'zh-cn': ['zh-hans', 'zh-sg', 'zh-my', 'zh'],
  'zh-tw': ['zh-hant', 'zh-hk', 'zh-mo', 'zh'],
  zh: ['zh-hans', 'zh-hant', 'zh-cn', 'zh-tw', 'zh-hk'],
  ku: ['ku-latn'],
  'ku-arab': ['ku', 'ckb'],
  frr: ['de'],
  nds: ['nds-nl', 'de'],
  lb: ['de'],
  als: ['gsw', 'de'],
  bar: ['de'],
  ksh: ['de'],
  'be-tarask': ['be'],
  crh: ['crh-latn'],
  ca: ['oc'],
  gl: ['pt'],
  nb: ['no', 'nn'],
  nn: ['no', 'nb'],
  no: ['nb']
}

/** The fetch chain for a language, without duplicates. */
export function languageFallbackChain (languageCode: string): string[] {
  const code = languageCode.toLowerCase()
  const chain = [code]
  // Own keys only: `constructor` must not find Object's constructor (issue 13.7).
  const explicit = Object.hasOwn(MEDIAWIKI_FALLBACKS, code) ? MEDIAWIKI_FALLBACKS[code] : undefined
  if (explicit !== undefined) chain.push(...explicit)
  else if (code.includes('-')) chain.push(code.slice(0, code.indexOf('-')))
  chain.push('en')
  return [...new Set(chain)]
}
