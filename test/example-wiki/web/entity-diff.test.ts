import t from 'tap'
import { entityDiffRows, entityIdsOfDiff, type CanonicalEntity } from '../../../example-wiki/web/entity-diff.js'

const context = { language: 'en', labelOf: (id: string) => ({ P17: 'country', Q183: 'Germany', Q17437798: 'good article' } as Record<string, string>)[id] }
const snak = (id: string) => ({ snaktype: 'value', property: 'P17', datatype: 'wikibase-item', datavalue: { type: 'wikibase-entityid', value: { id } } })

t.test('rows of what an edit changed', async t => {
  const before: CanonicalEntity = {
    labels: { en: { value: 'Berlin' }, de: { value: 'Berlin' } },
    descriptions: { en: { value: 'capital' } },
    aliases: { en: [{ value: 'B' }] },
    sitelinks: { enwiki: { title: 'Berlin', badges: [] }, dewiki: { title: 'Berlin', badges: [] } },
    claims: { P17: [{ id: 'g1', mainsnak: snak('Q183') }, { id: 'g2', mainsnak: snak('Q5') }] }
  }
  const after: CanonicalEntity = {
    labels: { en: { value: 'Berlin <City>' }, fr: { value: 'Berlin' } },
    descriptions: { en: { value: 'capital' } },
    aliases: { en: [{ value: 'B' }, { value: 'C' }] },
    sitelinks: { enwiki: { title: 'Berlin', badges: ['Q17437798'] }, frwiki: { title: 'Berlin' } },
    claims: { P17: [{ id: 'g1', mainsnak: snak('Q183'), rank: 'preferred' }, { id: 'g3', mainsnak: snak('Q183') }] }
  }
  const rows = entityDiffRows(before, after, context).map(r => [r.key, r.oldHtml, r.newHtml])
  t.same(rows, [
    ['label / de', 'Berlin', ''],
    ['label / en', 'Berlin', 'Berlin &lt;City&gt;'],
    ['label / fr', '', 'Berlin'],
    ['aliases / en', 'B', 'B | C'],
    ['links / dewiki / name', 'Berlin', ''],
    ['links / enwiki / badges', '', 'good article'],
    ['links / frwiki / name', '', 'Berlin'],
    ['Property / country', '<a href="/wiki/Item:Q183" title="Q183">Germany</a>', '<a href="/wiki/Item:Q183" title="Q183">Germany</a> <small>(preferred rank)</small>'],
    ['Property / country', '<a href="/wiki/Item:Q5" title="Q5" class="no-label">Q5</a>', ''],
    ['Property / country', '', '<a href="/wiki/Item:Q183" title="Q183">Germany</a>']
  ])
  t.same(entityDiffRows(after, after, context), [], 'no change, no rows')
  t.same(entityDiffRows({}, { labels: { en: { value: 'x' } } }, context).map(r => r.key), ['label / en'], 'a creation (no old revision)')
  t.same([...new Set(entityIdsOfDiff(before, after))].sort(), ['P17', 'Q17437798', 'Q183', 'Q5'])
})
