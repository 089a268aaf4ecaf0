import t from 'tap'
import { applyShortDesc, isValidShortDesc, LOCAL_SHORT_DESC_PROP, sanitizeShortDesc } from '../../../../plugin/client/hooks/short-desc-handler.js'
import type { ParserOutput } from '../../../../hooks/contract.js'

const output = (): ParserOutput => ({ extensionData: new Map(), pageProps: new Map(), languageLinks: [], warnings: [] })

// Cases of Wikibase's ShortDescHandlerTest (provideIsValid, provideSanitize, provideDoHandle).
t.test('isValid: something besides whitespace and punctuation', async t => {
  const cases: Array<[string, boolean, string]> = [
    ['', false, 'empty'], ['.', false, 'punctuation (period)'], ['·', false, 'punctuation (middle dot)'],
    [' ', false, 'whitespace (space)'], ['\t', false, 'whitespace (tab)'], ['\u00a0', false, 'whitespace (non-breaking)'],
    ['. .', false, 'combination'], [' foo ', true, 'valid']
  ]
  for (const [text, valid, name] of cases) t.equal(isValidShortDesc(text), valid, name)
})

t.test('sanitize: plain text, tags removed, references decoded once, whitespace collapsed and trimmed', async t => {
  const cases: Array<[string, string, string]> = [
    [' foo ', 'foo', 'trim'],
    ['a<i>b</i>c', 'abc', 'remove HTML'],
    ['a\nb\n \nc', 'a b c', 'remove newline'],
    ['a&lt;div&gt;b', 'a<div>b', 'decode'],
    ['&#32;a', 'a', 'decode and trim'],
    ['a&#10;b', 'a b', 'decode and remove newline'],
    ['&#10;b', 'b', 'decode, remove newline and trim'],
    ['a&amp;lt;b', 'a&lt;b', 'do not decode twice'],
    ['&lt;b>a&lt;/b>', '<b>a</b>', 'do not remove HTML after decode'],
    ['x&#xD800;y&#0;z&bogus;', 'x&#xD800;y&#0;z&bogus;', 'no character: the reference stays as written']
  ]
  for (const [raw, sanitized, name] of cases) t.equal(sanitizeShortDesc(raw), sanitized, name)
})

t.test('the parser function: the page prop for a valid description, nothing otherwise; it renders nothing', async t => {
  const cases: Array<[string, string | undefined, string]> = [
    ['', undefined, 'invalid'], [' ', undefined, 'invalid #2'], ['&nbsp;', undefined, 'invalid #3'],
    ['foo', 'foo', 'valid'], [' <span> &lt;div&gt; ', '<div>', 'valid #2']
  ]
  for (const [input, prop, name] of cases) {
    const out = output()
    t.equal(applyShortDesc(out, input), '', `${name}: renders nothing`)
    t.equal(out.pageProps.get(LOCAL_SHORT_DESC_PROP), prop, name)
  }
})

t.test('a later description wins, unless it says noreplace (any case)', async t => {
  const out = output()
  applyShortDesc(out, 'foo')
  applyShortDesc(out, 'bar')
  t.equal(out.pageProps.get(LOCAL_SHORT_DESC_PROP), 'bar')
  applyShortDesc(out, 'baz', 'noreplace')
  applyShortDesc(out, 'qux', ' NoReplace ')
  t.equal(out.pageProps.get(LOCAL_SHORT_DESC_PROP), 'bar', 'noreplace keeps the earlier one')
  applyShortDesc(out, '...')
  t.equal(out.pageProps.get(LOCAL_SHORT_DESC_PROP), 'bar', 'an invalid one replaces nothing')
  const first = output()
  applyShortDesc(first, 'only', 'noreplace')
  t.equal(first.pageProps.get(LOCAL_SHORT_DESC_PROP), 'only', 'noreplace with nothing before sets it')
  applyShortDesc(first, 'other', 'something else')
  t.equal(first.pageProps.get(LOCAL_SHORT_DESC_PROP), 'other', 'an unknown control argument replaces')
})
