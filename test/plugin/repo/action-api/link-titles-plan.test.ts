import t from 'tap'
import type { EntityId } from '../../../../hooks/ids.js'
import { planLinkTitles, type LinkTitlesPlan } from '../../../../plugin/repo/action-api/link-titles-plan.js'

/** The four outcomes of Wikibase's LinkTitles::execute, by the items the two pages are linked to. */
const Q = (id: string): EntityId => id as EntityId

t.test('planLinkTitles: items of the from and to pages → what wblinktitles does', async t => {
  const cases: Array<[string, EntityId | null, EntityId | null, LinkTitlesPlan]> = [
    ['neither page linked: a new item', null, null, { kind: 'create' }],
    ['only the to page linked: the from page joins its item', null, Q('Q7'), { kind: 'connect', item: Q('Q7'), add: 'from' }],
    ['only the from page linked: the to page joins its item', Q('Q3'), null, { kind: 'connect', item: Q('Q3'), add: 'to' }],
    ['both on one item', Q('Q3'), Q('Q3'),
      { kind: 'refuse', code: 'common-item', info: 'Common item detected, sitelinks are both on the same item' }],
    ['on two items', Q('Q3'), Q('Q4'),
      { kind: 'refuse', code: 'no-common-item', info: 'No common item detected, unable to link titles' }]
  ]
  for (const [name, from, to, expected] of cases) t.same(planLinkTitles(from, to), expected, name)
})
