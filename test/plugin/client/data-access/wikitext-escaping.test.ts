import t from 'tap'
import { commonsThumbnailWikitext, escapeWikitext, formatUrlWikitext, legalTitleText, localPageLinkWikitext } from '../../../../plugin/client/data-access/wikitext-escaping.js'
import { formatSnak, formatTime, trimDecimal, formatDecimal, formatQuantityAmount } from '../../../../plugin/client/data-access/snak-formatter.js'
import { renderWikitext } from '../../../../example-wiki/engine/wikitext-renderer.js'
import { decodeCharReferences } from '../../../../example-wiki/engine/char-references.js'
import { expandWikitext } from '../../../../example-wiki/engine/template-expander.js'
import type { Snak } from '../../../../plugin/changes/wikibase-entity.js'

/** The page a value is shown on: wikitext → HTML by the example engine's renderer. */
const render = (wikitext: string): string => renderWikitext({ text: wikitext, exists: () => true })

/** What a reader sees: the HTML without tags, references decoded. */
const visibleText = (html: string): string => decodeCharReferences(html.replace(/<[^<>]*>/g, ''))

/** Tags other than the paragraph the renderer wraps text in: structure the value made. */
const structure = (html: string): string[] => [...html.matchAll(/<([a-z0-9]+)[\s>]/gi)].map(m => m[1]!).filter(tag => tag !== 'p')

const stringSnak = (value: string, datatype = 'string'): Snak => ({ snaktype: 'value', property: 'P1', datatype, datavalue: { type: 'string', value } }) as Snak
const context = { language: 'en', label: async () => null, localTitle: async () => null }

const TRICKY = [
  "Côte d'Ivoire & Co", '&', "'", '<', '&amp;', '&#39;', '&lt;b&gt;', '{{', '[[', '|', '=', '*x', '#x', ':x', ';x', '----',
  '~~~~', '__TOC__', '<nowiki>', "''italic''", "'''bold'''", '== h ==', '[[Main Page]]', '{{PAGENAME}}', '[http://evil.example x]',
  'http://evil.example', 'a\n* b', 'a\n\n== c ==', 'a\r# b', '<script>alert(1)</script>', '<span class="error">x</span>',
  'ISBN 1234567890', 'x]] [http://evil.example/p Click] [[Main Page', '&#x41;', '&bogus;', '&#0;'
]

t.test('double escaping (issue 13.11): every string value is escaped exactly once, and shows as written', async t => {
  for (const value of TRICKY) {
    for (const format of ['plain', 'rich'] as const) {
      const html = render(await formatSnak(stringSnak(value), format, context))
      t.equal(visibleText(html).replace(/\n/g, ' '), value.replace(/\r?\n|\r/g, ' '), `${format} ${JSON.stringify(value)}: shown as written`)
      t.strictSame(structure(html).filter(tag => tag !== 'span'), [], `${format} ${JSON.stringify(value)}: no structure`)
    }
  }
  t.equal(render(escapeWikitext("Côte d'Ivoire & Co")), '<p>Côte d&#39;Ivoire &#38; Co</p>', 'the label of the issue')
  // The whole path: parser function output in a page (and through a template) → expansion → renderer.
  const host = {
    parserFunction: (name: string) => name === 'label' ? async () => escapeWikitext("Côte d'Ivoire & Co") : undefined,
    loadTemplate: async (name: string) => name === 'Country' ? "'''{{{1}}}'''" : null,
    magicWord: () => undefined,
    warn: () => {}
  }
  const html = render(await expandWikitext('Country: {{#label:Q1032}}; {{Country|{{#label:Q1032}}}}', host))
  t.equal(html, '<p>Country: Côte d&#39;Ivoire &#38; Co; <b>Côte d&#39;Ivoire &#38; Co</b></p>')
  t.equal(visibleText(html), "Country: Côte d'Ivoire & Co; Côte d'Ivoire & Co")
})

t.test('escapeWikitext as wfEscapeWikiText', async t => {
  const cases: Array<[string, string]> = [
    ['euro', 'euro'],
    ['[[x]] {{y}} | <b>', '&#91;&#91;x&#93;&#93; &#123;&#123;y&#125;&#125; &#124; &#60;b&#62;'],
    ['*list', '&#42;list'],
    ['a\n#b\n\nc', 'a\n&#35;b\n&#10;c'],
    ['----', '&#45;---'],
    ['~~~~', '~~&#126;~'],
    ['__TOC__', '_&#95;TOC_&#95;'],
    ['https://example.org', 'https&#58;//example.org'],
    ['RFC 1234', 'RFC&#32;1234'],
    ["d'Ivoire & Co", 'd&#39;Ivoire &#38; Co']
  ]
  for (const [input, expected] of cases) t.equal(escapeWikitext(input), expected, JSON.stringify(input))
})

t.test('URL values: bare only when they are valid URLs of an allowed scheme', async t => {
  const cases: Array<[string, string]> = [
    ['http://www.berlin.de/', 'http://www.berlin.de/'],
    ['https://example.org/a?b=c&d=e', 'https://example.org/a?b&#61;c&#38;d&#61;e'],
    ["https://example.org/it's__x", 'https://example.org/it&#39;s_&#95;x'],
    ['mailto:someone@example.org', 'mailto:someone@example.org'],
    ['javascript:alert(7)', 'javascript:alert(7)'],
    ['javascript:alert(7)\n== x ==\n[[Main Page]]', 'javascript:alert(7)\n&#61;&#61; x &#61;&#61;\n&#91;&#91;Main Page&#93;&#93;'],
    ['http://x [http://evil.example Click]', 'http&#58;//x &#91;http&#58;//evil.example Click&#93;'],
    ['http://x/{{y}}', 'http&#58;//x/&#123;&#123;y&#125;&#125;'],
    ['http://x/\u0000', 'http&#58;//x/\u0000']
  ]
  for (const [input, expected] of cases) t.equal(formatUrlWikitext(input), expected, JSON.stringify(input))
  const link = render(await formatSnak(stringSnak('https://example.org/a?b=c&d=e', 'url'), 'plain', context))
  t.equal(link, '<p><a class="external free" rel="nofollow" href="https://example.org/a?b=c&amp;d=e">https://example.org/a?b&#61;c&#38;d&#61;e</a></p>', 'a valid URL becomes a link to itself')
  const hostile = render(await formatSnak(stringSnak('javascript:alert(7)\n== x ==\n[[Main Page]]', 'url'), 'rich', context))
  t.notMatch(hostile, /<h2|<a /, 'an invalid URL is text: no heading, no link')
})

t.test('commonsMedia values (CommonsThumbnailFormatter) and local page links', async t => {
  const cases: Array<[string, string]> = [
    ['Berlin Brandenburger Tor.jpg', '[[File:Berlin Brandenburger Tor.jpg|frameless]]'],
    ['File:a_b.jpg', '[[File:A b.jpg|frameless]]'],
    ['x.jpg]] [http://evil.example/p Click] [[Main Page', 'x.jpg&#93;&#93; &#91;http&#58;//evil.example/p Click&#93; &#91;&#91;Main Page'],
    ['<INVALID>', '&#60;INVALID&#62;'],
    ['', ''],
    ['a%41.jpg', 'a%41.jpg'],
    ['a~~~.jpg', 'a~~&#126;.jpg']
  ]
  for (const [input, expected] of cases) t.equal(commonsThumbnailWikitext(input), expected, JSON.stringify(input))
  const html = render(commonsThumbnailWikitext('x.jpg]] [http://evil.example/p Click] [[Main Page'))
  t.notMatch(html, /<a /, 'the hostile file name makes no link')
  t.equal(legalTitleText('a'.repeat(256)), null, 'over 255 bytes')
  t.equal(localPageLinkWikitext('Berlin', "d'Ivoire"), '[[Berlin|d&#39;Ivoire]]')
  t.equal(localPageLinkWikitext('Category:X', 'x'), '[[:Category:X|x]]')
  t.equal(localPageLinkWikitext('A]] [[B', 'x'), 'x', 'an invalid title gives the label alone')
})

t.test('number and time formatting is linear in the value (issue 13.7: 160,000 digits took 12.9 s)', async t => {
  const digits = '9'.repeat(160_000)
  t.equal(formatTime({ time: `+${digits}`, precision: 11 }, 'en'), `+${digits}`, 'no separators: shown as it is')
  t.equal(formatTime({ time: `+${digits}-01-02T00:00:00Z`, precision: 11 }, 'en').length > 160_000, true)
  t.equal(trimDecimal(`+1.${'0'.repeat(160_000)}1`), `+1.${'0'.repeat(160_000)}1`)
  t.equal(trimDecimal(`+1.${'0'.repeat(160_000)}`), '+1')
  t.equal(formatDecimal(`+${'1'.repeat(301)}`, 'en'), `${'1'.repeat(1)}${',111'.repeat(100)}`, 'long digit runs grouped by a loop')
  t.equal(formatQuantityAmount({ amount: `+${digits}`, unit: '1', upperBound: `+${digits}`, lowerBound: '+1' }, 'en').length, 160_000 + 53_333)
})
