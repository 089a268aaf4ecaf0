import t from 'tap'
import { parseEntityId } from '../../../../hooks/ids.js'
import {
  USAGE_ASPECTS,
  aspectKeyOf,
  bareUsageOf,
  entityIdsOf,
  identityOf,
  makeAspectKey,
  newEntityUsage,
  newEntityUsageFromAspectKey,
  newEntityUsageFromIdentity,
  sortedUniqueUsages,
  splitAspectKey,
  stripModifier
} from '../../../../plugin/client/usage/entity-usage.js'

const Q7 = parseEntityId('Q7')
const u = newEntityUsageFromIdentity

t.test('the nine aspects', async t => {
  t.same(USAGE_ASPECTS, ['S', 'L', 'D', 'A', 'T', 'C', 'CQR', 'O', 'X'])
})

t.test('aspect key, identity and array form (EntityUsageTest)', async t => {
  const cases: Array<[string | null, string, string, object]> = [
    [null, 'L', 'Q7#L', { entityId: 'Q7', aspect: 'L', modifier: null }],
    ['ru', 'L.ru', 'Q7#L.ru', { entityId: 'Q7', aspect: 'L', modifier: 'ru' }]
  ]
  for (const [modifier, key, identity, array] of cases) {
    const usage = newEntityUsage(Q7, 'L', modifier)
    t.equal(aspectKeyOf(usage), key)
    t.equal(identityOf(usage), identity)
    t.strictSame(usage, array)
  }
})

t.test('a bad aspect is refused, naming it', async t => {
  t.throws(() => newEntityUsage(Q7, 'Ü'), { name: 'InvalidUsageAspectError', message: /"Ü"/ })
  t.throws(() => newEntityUsageFromAspectKey(Q7, 'l.en'), { name: 'InvalidUsageAspectError', message: /"l"/ })
})

t.test('splitAspectKey splits at the first dot', async t => {
  const cases: Array<[string, [string, string | null]]> = [
    ['L', ['L', null]],
    ['L.x', ['L', 'x']],
    ['L.x.y', ['L', 'x.y']]
  ]
  for (const [key, split] of cases) t.strictSame(splitAspectKey(key), split, key)
})

t.test('stripModifier keeps the text before the first dot', async t => {
  for (const key of ['L', 'L.x', 'L.x.y']) t.equal(stripModifier(key), 'L', key)
})

t.test('makeAspectKey', async t => {
  t.equal(makeAspectKey('L', null), 'L')
  t.equal(makeAspectKey('L', 'x'), 'L.x')
})

t.test('newFromIdentity round-trips', async t => {
  const cases: Array<[string, object]> = [
    ['Q21#X', { entityId: 'Q21', aspect: 'X', modifier: null }],
    ['P12#L.blah', { entityId: 'P12', aspect: 'L', modifier: 'blah' }],
    ['Q3#C.P12', { entityId: 'Q3', aspect: 'C', modifier: 'P12' }],
    ['Q633#CQR.P31', { entityId: 'Q633', aspect: 'CQR', modifier: 'P31' }]
  ]
  for (const [identity, usage] of cases) {
    t.strictSame(newEntityUsageFromIdentity(identity), usage, identity)
    t.equal(identityOf(newEntityUsageFromIdentity(identity)), identity)
  }
})

t.test('newFromIdentity says what is wrong', async t => {
  const cases: Array<[string, RegExp]> = [
    ['banana', /"banana".*no "#"/],
    ['banana#X', /"banana" is not an entity id/],
    ['Q12#Ü', /"Ü" is not a usage aspect/],
    ['Q12#', /"" is not a usage aspect/]
  ]
  for (const [identity, message] of cases) {
    t.throws(() => newEntityUsageFromIdentity(identity), { name: 'InvalidUsageIdentityError', message }, identity)
  }
})

t.test('helpers: bare form, sorting by identity, entity ids', async t => {
  t.equal(identityOf(bareUsageOf(u('Q3#C.P12'))), 'Q3#C')
  t.same(sortedUniqueUsages([u('Q3#S'), u('Q3#L.de'), u('Q3#S'), u('Q10#O')]).map(identityOf), ['Q10#O', 'Q3#L.de', 'Q3#S'])
  t.same(entityIdsOf([u('Q2#X'), u('Q1#L'), u('Q2#S')]), ['Q2', 'Q1'])
})
