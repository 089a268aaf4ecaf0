import t from 'tap'
import { orderProperties, propertyOrderOf } from '../../../../plugin/client/data-access/property-order.js'

t.test('propertyOrderOf: the configured list as positions; empty is no order', async t => {
  t.equal(propertyOrderOf([]), null)
  t.strictSame(propertyOrderOf(['P31', 'P17', 'P18']), { P31: 0, P17: 1, P18: 2 })
})

// WikibaseLibraryTest::testOrderProperties's shape: known ids by position, unknown ones after, in the given order.
const cases: Array<[string[], string[] | null, string[]]> = [
  [[], ['P1'], []],
  [['P16', 'P5', 'P4', 'P8'], ['P8', 'P16', 'P4'], ['P8', 'P16', 'P4', 'P5']],
  [['P9', 'P1', 'P2'], ['P2'], ['P2', 'P9', 'P1']],
  [['P3', 'P1'], null, ['P3', 'P1']],
  [['constructor', 'P1'], ['P1'], ['P1', 'constructor']]
]
for (const [ids, configured, expected] of cases) {
  t.strictSame(orderProperties(ids, configured === null ? null : propertyOrderOf(configured)), expected, `${ids.join(',')} by ${String(configured)}`)
}
