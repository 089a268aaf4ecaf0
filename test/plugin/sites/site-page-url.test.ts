import t from 'tap'
import { fileUrl, pageUrl } from '../../../plugin/sites/site-page-url.js'
import { getLinkPath, getPath, removePath, setLinkPath, setPath, PATH_FILE, PATH_LINK, PATH_PAGE } from '../../../plugin/sites/site-paths.js'
import { newSite, SITE_TYPE_MEDIAWIKI, type Site } from '../../../plugin/sites/site.js'
import { normalizePageName } from '../../../plugin/sites/page-name-normalizer.js'
import { rawUrlEncode, wfUrlencode } from '../../../plugin/sites/title-encoding.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'

const id = (s: string): SiteGlobalId => s as SiteGlobalId
const generic = (linkPath?: string): Site => {
  const site = newSite({ globalId: id('acme') })
  return linkPath === undefined ? site : setLinkPath(site, linkPath)
}
const mediawiki = (pagePath?: string, filePath?: string): Site => {
  let site = newSite({ globalId: id('acmewiki'), type: SITE_TYPE_MEDIAWIKI })
  if (pagePath !== undefined) site = setPath(site, PATH_PAGE, pagePath)
  if (filePath !== undefined) site = setPath(site, PATH_FILE, filePath)
  return site
}

t.test('§7.20 Site: generic paths', async t => {
  const site = generic('TestPath/$1')
  t.equal(getLinkPath(site), 'TestPath/$1', 'setLinkPath → getLinkPath')
  t.equal(getPath(site, PATH_LINK), 'TestPath/$1', 'stored under path type link')
  const twice = setPath(setPath(site, 'api', 'a'), 'api', 'b')
  t.equal(getPath(twice, 'api'), 'b', 'setPath twice overwrites')
  t.equal(getPath(removePath(twice, 'api'), 'api'), null, 'removePath removes')
  t.equal(getPath(site, 'nosuchpath'), null, 'unknown path type → null')
})

t.test('§7.20 Site: generic page URLs use rawurlencode', async t => {
  const cases: Array<[string, string, string]> = [
    ['http://acme.test/TestPath/$1', 'Foo', 'http://acme.test/TestPath/Foo'],
    ['http://acme.test/TestScript?x=$1&y=bla', 'Foo', 'http://acme.test/TestScript?x=Foo&y=bla'],
    ['http://acme.test/TestPath/$1', 'foo & bar/xyzzy (quux-shmoox?)', 'http://acme.test/TestPath/foo%20%26%20bar%2Fxyzzy%20%28quux-shmoox%3F%29']
  ]
  for (const [path, page, expected] of cases) t.equal(pageUrl(generic(path), page), expected, `${path} + ${JSON.stringify(page)}`)
  t.equal(pageUrl(generic('http://acme.test/TestPath/$1')), 'http://acme.test/TestPath/$1', 'no page → raw path with $1')
  t.equal(pageUrl(generic()), null, 'no path → null')
  t.equal(normalizePageName(generic(), ' foo_bar '), ' foo_bar ', 'generic sites leave page names as they are')
})

t.test('rawurlencode and wfUrlencode are PHP-identical', async t => {
  const raw: Array<[string, string]> = [
    ["!'()*~-_.", '%21%27%28%29%2A~-_.'],
    ['ä €', '%C3%A4%20%E2%82%AC'],
    ['a+b', 'a%2Bb']
  ]
  for (const [input, expected] of raw) t.equal(rawUrlEncode(input), expected, `rawurlencode ${input}`)
  const wf: Array<[string, string]> = [
    [';@$!*(),/~:', ';@$!*(),/~:'],
    ['M&M', 'M%26M'],
    ['a b', 'a+b'],
    ['Zürich?x=1#top', 'Z%C3%BCrich%3Fx%3D1%23top'],
    ["it's", 'it%27s']
  ]
  for (const [input, expected] of wf) t.equal(wfUrlencode(input), expected, `wfUrlencode ${input}`)
})

t.test('§7.20 MediaWikiSite: page URLs', async t => {
  const wiki = 'http://acme.test/wiki/$1'
  const cases: Array<[string, string, string]> = [
    [wiki, 'Berlin', 'http://acme.test/wiki/Berlin'],
    ['http://acme.test/wiki/', 'Berlin', 'http://acme.test/wiki/'],
    ['http://acme.test/w/index.php?title=$1', 'Berlin', 'http://acme.test/w/index.php?title=Berlin'],
    [wiki, '', 'http://acme.test/wiki/'],
    [wiki, 'Berlin/subpage', 'http://acme.test/wiki/Berlin/subpage'],
    [wiki, 'Berlin/subpage with spaces', 'http://acme.test/wiki/Berlin/subpage_with_spaces'],
    ['http://acme.test/$1', 'Cork (city)   ', 'http://acme.test/Cork_(city)'],
    [wiki, 'M&M', 'http://acme.test/wiki/M%26M']
  ]
  for (const [path, page, expected] of cases) t.equal(pageUrl(mediawiki(path), page), expected, `${path} + ${JSON.stringify(page)}`)
  t.equal(pageUrl(mediawiki('http://acme.test/wiki/$1'), '  Berlin  '), 'http://acme.test/wiki/Berlin', 'trimmed')
  t.equal(pageUrl(mediawiki()), null, 'no page path → null')
  t.equal(getLinkPath(mediawiki(wiki)), wiki, 'the link path of a MediaWiki site is its page_path')
})

t.test('the English Wikipedia URL of a title with spaces and non-ASCII characters', async t => {
  const enwiki = mediawiki('https://en.wikipedia.org/wiki/$1', 'https://en.wikipedia.org/w/$1')
  t.equal(pageUrl(enwiki, 'São Paulo (state)'), 'https://en.wikipedia.org/wiki/S%C3%A3o_Paulo_(state)')
  t.equal(pageUrl(enwiki, 'Ærø: "Ø, ü" & 東京'), 'https://en.wikipedia.org/wiki/%C3%86r%C3%B8:_%22%C3%98,_%C3%BC%22_%26_%E6%9D%B1%E4%BA%AC')
})

t.test('§7.20 MediaWikiSite: file URLs replace $1 verbatim', async t => {
  const base = 'https://en.wikipedia.org'
  const cases: Array<[string, string, string]> = [
    ['/w/$1', 'api.php', `${base}/w/api.php`],
    ['/w/', 'api.php', `${base}/w/`],
    ['/foo/page.php?name=$1', 'api.php', `${base}/foo/page.php?name=api.php`],
    ['/w/$1', '', `${base}/w/`],
    ['/w/$1', 'foo/bar/api.php', `${base}/w/foo/bar/api.php`]
  ]
  for (const [path, file, expected] of cases) t.equal(fileUrl(mediawiki(undefined, base + path), file), expected, `${path} + ${file}`)
  t.equal(fileUrl(mediawiki(undefined, `${base}/w/$1`)), `${base}/w/$1`, 'no file → the file path')
  t.throws(() => fileUrl(mediawiki()), { name: 'MissingSitePathError', message: /acmewiki has no file_path/ }, 'no file path → error')
})

t.test('§7.20 MediaWikiSite: local page-name normalisation', async t => {
  const site = mediawiki('https://en.wikipedia.org/wiki/$1')
  const cases: Array<[string, string | null]> = [
    [' foo ', 'Foo'],
    ['foo_bar', 'Foo bar'],
    ['  foo __ bar  ', 'Foo bar'],
    ['Foo', 'Foo'],
    ['ähnlich', 'Ähnlich'],
    ['ßtraße', 'ßtraße'],
    ['éclair', 'Éclair'],
    ['', null],
    ['   ', null],
    ['a[b]', null],
    ['a#b', null]
  ]
  for (const [input, expected] of cases) t.equal(normalizePageName(site, input), expected, JSON.stringify(input))
})

/** Every pattern String#replace reads in a replacement string, and what MediaWiki's str_replace does with it: nothing. */
const DOLLARS = ['$$', '$&', "$'", '$`', '$1', '$<name>', '$0', '$$1', 'a$&b$\'c$`d']

t.test('issue 14.3: $ in page names and file paths is inserted verbatim (str_replace), never read as a replacement pattern', async t => {
  const enwiki = mediawiki('https://en.wikipedia.org/wiki/$1', 'https://en.wikipedia.org/w/$1')
  const acme = generic('https://acme.test/page?title=$1&again=$1')
  for (const dollar of DOLLARS) {
    const name = `Price${dollar}Tag`
    // wfUrlencode leaves $ as it is; the rest of each name is plain ASCII.
    t.equal(pageUrl(enwiki, name), `https://en.wikipedia.org/wiki/${wfUrlencode(name)}`, `MediaWiki page ${name}`)
    t.equal(pageUrl(enwiki, name), `https://en.wikipedia.org/wiki/Price${dollar.replaceAll("'", '%27').replaceAll('`', '%60').replaceAll('<', '%3C').replaceAll('>', '%3E').replaceAll('&', '%26')}Tag`, `MediaWiki page ${name}, spelt out`)
    const raw = rawUrlEncode(name)
    t.equal(pageUrl(acme, name), `https://acme.test/page?title=${raw}&again=${raw}`, `generic page ${name}`)
    t.equal(fileUrl(enwiki, `x${dollar}.php`), `https://en.wikipedia.org/w/x${dollar}.php`, `file x${dollar}.php`)
  }
  t.equal(pageUrl(mediawiki('https://x.test/$1/$1'), '$1'), 'https://x.test/$1/$1', 'a $1 in the name is not replaced again')
})

t.test('issue 13.4: a path that is not http(s) or protocol-relative gives no URL, whatever the row holds', async t => {
  for (const path of ['javascript://%0Aalert(document.domain)//$1', 'javascript:alert(1)//$1', 'data:text/html,x$1', ' //x.test/$1', 'irc://x.test/$1']) {
    t.equal(pageUrl(mediawiki(path), 'Berlin'), null, `MediaWiki page path ${path}`)
    t.equal(pageUrl(mediawiki(path)), null, `raw page path ${path}`)
    t.equal(pageUrl(generic(path), 'Berlin'), null, `generic link path ${path}`)
    t.throws(() => fileUrl(mediawiki(undefined, path), 'api.php'), { name: 'InvalidSitePathError', pathType: 'file_path' }, `file path ${path}`)
  }
  t.equal(pageUrl(mediawiki('//de.wikipedia.org/wiki/$1'), 'Berlin'), '//de.wikipedia.org/wiki/Berlin', 'protocol-relative is fine')
})
