import t from 'tap'
import { parseEntityId, type EntityId } from '../../../../hooks/ids.js'
import { identityOf, newEntityUsageFromIdentity } from '../../../../plugin/client/usage/entity-usage.js'
import { getFilteredUsages, getRelevantAspects, transformPageEntityUsages } from '../../../../plugin/client/usage/usage-aspect-transformer.js'

const Q1 = parseEntityId('Q1')
const Q2 = parseEntityId('Q2')

t.test('getFilteredUsages(Q1, relevant, used) (UsageAspectTransformerTest)', async t => {
  const cases: Array<[string[], string[], string[]]> = [
    [[], [], []],
    [[], ['X'], []],
    [['X'], [], []],
    [['T', 'L'], ['L', 'S'], ['Q1#L']],
    [['X'], ['S', 'L'], ['Q1#L', 'Q1#S']],
    [['S', 'L'], ['X'], ['Q1#L', 'Q1#S']],
    [['L.de', 'L.en'], ['L.en', 'L.ru'], ['Q1#L.en']],
    [['L.ru'], ['L.en'], []],
    [['L.en'], ['L', 'L.ru'], ['Q1#L.en']],
    [['L'], ['L.ru'], []],
    [['L.en', 'L'], ['L', 'L.ru'], ['Q1#L', 'Q1#L.en']]
  ]
  for (const [relevant, used, result] of cases) {
    t.strictSame(getFilteredUsages(Q1, relevant, used).map(identityOf), result, `relevant [${relevant.join(', ')}], used [${used.join(', ')}]`)
  }
})

t.test('transformPageEntityUsages of page 23 {Q1#L, Q1#T, Q2#X}', async t => {
  const page23 = ['Q1#L', 'Q1#T', 'Q2#X'].map(newEntityUsageFromIdentity)
  const cases: Array<[string, Map<EntityId, string[]>, string[]]> = [
    ['no relevant aspects', new Map(), []],
    ['{Q1: [T]}', new Map([[Q1, ['T']]]), ['Q1#T']],
    ['{Q2: [T, L], Q1: [X]}', new Map([[Q2, ['T', 'L']], [Q1, ['X']]]), ['Q1#L', 'Q1#T', 'Q2#L', 'Q2#T']]
  ]
  for (const [name, relevant, result] of cases) {
    t.strictSame(transformPageEntityUsages(relevant, page23).map(identityOf), result, name)
  }
})

t.test('getRelevantAspects of an unset entity is empty', async t => {
  t.strictSame(getRelevantAspects(new Map([[Q1, ['S']]]), Q2), [])
  t.strictSame(getRelevantAspects(new Map([[Q1, ['S']]]), Q1), ['S'])
})
