import t from 'tap'
import { entityTypeOf, numericIdOf, parseEntityId } from '../../hooks/ids.js'

t.test('parseEntityId accepts item, property and lexeme ids', async t => {
  t.equal(parseEntityId('Q42'), 'Q42')
  t.equal(parseEntityId('P31'), 'P31')
  t.equal(parseEntityId('L7'), 'L7')
})

t.test('parseEntityId names the bad value', async t => {
  for (const bad of ['banana', 'Q0', 'q42', 'Q42 ', '', 42, null]) {
    t.throws(() => parseEntityId(bad), { name: 'InvalidEntityIdError', message: new RegExp(JSON.stringify(bad).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
  }
})

t.test('entity type and numeric id', async t => {
  t.equal(entityTypeOf(parseEntityId('Q64')), 'item')
  t.equal(entityTypeOf(parseEntityId('P31')), 'property')
  t.equal(numericIdOf(parseEntityId('Q64')), 64)
})
