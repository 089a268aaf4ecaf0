import t from 'tap'
import {
  applyNoExternalLangLinks, noExternalLangLinks, NO_EXTERNAL_LANG_LINKS_PROP, phpSerializeStringList, suppressRepoLinks
} from '../../../../plugin/client/hooks/no-lang-link-handler.js'
import type { ParserOutput } from '../../../../hooks/contract.js'

const output = (): ParserOutput => ({ extensionData: new Map(), pageProps: new Map(), languageLinks: [], warnings: [] })

t.test('PHP serialize() of a string list, byte lengths for s:', async t => {
  const cases: Array<[string[], string]> = [
    [[], 'a:0:{}'],
    [['*'], 'a:1:{i:0;s:1:"*";}'],
    [['de', 'fr'], 'a:2:{i:0;s:2:"de";i:1;s:2:"fr";}'],
    [['zh-hans', 'ü'], 'a:2:{i:0;s:7:"zh-hans";i:1;s:2:"ü";}']
  ]
  for (const [list, serialized] of cases) t.equal(phpSerializeStringList(list), serialized, JSON.stringify(list))
})

t.test('the parser function appends codes (trimmed, each once) on main-namespace pages, renders nothing', async t => {
  const out = output()
  t.equal(applyNoExternalLangLinks(out, 0, [' de', 'fr ']), '')
  applyNoExternalLangLinks(out, 0, ['fr', '', 'nl'])
  t.strictSame(noExternalLangLinks(out), ['de', 'fr', 'nl'])
  t.equal(out.pageProps.get(NO_EXTERNAL_LANG_LINKS_PROP), 'a:3:{i:0;s:2:"de";i:1;s:2:"fr";i:2;s:2:"nl";}')
  const template = output()
  applyNoExternalLangLinks(template, 10, ['*'])
  t.strictSame(noExternalLangLinks(template), [], 'not a Wikibase namespace: ignored (NamespaceChecker)')
  t.equal(template.pageProps.size, 0)
})

t.test('suppressRepoLinks: * drops all, codes drop the links of those languages', async t => {
  const links = [{ siteId: 'dewiki', language: 'de' }, { siteId: 'frwiki', language: 'fr' }, { siteId: 'nlwiki', language: 'nl' }]
  const cases: Array<[string[], string[]]> = [
    [[], ['dewiki', 'frwiki', 'nlwiki']],
    [['*'], []],
    [['de', '*'], []],
    [['fr'], ['dewiki', 'nlwiki']],
    [['fr', 'nl', 'xx'], ['dewiki']]
  ]
  for (const [suppressed, kept] of cases) t.strictSame(suppressRepoLinks(links, suppressed).map(l => l.siteId), kept, JSON.stringify(suppressed))
})
