import t from 'tap'
import { mergeItems, MergeConflictError, type MergeConflictType } from '../../../../plugin/repo/entities/change-ops-merge.js'
import type { Statement, WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'

/**
 * The merge rules of Wikibase's ChangeOpsMerge, as the cases of ChangeOpsMergeTest and
 * ItemMergeInteractorTest: each row is a source, a target, the ignored conflicts and what
 * both hold after the merge (or the conflict message the merge refuses with).
 */
const term = (language: string, value: string) => ({ language, value })
const item = (id: string, parts: Partial<WikibaseEntity> = {}): WikibaseEntity =>
  ({ type: 'item', id, labels: {}, descriptions: {}, aliases: {}, claims: {}, sitelinks: {}, ...parts })
const link = (site: string, title: string, badges: string[] = []) => ({ [site]: { site, title, badges } })
const itemValue = (property: string, target: string, guid: string, references: Statement['references'] = []): Statement => ({
  id: guid,
  type: 'statement',
  rank: 'normal',
  mainsnak: { snaktype: 'value', property, datavalue: { type: 'wikibase-entityid', value: { 'entity-type': 'item', 'numeric-id': Number(target.slice(1)), id: target } } },
  references
})
const stringValue = (property: string, value: string, guid: string, extra: Partial<Statement> = {}): Statement => ({
  id: guid, type: 'statement', rank: 'normal', mainsnak: { snaktype: 'value', property, datavalue: { type: 'string', value } }, ...extra
})
const ref = (value: string) => ({ snaks: { P9: [{ snaktype: 'value' as const, property: 'P9', datavalue: { type: 'string', value } }] } })

interface Case {
  name: string
  from: Partial<WikibaseEntity>
  to: Partial<WikibaseEntity>
  ignore?: MergeConflictType[]
  expectFrom?: Partial<WikibaseEntity>
  expectTo?: Partial<WikibaseEntity>
  conflict?: [MergeConflictType, string]
}

const cases: Case[] = [
  { name: 'both empty', from: {}, to: {}, expectFrom: {}, expectTo: {} },
  { name: 'a label moves where the target has none', from: { labels: { en: term('en', 'foo') } }, to: {}, expectTo: { labels: { en: term('en', 'foo') } } },
  { name: 'the same label merges', from: { labels: { en: term('en', 'foo') } }, to: { labels: { en: term('en', 'foo') } }, expectTo: { labels: { en: term('en', 'foo') } } },
  {
    name: 'a different label becomes an alias of the target',
    from: { labels: { en: term('en', 'foo') } },
    to: { labels: { en: term('en', 'bar') } },
    expectTo: { labels: { en: term('en', 'bar') }, aliases: { en: [term('en', 'foo')] } }
  },
  {
    name: 'labels of other languages move, conflicting ones become aliases',
    from: { labels: { en: term('en', 'foo'), de: term('de', 'Fuh') } },
    to: { labels: { en: term('en', 'bar') } },
    expectTo: { labels: { en: term('en', 'bar'), de: term('de', 'Fuh') }, aliases: { en: [term('en', 'foo')] } }
  },
  { name: 'a description moves where the target has none', from: { descriptions: { en: term('en', 'd') } }, to: {}, expectTo: { descriptions: { en: term('en', 'd') } } },
  { name: 'the same description merges', from: { descriptions: { en: term('en', 'd') } }, to: { descriptions: { en: term('en', 'd') } }, expectTo: { descriptions: { en: term('en', 'd') } } },
  { name: 'different descriptions conflict', from: { descriptions: { en: term('en', 'd1') } }, to: { descriptions: { en: term('en', 'd2') } }, conflict: ['description', 'Conflicting descriptions for language en'] },
  {
    name: 'an ignored description conflict leaves the description on the source',
    from: { descriptions: { en: term('en', 'd1'), de: term('de', 'b') } },
    to: { descriptions: { en: term('en', 'd2') } },
    ignore: ['description'],
    expectFrom: { descriptions: { en: term('en', 'd1') } },
    expectTo: { descriptions: { en: term('en', 'd2'), de: term('de', 'b') } }
  },
  {
    name: 'aliases move and duplicates collapse',
    from: { aliases: { en: [term('en', 'a'), term('en', 'b')] } },
    to: { aliases: { en: [term('en', 'b')], de: [term('de', 'x')] } },
    expectTo: { aliases: { en: [term('en', 'b'), term('en', 'a')], de: [term('de', 'x')] } }
  },
  { name: 'a sitelink moves where the target has none', from: { sitelinks: link('enwiki', 'Foo', ['Q17']) }, to: {}, expectTo: { sitelinks: link('enwiki', 'Foo', ['Q17']) } },
  {
    name: 'the same page merges the badges',
    from: { sitelinks: link('enwiki', 'Foo_bar', ['Q17']) },
    to: { sitelinks: link('enwiki', 'Foo bar', ['Q18']) },
    expectTo: { sitelinks: link('enwiki', 'Foo bar', ['Q17', 'Q18']) }
  },
  { name: 'different pages conflict', from: { sitelinks: link('enwiki', 'Foo') }, to: { sitelinks: link('enwiki', 'Bar') }, conflict: ['sitelink', 'Conflicting sitelinks for enwiki'] },
  {
    name: 'an ignored sitelink conflict leaves the sitelink on the source',
    from: { sitelinks: { ...link('enwiki', 'Foo'), ...link('dewiki', 'Fuh') } },
    to: { sitelinks: link('enwiki', 'Bar') },
    ignore: ['sitelink'],
    expectFrom: { sitelinks: link('enwiki', 'Foo') },
    expectTo: { sitelinks: { ...link('enwiki', 'Bar'), ...link('dewiki', 'Fuh') } }
  },
  {
    name: 'statements move with new GUIDs of the target',
    from: { claims: { P1: [stringValue('P1', 'x', 'Q1$A')] } },
    to: { claims: { P1: [stringValue('P1', 'y', 'Q2$B')] } },
    expectTo: { claims: { P1: [stringValue('P1', 'y', 'Q2$B'), stringValue('P1', 'x', 'Q2$NEW1')] } }
  },
  {
    name: 'an equivalent statement only gains the new references',
    from: { claims: { P1: [stringValue('P1', 'x', 'Q1$A', { references: [ref('r1'), ref('r2')] })] } },
    to: { claims: { P1: [stringValue('P1', 'x', 'Q2$B', { references: [ref('r1')] })] } },
    expectTo: { claims: { P1: [stringValue('P1', 'x', 'Q2$B', { references: [ref('r1'), ref('r2')] })] } }
  },
  {
    name: 'statements with other qualifiers are not equivalent',
    from: { claims: { P1: [stringValue('P1', 'x', 'Q1$A', { qualifiers: { P9: [ref('q').snaks.P9[0]!] } })] } },
    to: { claims: { P1: [stringValue('P1', 'x', 'Q2$B')] } },
    expectTo: { claims: { P1: [stringValue('P1', 'x', 'Q2$B'), stringValue('P1', 'x', 'Q2$NEW1', { qualifiers: { P9: [ref('q').snaks.P9[0]!] } })] } }
  },
  {
    name: 'a source statement linking to the target conflicts',
    from: { claims: { P5: [itemValue('P5', 'Q2', 'Q1$A')] } },
    to: {},
    conflict: ['statement', 'The two items cannot be merged because one of them links to the other using property P5']
  },
  {
    name: 'a target statement linking to the source conflicts',
    from: {},
    to: { claims: { P6: [itemValue('P6', 'Q1', 'Q2$B')] } },
    conflict: ['statement', 'The two items cannot be merged because one of them links to the other using property P6']
  },
  {
    name: 'ignored statement conflicts drop the links between the two items',
    from: { claims: { P5: [itemValue('P5', 'Q2', 'Q1$A'), itemValue('P5', 'Q3', 'Q1$C')] } },
    to: { claims: { P6: [itemValue('P6', 'Q1', 'Q2$B')] } },
    ignore: ['statement'],
    expectTo: { claims: { P5: [itemValue('P5', 'Q3', 'Q2$NEW1')] } }
  },
  {
    name: 'links to other items are no conflict',
    from: { claims: { P5: [itemValue('P5', 'Q3', 'Q1$A')] } },
    to: { claims: { P5: [itemValue('P5', 'Q4', 'Q2$B')] } },
    expectTo: { claims: { P5: [itemValue('P5', 'Q4', 'Q2$B'), itemValue('P5', 'Q3', 'Q2$NEW1')] } }
  }
]

t.test('ChangeOpsMerge rules', async t => {
  for (const c of cases) {
    let n = 0
    const input = { from: item('Q1', c.from), to: item('Q2', c.to), ignoreConflicts: c.ignore ?? [], newGuid: (id: string) => `${id}$NEW${++n}` }
    if (c.conflict !== undefined) {
      t.throws(() => mergeItems(input), new MergeConflictError(...c.conflict), c.name)
      continue
    }
    const result = mergeItems(input)
    t.same(result.from, item('Q1', c.expectFrom ?? {}), `${c.name}: the source`)
    t.same(result.to, item('Q2', c.expectTo ?? c.to), `${c.name}: the target`)
  }
})

t.test('the inputs are not changed', async t => {
  const from = item('Q1', { claims: { P1: [stringValue('P1', 'x', 'Q1$A', { references: [ref('r2')] })] }, labels: { en: term('en', 'a') } })
  const to = item('Q2', { claims: { P1: [stringValue('P1', 'x', 'Q2$B')] } })
  const before = structuredClone([from, to])
  mergeItems({ from, to, newGuid: () => 'Q2$X' })
  t.same([from, to], before)
})
