import { autonymOf } from './language-names.js'
import type { RepoLinker } from './repo-linker.js'

/**
 * What a client page shows of its repo item, as Wikibase client does on a Wikipedia: the
 * "Wikidata item" link in the tools (`wikibase-dataitem`, id `t-wikibase`) to the item of
 * the page's `wikibase_item` page property, and language links by the language's autonym
 * (MediaWiki's interlanguage links, title "page – language").
 */
export interface LanguageLink { siteId: string, title: string, url: string, language: string, class?: string, itemTitle?: string }

/** One "In other projects" link as the sidebar shows it: the project's name as link text. */
export interface OtherProjectView { href: string, hreflang?: string, class: string, itemTitle?: string, name: string, title: string }

/** Project names of the other-projects messages (WikimediaMessages' `wikibase-otherprojects-<group>`). */
const PROJECT_NAMES: Record<string, string> = {
  commons: 'Wikimedia Commons', wikipedia: 'Wikipedia', wikidata: 'Wikidata', wikivoyage: 'Wikivoyage', wikiquote: 'Wikiquote',
  wikisource: 'Wikisource', wikinews: 'Wikinews', wikibooks: 'Wikibooks', wikiversity: 'Wikiversity', wiktionary: 'Wiktionary', species: 'Wikispecies'
}

export function otherProjectsView (
  links: ReadonlyArray<{ group: string, href: string, hreflang?: string, class: string, itemTitle?: string, title: string }>
): OtherProjectView[] {
  return links.map(link => ({
    href: link.href, hreflang: link.hreflang, class: link.class, itemTitle: link.itemTitle, title: link.title,
    name: Object.hasOwn(PROJECT_NAMES, link.group) ? PROJECT_NAMES[link.group]! : link.group
  }))
}

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
