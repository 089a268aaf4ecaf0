import { autonymOf } from './language-names.js'
import type { RepoLinker } from './repo-linker.js'

/**
 * What a client page shows of its repo item, as Wikibase client does on a Wikipedia: the
 * "Wikidata item" link in the tools (`wikibase-dataitem`, id `t-wikibase`) to the item of
 * the page's `wikibase_item` page property, and language links by the language's autonym
 * (MediaWiki's interlanguage links, title "page – language").
 */
export interface LanguageLink { siteId: string, title: string, url: string, language: string }

export function repoItemLink (props: ReadonlyArray<readonly [string, unknown]>, linker: RepoLinker | null): { id: string, url: string } | null {
  const item = props.find(([name]) => name === 'wikibase_item')?.[1]
  if (typeof item !== 'string' || !/^Q[1-9][0-9]*$/.test(item) || linker === null) return null
  return { id: item, url: linker.entityUrl(item) }
}

export function languageLinksView (links: readonly LanguageLink[]): Array<LanguageLink & { name: string, tooltip: string }> {
  return links.map(link => {
    const name = autonymOf(link.language)
    return { ...link, name, tooltip: `${link.title} – ${name}` }
  })
}
