import t from 'tap'
import type { EntityId } from '../../../../hooks/ids.js'
import type { StatementRank, WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import { findReferencedEntityId } from '../../../../plugin/client/data-access/referenced-entity-id-lookup.js'

// A chain of items along P131 (located in): Q1 → Q2 → Q3 → Q4 → Q5 → Q6; Q10 → Q11 (deprecated) and Q12 (normal).
const links: Record<string, Array<[string, StatementRank]>> = {
  Q1: [['Q2', 'normal']], Q2: [['Q3', 'normal']], Q3: [['Q4', 'normal']], Q4: [['Q5', 'normal']], Q5: [['Q6', 'normal']],
  Q10: [['Q11', 'deprecated'], ['Q12', 'normal']],
  Q20: [['Q21', 'normal'], ['Q22', 'normal']], Q21: [['Q20', 'normal']], Q22: [['Q23', 'normal']]
}
const entity = (id: string): WikibaseEntity | null => links[id] === undefined
  ? null
  : {
      type: 'item',
      id,
      claims: {
        P131: links[id].map(([to, rank]) => ({
          type: 'statement' as const, rank, mainsnak: { snaktype: 'value' as const, property: 'P131', datavalue: { type: 'wikibase-entityid', value: { id: to } } }
        }))
      }
    }
const id = (raw: string): EntityId => raw as EntityId

// EntityRetrievingClosestReferencedEntityIdLookupTest's shape: from, to, limits → answer.
const cases: Array<{ name: string, from: string, to: string[], maxDepth?: number, maxVisits?: number, expected: string | null, loads?: string[] }> = [
  { name: 'directly referenced', from: 'Q1', to: ['Q2'], expected: 'Q2', loads: ['Q1'] },
  { name: 'through intermediates, breadth first', from: 'Q1', to: ['Q4', 'Q3'], expected: 'Q3', loads: ['Q1', 'Q2'] },
  { name: 'no targets: null without loading', from: 'Q1', to: [], expected: null, loads: [] },
  { name: 'end of the chain: null', from: 'Q1', to: ['Q99'], maxDepth: 10, expected: null },
  { name: 'max depth 0: only direct references', from: 'Q1', to: ['Q3'], maxDepth: 0, expected: 'max-depth' },
  { name: 'max depth 1 reaches one intermediate', from: 'Q1', to: ['Q3'], maxDepth: 1, expected: 'Q3' },
  { name: 'max visits', from: 'Q1', to: ['Q6'], maxDepth: 10, maxVisits: 3, expected: 'max-visits' },
  { name: 'deprecated statements are not followed (best statements only)', from: 'Q10', to: ['Q11'], expected: null },
  { name: 'best statements are', from: 'Q10', to: ['Q12'], expected: 'Q12' },
  { name: 'a cycle ends', from: 'Q20', to: ['Q99'], expected: null, loads: ['Q20', 'Q21', 'Q22', 'Q23'] }
]

for (const c of cases) {
  t.test(c.name, async t => {
    const loads: string[] = []
    const answer = await findReferencedEntityId(id(c.from), id('P131'), c.to.map(id), { maxDepth: c.maxDepth ?? 4, maxEntityVisits: c.maxVisits ?? 50 },
      async loaded => { loads.push(loaded); return entity(loaded) })
    t.equal(answer, c.expected)
    if (c.loads !== undefined) t.strictSame(loads, c.loads)
  })
}
