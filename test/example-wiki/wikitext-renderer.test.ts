import t from 'tap'
import { headingOf, renderWikitext, stripComments } from '../../example-wiki/engine/wikitext-renderer.js'
import { decodeCharReferences, normalizeCharReferences } from '../../example-wiki/engine/char-references.js'

const render = (text: string): string => renderWikitext({ text, exists: title => title.dbKey === 'Berlin' })

t.test('character references are kept once, other & escaped (Sanitizer::normalizeCharReferences)', async t => {
  const cases: Array<[string, string]> = [
    ['&amp; &#39; &#x41; &lt;b&gt;', '&amp; &#39; &#x41; &lt;b&gt;'],
    ['& &bogus; &#0; &#xD800; &#99999999;', '&amp; &amp;bogus; &amp;#0; &amp;#xD800; &amp;#99999999;'],
    ['<b>x</b> <script>', '<b>x</b> &lt;script&gt;'],
    ["it's", "it's"]
  ]
  for (const [text, expected] of cases) t.equal(render(text), `<p>${expected}</p>`, text)
  t.equal(normalizeCharReferences('&constructor; &toString;'), '&amp;constructor; &amp;toString;', 'entity names by own property only')
  t.equal(decodeCharReferences('a&#39;b &amp;amp; &nope;'), "a'b &amp; &nope;")
})

t.test('links: targets decoded, attributes escaped, bare URLs linked', async t => {
  const cases: Array<[string, string]> = [
    ['[[Berlin|it&#39;s]]', '<p><a href="/wiki/Berlin" title="Berlin">it&#39;s</a></p>'],
    ["[http://x.org/?a=1&b='c' label]", '<p><a class="external" rel="nofollow" href="http://x.org/?a=1&amp;b=&#39;c&#39;">label</a></p>'],
    ['see http://x.org/a.', '<p>see <a class="external free" rel="nofollow" href="http://x.org/a">http://x.org/a</a>.</p>'],
    ['[[Berlin|http://x.org]]', '<p><a href="/wiki/Berlin" title="Berlin">http://x.org</a></p>'],
    ['[[File:A b.jpg|frameless]]', '<p><a href="https://commons.wikimedia.org/wiki/File:A_b.jpg" class="mw-file-description external">File:A b.jpg</a></p>'],
    ['javascript:alert(1) [javascript:alert(1) x]', '<p>javascript:alert(1) [javascript:alert(1) x]</p>']
  ]
  for (const [text, expected] of cases) t.equal(render(text), expected, text)
})

t.test('headings counted, comments cut by indexOf', async t => {
  const headings: Array<[string, { level: number, text: string } | null]> = [
    ['== a ==', { level: 2, text: 'a' }],
    ['=== a ==', { level: 2, text: '= a' }],
    ['======= a =======', { level: 6, text: '= a =' }],
    ['= =', null],
    ['====', null],
    ['a == b ==', null]
  ]
  for (const [line, expected] of headings) t.strictSame(headingOf(line), expected, line)
  t.equal(stripComments('a<!--b-->c<!--d'), 'ac', 'an unclosed comment runs to the end')
})

/** Each of these made a pattern re-read the rest of the line from every position (seconds at these sizes). */
t.test('hostile lines render in one pass', async t => {
  t.equal(render('<!--'.repeat(50_000)), '')
  t.equal(render(`=${' '.repeat(50_000)}x${' '.repeat(50_000)}=a`), `<p>=${' '.repeat(50_000)}x${' '.repeat(50_000)}=a</p>`)
  t.equal(render(`== ${'<'.repeat(50_000)} ==`), `<h2 id="">${'&lt;'.repeat(50_000)}</h2>`)
  const ext = render('[http://a '.repeat(20_000))
  t.equal(ext.split('class="external free"').length - 1, 20_000, 'every bare URL linked once')
  const dots = render(`http://x/${'.'.repeat(50_000)}a`)
  t.ok(dots.startsWith('<p><a class="external free"'), 'a URL with a long run of dots')
  t.equal(render('[[a|'.repeat(50_000)), `<p>${'[[a|'.repeat(50_000)}</p>`)
})
