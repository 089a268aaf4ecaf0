import t from 'tap'
import { findValueProblem, isStorableString } from '../../../plugin/http/storable-strings.js'

t.test('strings PostgreSQL can store: no U+0000, no unpaired surrogates', async t => {
  const cases: Array<[string, boolean]> = [
    ['', true], ['pays', true], ["Côte d'Ivoire & Co", true], ['😀', true], ['\ud83d\ude00', true], ['\u0001\u001f\u007f', true],
    ['\ufffd', true], ['\u202e', true],
    ['pays\u0000', false], ['\u0000', false], ['\udc00', false], ['\ud800', false], ['a\ud800b', false], ['\ude00\ud83d', false],
    ['😀\ud800', false], ['\ud800😀', false], ['\udc00😀', false]
  ]
  for (const [text, storable] of cases) t.equal(isStorableString(text), storable, JSON.stringify(text))
})

t.test('the first problem in a request value, by path, keys included', async t => {
  const cases: Array<[unknown, ReturnType<typeof findValueProblem>]> = [
    [{ labels: { en: 'x' }, n: 1, b: true, z: null }, null],
    [{ labels: { en: 'pays\u0000' } }, { kind: 'unstorable', path: 'body/labels/en', reason: 'contains U+0000 (NUL), which cannot be stored' }],
    [{ labels: { 'e\u0000n': 'x' } }, { kind: 'unstorable', path: 'body/labels/e\\u0000n', reason: 'key contains U+0000 (NUL), which cannot be stored' }],
    [{ aliases: { en: ['a', '\udc00'] } }, { kind: 'unstorable', path: 'body/aliases/en/1', reason: 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored' }],
    [[[[[1]]]], { kind: 'too-deep', path: 'body/0/0/0', reason: 'nested deeper than 3 levels' }],
    ['\u0000', { kind: 'unstorable', path: 'body', reason: 'contains U+0000 (NUL), which cannot be stored' }]
  ]
  for (const [value, problem] of cases) t.same(findValueProblem(value, 'body', 3), problem, JSON.stringify(value))
})

t.test('iterative: a value nested 100,000 deep is walked without a stack overflow', async t => {
  let deep: unknown = 'x\u0000'
  for (let i = 0; i < 100_000; i++) deep = [deep]
  t.equal(findValueProblem(deep, 'body')?.kind, 'unstorable')
  t.equal(findValueProblem(deep, 'body', 64)?.kind, 'too-deep')
})
