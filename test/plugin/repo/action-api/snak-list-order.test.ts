import t from 'tap'
import { orderSnaksByProperty } from '../../../../plugin/repo/action-api/snak-list-order.js'
import type { Snak } from '../../../../plugin/changes/wikibase-entity.js'
import { startActionApiApp } from '../../../support/action-api-app.js'

/**
 * Snak lists read as Wikibase's SnakListDeserializer does (the key a snak is listed under is
 * ignored, its property counts) and ordered as SnakList::orderByProperty (the named properties
 * first, the others in order of first appearance; the order rebuilt from the groups).
 */
const s = (property: string, value: string): Snak => ({ snaktype: 'value', property, datavalue: { type: 'string', value } })

t.test('orderSnaksByProperty', async t => {
  const cases: Array<[string, unknown, unknown, { snaks: Record<string, Snak[]>, order: string[] }]> = [
    ['listed right, no order', { P1: [s('P1', 'a')], P2: [s('P2', 'b')] }, undefined, { snaks: { P1: [s('P1', 'a')], P2: [s('P2', 'b')] }, order: ['P1', 'P2'] }],
    ['listed under another property: the snak\'s wins', { P1: [s('P2', 'a')] }, undefined, { snaks: { P2: [s('P2', 'a')] }, order: ['P2'] }],
    ['mixed keys: grouped in order of first appearance',
      { P1: [s('P2', 'a'), s('P1', 'b')], P3: [s('P2', 'c')] }, undefined, { snaks: { P2: [s('P2', 'a'), s('P2', 'c')], P1: [s('P1', 'b')] }, order: ['P2', 'P1'] }],
    ['the order puts its properties first',
      { P1: [s('P2', 'a'), s('P1', 'b')], P3: [s('P2', 'c')] }, ['P1'], { snaks: { P1: [s('P1', 'b')], P2: [s('P2', 'a'), s('P2', 'c')] }, order: ['P1', 'P2'] }],
    ['an ordered property without snaks is dropped',
      { P1: [s('P1', 'b')], P2: [s('P2', 'a')] }, ['P9', 'P2'], { snaks: { P2: [s('P2', 'a')], P1: [s('P1', 'b')] }, order: ['P2', 'P1'] }],
    ['a flat list', [s('P2', 'a'), s('P1', 'b'), s('P2', 'c')], undefined, { snaks: { P2: [s('P2', 'a'), s('P2', 'c')], P1: [s('P1', 'b')] }, order: ['P2', 'P1'] }],
    ['a snak without a property id stays where it was listed (the validator refuses it there)',
      { P5: [{ snaktype: 'novalue', property: 'x' }] }, undefined, { snaks: { P5: [{ snaktype: 'novalue', property: 'x' } as unknown as Snak] }, order: ['P5'] }],
    ['an order that is no list of strings is not applied', { P1: [s('P1', 'a')], P2: [s('P2', 'b')] }, ['P2', 3], { snaks: { P1: [s('P1', 'a')], P2: [s('P2', 'b')] }, order: ['P1', 'P2'] }],
    ['nothing', undefined, ['P1'], { snaks: {}, order: [] }]
  ]
  for (const [name, snaks, order, expected] of cases) {
    const got = orderSnaksByProperty(snaks as Record<string, Snak[]>, order)
    t.same(got, expected, name)
    t.same(Object.keys(got.snaks), expected.order, `${name}: map in the order`)
  }
})

t.test('the action API stores qualifiers and reference snaks under their own property', async t => {
  const { get, post } = await startActionApiApp(t, 'snaklistorder')
  for (let i = 0; i < 3; i++) await post({ action: 'wbeditentity', new: 'property', data: JSON.stringify({ datatype: 'string' }) }, 'Editor')
  const statement = {
    mainsnak: s('P1', 'main'),
    type: 'statement',
    rank: 'normal',
    qualifiers: { P1: [s('P2', 'q1'), s('P1', 'q2')], P3: [s('P2', 'q3')] },
    'qualifiers-order': ['P1', 'P3'],
    references: [{ snaks: { P1: [s('P3', 'r1')] }, 'snaks-order': ['P1'] }]
  }
  const created = await post({ action: 'wbeditentity', new: 'item', data: JSON.stringify({ claims: [statement] }) }, 'Editor')
  t.equal(created.success, 1, 'accepted, as Wikibase accepts it')
  const id = created.entity.id as string
  const stored = (await get({ action: 'wbgetentities', ids: id, props: 'claims' })).entities[id].claims.P1[0]
  const plain = (list: Snak[]): Array<[string, unknown]> => list.map(snak => [snak.property, snak.datavalue?.value])
  t.same(Object.keys(stored.qualifiers), ['P1', 'P2'])
  t.same([plain(stored.qualifiers.P1), plain(stored.qualifiers.P2)], [[['P1', 'q2']], [['P2', 'q1'], ['P2', 'q3']]])
  t.same(stored['qualifiers-order'], ['P1', 'P2'], 'qualifiers-order rebuilt: P1 as asked, then P2; P3 has no qualifier')
  t.same(Object.keys(stored.references[0].snaks), ['P3'])
  t.same(stored.references[0]['snaks-order'], ['P3'])

  // wbsetclaim (the statement by GUID) and wbsetreference (a snaks map) read the same way.
  const guid = stored.id as string
  const set = await post({
    action: 'wbsetclaim', claim: JSON.stringify({ ...statement, id: guid, qualifiers: { P3: [s('P1', 'only')] }, 'qualifiers-order': ['P3'] })
  }, 'Editor')
  t.equal(set.success, 1)
  t.same(set.claim['qualifiers-order'], ['P1'])
  t.same(Object.keys(set.claim.qualifiers), ['P1'])
  const ref = await post({ action: 'wbsetreference', statement: guid, snaks: JSON.stringify({ P2: [s('P1', 'x'), s('P2', 'y')] }), 'snaks-order': JSON.stringify(['P2']) }, 'Editor')
  t.equal(ref.success, 1)
  t.same([Object.keys(ref.reference.snaks), ref.reference['snaks-order']], [['P2', 'P1'], ['P2', 'P1']])
  t.same(plain(ref.reference.snaks.P1), [['P1', 'x']])

  // Statements too: StatementListDeserializer reads each statement, the claims key is not read.
  const keyed = await post({ action: 'wbeditentity', new: 'item', data: JSON.stringify({ claims: { P3: [{ mainsnak: s('P2', 'm'), type: 'statement', rank: 'normal' }] } }) }, 'Editor')
  t.same(Object.keys(keyed.entity.claims), ['P2'], 'a statement listed under P3 is stored under its mainsnak\'s P2')
})
