import t from 'tap'
import { redirectTargetOf } from '../../example-wiki/engine/redirects.js'

/** The engine's redirect pages: MediaWiki's `#REDIRECT [[Target]]` magic word at the start of the text. */
t.test('redirectTargetOf: the target of a redirect, null for anything else', async t => {
  const cases: Array<[string, string | null]> = [
    ['#REDIRECT [[Berlin (city)]]', 'Berlin (city)'],
    ['#redirect [[berlin_(city)]]', 'berlin (city)'],
    ['  #Redirect: [[ Category:Foo_bar ]]\nmore text', 'Category:Foo bar'],
    ['#REDIRECT [[:Category:Foo]]', 'Category:Foo'],
    ['#REDIRECT [[Berlin#History|the city]]', 'Berlin'],
    ['#REDIRECT[[Berlin]]', 'Berlin'],
    ['See #REDIRECT [[Berlin]]', null],
    ['#REDIRECT Berlin', null],
    ['#REDIRECT [[]]', null],
    ['#REDIRECT [[#Section]]', null],
    ['', null]
  ]
  for (const [text, expected] of cases) t.equal(redirectTargetOf(text), expected, JSON.stringify(text))
})
