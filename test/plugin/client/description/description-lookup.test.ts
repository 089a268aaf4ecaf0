import t from 'tap'
import { descriptionSources, lookupDescriptions, pickDescriptions, type DescriptionSource } from '../../../../plugin/client/description/description-lookup.js'
import { parsePageId, type PageId } from '../../../../hooks/ids.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import type { EntityLookupResult } from '../../../../plugin/repo-reader/redirect-resolving-entity-lookup.js'

const p = (n: number): PageId => parsePageId(n)

t.test('sources in order: the preferred one first when local descriptions are allowed, else central only', async t => {
  const cases: Array<[boolean, DescriptionSource, DescriptionSource[]]> = [
    [true, 'local', ['local', 'central']],
    [true, 'central', ['central', 'local']],
    [false, 'local', ['central']],
    [false, 'central', ['central']]
  ]
  for (const [allow, prefer, sources] of cases) t.strictSame(descriptionSources(allow, prefer), sources, `allow ${String(allow)}, prefer ${prefer}`)
})

t.test('pickDescriptions: first source that has one, pages in the order asked, pages without any left out', async t => {
  const found = { local: new Map([[p(2), 'local two'], [p(3), 'local three']]), central: new Map([[p(1), 'central one'], [p(3), 'central three']]) }
  const show = (m: Map<PageId, { description: string, source: string }>): string[] => [...m].map(([id, d]) => `${id}:${d.source}:${d.description}`)
  t.strictSame(show(pickDescriptions([p(3), p(1), p(2), p(4)], ['local', 'central'], found)),
    ['3:local:local three', '1:central:central one', '2:local:local two'])
  t.strictSame(show(pickDescriptions([p(3), p(1), p(2), p(4)], ['central', 'local'], found)),
    ['3:central:central three', '1:central:central one', '2:local:local two'])
  t.strictSame(show(pickDescriptions([p(3), p(1), p(2)], ['central'], found)), ['3:central:central three', '1:central:central one'])
})

t.test('lookupDescriptions reads page props once and the connected item\'s description in each page\'s language, no fallback', async t => {
  const item = (id: string, descriptions: Record<string, string>): WikibaseEntity => ({
    type: 'item', id, labels: {}, aliases: {}, claims: {}, sitelinks: {},
    descriptions: Object.fromEntries(Object.entries(descriptions).map(([language, value]) => [language, { language, value }]))
  } as WikibaseEntity)
  const entities: Record<string, WikibaseEntity> = { Q1: item('Q1', { en: 'capital of Germany', de: 'Hauptstadt' }), Q2: item('Q2', { en: 'only English' }) }
  const loads: string[] = []
  const propCalls: Array<[number[], string[]]> = []
  const deps = {
    pageProperties: async (ids: PageId[], names: string[]) => {
      propCalls.push([ids.map(Number), names])
      return new Map<PageId, Record<string, string>>([
        [p(1), { wikibase_item: 'Q1' }],
        [p(2), { wikibase_item: 'Q1', 'wikibase-shortdesc': 'local text' }],
        [p(3), { wikibase_item: 'Q2' }],
        [p(4), { wikibase_item: 'not an id' }]
      ])
    },
    repo: {
      loadEntity: async (id: string): Promise<EntityLookupResult> => {
        loads.push(id)
        const entity = entities[id]
        return entity === undefined ? { status: 'missing', entityId: id, reason: 'no-such-entity' } as EntityLookupResult : { status: 'found', entity, entityId: id, redirectedFrom: null } as EntityLookupResult
      }
    }
  }
  const pages = [
    { id: p(1), contentLanguage: 'de' }, { id: p(2), contentLanguage: 'en' }, { id: p(3), contentLanguage: 'de-at' }, { id: p(4), contentLanguage: 'en' }, { id: p(5), contentLanguage: 'en' }
  ]
  const found = await lookupDescriptions(deps, pages, ['local', 'central'])
  t.strictSame([...found], [[1, { description: 'Hauptstadt', source: 'central' }], [2, { description: 'local text', source: 'local' }]],
    'page 3: no description in de-at (no fallback to de or en); page 4: a bad item id; page 5: no props')
  t.strictSame(propCalls, [[[1, 2, 3, 4, 5], ['wikibase-shortdesc', 'wikibase_item']]])
  t.strictSame(loads, ['Q1', 'Q1', 'Q2'])
  t.strictSame([...await lookupDescriptions(deps, pages.slice(0, 2), ['central'])], [
    [1, { description: 'Hauptstadt', source: 'central' }], [2, { description: 'capital of Germany', source: 'central' }]
  ], 'central only: the local one is not read')
  t.strictSame([...await lookupDescriptions(deps, [], ['local'])], [], 'no pages: nothing read')
  t.equal(propCalls.length, 2)
})
