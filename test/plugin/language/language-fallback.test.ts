import t from 'tap'
import { languageFallbackChain } from '../../../plugin/language/language-fallback.js'

/** Fallback chains; codes named like Object.prototype members are plain codes (issue 13.7). */
t.test('language fallback chains', async t => {
  const cases: Array<[string, string[]]> = [
    ['de', ['de', 'en']],
    ['de-at', ['de-at', 'de', 'en']],
    ['constructor', ['constructor', 'en']],
    ['toString', ['tostring', 'en']],
    ['__proto__', ['__proto__', 'en']],
    ['hasOwnProperty', ['hasownproperty', 'en']]
  ]
  for (const [code, chain] of cases) t.same(languageFallbackChain(code), chain, code)
})
