import t from 'tap'
import { InvalidTitleError, parseTitle } from '../../example-wiki/engine/titles.js'

t.test('titles: control characters are bad titles, as in MediaWiki ($wgLegalTitleChars)', async t => {
  const bad = ['Foo\r\nBar', 'Foo\nBar', 'Foo\rBar', 'Foo\tBar', 'Foo\u0000', '\u007fFoo', 'Template:\u001bX', '']
  for (const text of bad) {
    let thrown: unknown
    try { parseTitle(text) } catch (error) { thrown = error }
    t.ok(thrown instanceof InvalidTitleError, JSON.stringify(text))
  }
  const good: Array<[string, string]> = [['Foo Bar', 'Foo_Bar'], ['  foo   bar ', 'Foo_bar'], ['Côte d\'Ivoire', 'Côte_d\'Ivoire'], ['Template:X', 'X']]
  for (const [text, dbKey] of good) t.equal(parseTitle(text).dbKey, dbKey, text)
})
