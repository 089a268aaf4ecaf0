import t from 'tap'
import { isAllowedSiteUrl, siteUrlProblem } from '../../../plugin/sites/site-url-policy.js'
import { validateSite } from '../../../plugin/sites/site-validator.js'
import { DEFAULT_SITE_RULES } from '../../../plugin/sites/site-rules.js'
import { newSite, SITE_TYPE_MEDIAWIKI } from '../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'

/** A test name in ASCII (a raw U+2028 would end the TAP line). */
const shown = (url: string): string => JSON.stringify(url).slice(0, 60).replace(/[^\x20-\x7e]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
const NOT_HTTP = 'is not an http://, https:// or protocol-relative //host URL'
const SPACE = 'holds whitespace or a control character'

/** URL template → null (allowed) or why not. */
const CASES: Array<[string, string | null]> = [
  ['https://de.wikipedia.org/wiki/$1', null],
  ['http://de.wikipedia.org/wiki/$1', null],
  ['//de.wikipedia.org/wiki/$1', null],
  ['HTTPS://DE.WIKIPEDIA.ORG/wiki/$1', null],
  ['https://de.wikipedia.org/w/index.php?title=$1&action=view', null],
  ['https://user@host.test:8080/$1', null],
  ['javascript://%0Aalert(document.domain)//$1', NOT_HTTP],
  ['javascript:alert(1)//$1', NOT_HTTP],
  ['JaVaScRiPt://x.test/$1', NOT_HTTP],
  ['vbscript://x.test/$1', NOT_HTTP],
  ['data://x.test/$1', NOT_HTTP],
  ['data:text/html,<script>alert(1)</script>$1', NOT_HTTP],
  ['irc://irc.libera.chat/$1', NOT_HTTP],
  ['ftp://x.test/$1', NOT_HTTP],
  ['file:///etc/passwd$1', NOT_HTTP],
  ['https:x.test/$1', NOT_HTTP],
  ['https:/x.test/$1', NOT_HTTP],
  ['https:///x.test/$1', NOT_HTTP],
  ['///x.test/$1', NOT_HTTP],
  ['/\\evil.test/$1', NOT_HTTP],
  ['\\\\evil.test/$1', NOT_HTTP],
  ['/wiki/$1', NOT_HTTP],
  ['wiki/$1', NOT_HTTP],
  ['', NOT_HTTP],
  ['//?$1', NOT_HTTP],
  ['//#$1', NOT_HTTP],
  [' https://x.test/$1', SPACE],
  ['\u0000javascript:alert(1)//$1', SPACE],
  ['java\tscript://x.test/$1', SPACE],
  ['https://x.test/\n$1', SPACE],
  ['https://x.test/\u2028$1', SPACE],
  ['https://x.test/\u0085$1', SPACE],
  [`https://x.test/${'a'.repeat(2048)}$1`, 'is longer than 2048 characters']
]

t.test('site URL policy: http(s) or protocol-relative with a host, nothing else', async t => {
  for (const [url, expected] of CASES) {
    t.equal(siteUrlProblem(url), expected, shown(url))
    t.equal(isAllowedSiteUrl(url), expected === null)
  }
})

t.test('the validator applies it to the link, page and file path of every site type', async t => {
  const id = 'xwiki' as SiteGlobalId
  for (const [url, expected] of CASES) {
    for (const [type, pathType] of [[SITE_TYPE_MEDIAWIKI, 'page_path'], [SITE_TYPE_MEDIAWIKI, 'file_path'], [SITE_TYPE_MEDIAWIKI, 'link'], ['unknown', 'link'], ['irc', 'link'], ['irc', 'page_path']] as const) {
      const site = newSite({ globalId: id, type, data: { paths: { [pathType]: url } } })
      const name = `${type} ${pathType} ${shown(url)}`
      if (expected === null) t.doesNotThrow(() => { validateSite(site, DEFAULT_SITE_RULES) }, name)
      else t.throws(() => { validateSite(site, DEFAULT_SITE_RULES) }, { name: 'InvalidSitePathError', pathType, message: `site xwiki: ${pathType} ${JSON.stringify(url)} ${expected}` }, name)
    }
  }
  t.throws(() => { validateSite(newSite({ globalId: id, type: SITE_TYPE_MEDIAWIKI, data: { paths: { page_path: 42 as unknown as string } } }), DEFAULT_SITE_RULES) },
    { name: 'InvalidSitePathError', message: 'site xwiki: page_path "42" is not a string' }, 'a path that is not a string')
  t.doesNotThrow(() => { validateSite(newSite({ globalId: id, type: 'irc', data: { paths: { link: 'https://x.test/$1', api: 'irc://x.test/' } } }), DEFAULT_SITE_RULES) },
    'custom path types of a custom site type are data, not links: kept as they are')
})
