import t from 'tap'
import { langLinksPortletLink, type LangLinksPortletInput, type LangLinksPortletLink } from '../../../example-wiki/web/repo-item-link-generator.js'

/** RepoItemLinkGenerator's cases (Wikibase's RepoItemLinkGeneratorTest): which link a page's language links get. */
const deps = { siteId: 'enwiki', siteGroup: 'wikipedia', repoBaseUrl: 'http://repo.example/' }
const page: LangLinksPortletInput = {
  action: 'view', linkedNamespace: true, exists: true, noExternalLangLinks: undefined, itemId: undefined, hasLangLinks: false, pageText: 'Tiny Tower'
}
const add = (href: string): LangLinksPortletLink => ({ action: 'add', href, title: 'Add interlanguage links', text: 'Add links' })
const NEW = add('http://repo.example/wiki/Special:LinkItem?site=enwiki&page=Tiny+Tower')

t.test('langLinksPortletLink: page → the link under its language links', async t => {
  const cases: Array<[string, Partial<LangLinksPortletInput>, LangLinksPortletLink | null]> = [
    ['unconnected page: Add links, to the repo form with site and page', {}, NEW],
    ['connected page with language links: Edit links to the sitelinks of the site group', { itemId: 'Q5', hasLangLinks: true },
      { action: 'edit', href: 'http://repo.example/wiki/Special:EntityPage/Q5#sitelinks-wikipedia', title: 'Edit interlanguage links', text: 'Edit links' }],
    ['connected page without other language links: Add links, to the item', { itemId: 'Q5' },
      add('http://repo.example/wiki/Special:EntityPage/Q5#sitelinks-wikipedia')],
    ['language links from wikitext only: still Add links', { hasLangLinks: true }, NEW],
    ['not a view (edit, history)', { action: 'edit' }, null],
    ['a namespace without Wikibase links', { linkedNamespace: false }, null],
    ['a missing page', { exists: false }, null],
    ['{{noexternallanglinks:*}} (PHP-serialized)', { noExternalLangLinks: 'a:1:{i:0;s:1:"*";}' }, null],
    ['{{noexternallanglinks:*}} (JSON)', { noExternalLangLinks: '["*"]', itemId: 'Q5', hasLangLinks: true }, null],
    ['{{noexternallanglinks:de}}: the link stays', { noExternalLangLinks: 'a:1:{i:0;s:2:"de";}' }, NEW],
    ['a malformed item prop is no item', { itemId: 'Q5"><script>', hasLangLinks: true }, NEW],
    ['a title with characters to encode', { pageText: 'A&B/C?d=1' },
      add('http://repo.example/wiki/Special:LinkItem?site=enwiki&page=A%26B%2FC%3Fd%3D1')]
  ]
  for (const [name, input, expected] of cases) t.same(langLinksPortletLink({ ...page, ...input }, deps), expected, name)
})
