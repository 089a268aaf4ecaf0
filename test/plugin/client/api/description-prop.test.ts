import t from 'tap'
import { DESCRIPTION_PROP_PARAMS, describePages, descriptionWindow } from '../../../../plugin/client/api/description-prop.js'
import { parsePageId, type PageId } from '../../../../hooks/ids.js'

t.test('parameters: desccontinue (integer) and descprefersource (local|central), as Wikibase\'s prop=description', async t => {
  t.strictSame(DESCRIPTION_PROP_PARAMS, { desccontinue: { type: 'integer' }, descprefersource: { type: ['local', 'central'] } })
})

t.test('descriptionWindow: limit pages from the continue position, and where the next call continues', async t => {
  const pages = [1, 2, 3, 4, 5]
  const cases: Array<[number, number, number[], number | null]> = [
    [0, 10, [1, 2, 3, 4, 5], null],
    [0, 2, [1, 2], 2],
    [2, 2, [3, 4], 4],
    [4, 2, [5], null],
    [3, 2, [4, 5], null],
    [9, 2, [], null],
    [-3, 2, [1, 2], 2]
  ]
  for (const [from, limit, shown, next] of cases) t.strictSame(descriptionWindow(pages, from, limit), { pages: shown, next }, `from ${from}, limit ${limit}`)
})

t.test('describePages: fields description + descriptionsource; desccontinue past 500 pages (5000 with apihighlimits)', async t => {
  const pages = Array.from({ length: 502 }, (_, i) => ({ id: parsePageId(i + 1), contentLanguage: 'en' }))
  const deps = {
    pageProperties: async (ids: PageId[]) => new Map(ids.filter(id => id % 100 === 1).map(id => [id, { 'wikibase-shortdesc': `page ${id}` }])),
    repo: { loadEntity: async () => { throw new Error('no central lookup expected') } }
  }
  const first = await describePages(deps, { allowLocalShortDesc: true }, { pages })
  t.strictSame([...first.fields.keys()], [1, 101, 201, 301, 401])
  t.strictSame(first.fields.get(parsePageId(101)), { description: 'page 101', descriptionsource: 'local' })
  t.strictSame(first.continueWith, { desccontinue: '500' })
  const second = await describePages(deps, { allowLocalShortDesc: true }, { pages, continueFrom: 500 })
  t.strictSame([...second.fields.keys()], [501])
  t.equal(second.continueWith, undefined, 'done')
  const high = await describePages(deps, { allowLocalShortDesc: true }, { pages, highLimits: true })
  t.equal(high.fields.size, 6)
  t.equal(high.continueWith, undefined)
  const notAllowed = await describePages({ ...deps, repo: { loadEntity: async id => ({ status: 'missing', entityId: id, reason: 'no-such-entity' }) } },
    { allowLocalShortDesc: false }, { pages: pages.slice(0, 3), prefer: 'local' })
  t.equal(notAllowed.fields.size, 0, 'local descriptions not allowed: not shown even when preferred')
})
