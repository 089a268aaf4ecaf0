import type { ParserOutput } from '../../../hooks/contract.js'

/**
 * `{{noexternallanglinks:…}}` (Wikibase's client/includes/Hooks/NoLangLinkHandler.php): the
 * page asks not to show some of the repo's language links — `*` all of them, else those of the
 * listed language codes. The list goes to the extension data `wikibase-noexternallanglinks`
 * (read by the connected-page update in the same parse) and, as Wikibase stored it before it
 * moved to extension data, to the page prop `noexternallanglinks`: PHP's `serialize()` of the
 * list, so tools reading page props see what they read from Wikibase.
 */
export const NO_EXTERNAL_LANG_LINKS_KEY = 'wikibase-noexternallanglinks'
export const NO_EXTERNAL_LANG_LINKS_PROP = 'noexternallanglinks'

/** The suppressed codes of a parse so far (`*`: all), in the order first given. */
export function noExternalLangLinks (output: ParserOutput): string[] {
  const stored = output.extensionData.get(NO_EXTERNAL_LANG_LINKS_KEY)
  return Array.isArray(stored) ? stored.filter((code): code is string => typeof code === 'string') : []
}

/** PHP `serialize()` of a list of strings: `a:2:{i:0;s:2:"de";i:1;s:1:"*";}` (s: counts UTF-8 bytes). */
export function phpSerializeStringList (values: readonly string[]): string {
  const items = values.map((value, index) => `i:${index};s:${Buffer.byteLength(value, 'utf8')}:"${value}";`)
  return `a:${values.length}:{${items.join('')}}`
}

/**
 * The parser function on a page of `namespace`: appends the codes (trimmed, empty ones
 * dropped, each once) when the namespace is one Wikibase serves (NamespaceChecker; this
 * plugin connects main-namespace pages only). Renders nothing.
 */
export function applyNoExternalLangLinks (output: ParserOutput, namespace: number, codes: readonly string[]): string {
  if (namespace !== 0) return ''
  const list = noExternalLangLinks(output)
  for (const raw of codes) {
    const code = raw.trim()
    if (code !== '' && !list.includes(code)) list.push(code)
  }
  output.extensionData.set(NO_EXTERNAL_LANG_LINKS_KEY, list)
  if (list.length > 0) output.pageProps.set(NO_EXTERNAL_LANG_LINKS_PROP, phpSerializeStringList(list))
  return ''
}

/**
 * LangLinkHandler::suppressRepoLinks: the repo's language links minus those the page
 * suppressed — none left for `*`, else those whose site language is listed.
 */
export function suppressRepoLinks<L extends { language: string }> (links: readonly L[], suppressed: readonly string[]): L[] {
  if (suppressed.includes('*')) return []
  return links.filter(link => !suppressed.includes(link.language))
}
