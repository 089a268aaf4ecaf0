/**
 * The link Wikibase client adds under a page's language links (client/includes/
 * RepoItemLinkGenerator.php, shown by Hooks/SkinAfterPortletHandler.php in the `lang`
 * portlet): only when viewing an existing page of a namespace with Wikibase links and
 * `{{noexternallanglinks:*}}` does not suppress them; then "Edit links" to the item's
 * sitelinks section of the client's site group on the repo when the page is connected and
 * has language links, else "Add links" — to the item when connected (no other language links
 * yet), else to the repo page that links this page with a page of another wiki. Wikibase's
 * widget (wikibase.client.linkitem) calls `wblinktitles` from the client; this wiki has no
 * JavaScript, so "Add links" opens that form on the repo (link-item-special.ts), whose
 * submit calls `wblinktitles`. Pure: the page route gathers the input.
 */
export interface LangLinksPortletInput {
  /** The page action (`view` only gets a link). */
  action: string
  /** The page's namespace has Wikibase links (here: the main namespace). */
  linkedNamespace: boolean
  exists: boolean
  /** The `noexternallanglinks` page prop: serialized language codes; `*` suppresses the link. */
  noExternalLangLinks: unknown
  /** The `wikibase_item` page prop. */
  itemId: unknown
  /** The page shows language links. */
  hasLangLinks: boolean
  /** The page's prefixed title text (`Talk:Foo bar`). */
  pageText: string
}

export interface LangLinksPortletDeps {
  /** This wiki's global site id and its site group (`langLinkSiteGroup`: the item page's `#sitelinks-<group>`). */
  siteId: string
  siteGroup: string
  /** The repo's base URL (`http://…/`). */
  repoBaseUrl: string
}

export interface LangLinksPortletLink {
  /** Wikibase's class `wb-langlinks-<action>`. */
  action: 'add' | 'edit'
  href: string
  /** `wikibase-addlinkstitle` / `wikibase-editlinkstitle`. */
  title: string
  /** `wikibase-linkitem-addlinks` / `wikibase-editlinks`. */
  text: string
}

const ITEM_ID = /^Q[1-9][0-9]*$/

/** A serialized list holding `*`: PHP's `s:1:"*";` and JSON's `"*"` both quote it, and a language code has no quotes. */
function suppressed (noExternalLangLinks: unknown): boolean {
  return typeof noExternalLangLinks === 'string' && noExternalLangLinks.includes('"*"')
}

export function langLinksPortletLink (input: LangLinksPortletInput, deps: LangLinksPortletDeps): LangLinksPortletLink | null {
  if (input.action !== 'view' || !input.linkedNamespace || !input.exists || suppressed(input.noExternalLangLinks)) return null
  const itemId = typeof input.itemId === 'string' && ITEM_ID.test(input.itemId) ? input.itemId : null
  const itemUrl = (id: string): string =>
    `${deps.repoBaseUrl}wiki/Special:EntityPage/${id}#sitelinks-${encodeURIComponent(deps.siteGroup)}`
  if (itemId !== null && input.hasLangLinks) {
    return { action: 'edit', href: itemUrl(itemId), title: 'Edit interlanguage links', text: 'Edit links' }
  }
  const href = itemId !== null
    ? itemUrl(itemId)
    : `${deps.repoBaseUrl}wiki/Special:LinkItem?${new URLSearchParams({ site: deps.siteId, page: input.pageText }).toString()}`
  return { action: 'add', href, title: 'Add interlanguage links', text: 'Add links' }
}
