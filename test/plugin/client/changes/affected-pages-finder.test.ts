import t from 'tap'
import { parseEntityId } from '../../../../hooks/ids.js'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { parseSiteGlobalId } from '../../../../hooks/ids.js'
import { identityOf, newEntityUsageFromIdentity, type EntityUsage } from '../../../../plugin/client/usage/entity-usage.js'
import { entityUsageToRow } from '../../../../plugin/client/usage/entity-usage-row.js'
import { parsePageId, type PageId } from '../../../../hooks/ids.js'
import {
  affectedUsagesOfBatch,
  getAffectedUsagesByPage,
  planAffectedPagesQuery,
  virtualUsagesByPage,
  type AffectedPagesChange
} from '../../../../plugin/client/changes/affected-pages-finder.js'

const enwiki = parseSiteGlobalId('enwiki')
const diff = (fields: Partial<EntityDiffChangedAspects>): EntityDiffChangedAspects => ({ ...emptyEntityDiffChangedAspects(), ...fields })
const itemChange = (id: string, fields: Partial<EntityDiffChangedAspects>): AffectedPagesChange =>
  ({ entityId: parseEntityId(id), isItemChange: true, compactDiff: diff(fields) })

type Page = [number, string[]]
const usagesByPage = (pages: Page[]) =>
  new Map(pages.map(([id, identities]) => [parsePageId(id), identities.map(newEntityUsageFromIdentity)] as [PageId, EntityUsage[]]))
const show = (result: Map<PageId, EntityUsage[]>): Page[] => [...result].map(([pageId, usages]) => [pageId, usages.map(identityOf)])

// Fixture pages of AffectedPagesFinderTest (usages as recorded).
const p1Q1: Page = [1, ['Q1#S']]
const p2Q1: Page = [2, ['Q1#L.en', 'Q1#T', 'Q2#D.en']]
const p1Q2: Page = [1, ['Q2#L', 'Q2#T']]
const p2Q2: Page = [2, ['Q2#C.P1', 'Q2#T', 'Q2#S', 'Q2#O', 'Q2#L', 'Q2#D', 'Q2#A']]

// For the tests a page's title is its id, and every page exists.
const titles = new Map([['1', 1], ['2', 2]])
const allPages = new Set([1, 2].map(parsePageId))

t.test('getAffectedUsagesByPage (AffectedPagesFinderTest), local site enwiki', async t => {
  const cases: Array<[string, AffectedPagesChange, Page[], Page[]]> = [
    ['add Q1 linked enwiki "1"', itemChange('Q1', { siteLinkChanges: { enwiki: [null, '1', false] }, labelChanges: ['en'] }), [], [[1, ['Q1#S']]]],
    ['unlink Q1 (enwiki "1" removed)', itemChange('Q1', { siteLinkChanges: { enwiki: ['1', null, false] } }), [p1Q1, p2Q1], [[1, ['Q1#S']], [2, ['Q1#T']]]],
    ['link Q2 to "2"', itemChange('Q2', { siteLinkChanges: { enwiki: [null, '2', false] } }), [p1Q2, p2Q2], [[1, ['Q2#T']], [2, ['Q2#S', 'Q2#T']]]],
    ['Q1 enwiki "1"→"2", no records', itemChange('Q1', { siteLinkChanges: { enwiki: ['1', '2', false] } }), [], [[1, ['Q1#S']], [2, ['Q1#S']]]],
    ['Q1 enwiki "1"→"2", with records', itemChange('Q1', { siteLinkChanges: { enwiki: ['1', '2', false] } }), [p1Q1, p2Q1], [[1, ['Q1#S']], [2, ['Q1#S', 'Q1#T']]]],
    ['Q1 badge-only on enwiki', itemChange('Q1', { siteLinkChanges: { enwiki: [null, null, true] } }), [p1Q1, p2Q1], [[1, ['Q1#S']]]],
    ['remove Q2 (enwiki "2")', itemChange('Q2', { siteLinkChanges: { enwiki: ['2', null, false] } }), [p1Q2, p2Q2], [[1, ['Q2#T']], [2, ['Q2#S', 'Q2#T']]]],
    ['Q2 + itwiki sitelink', itemChange('Q2', { siteLinkChanges: { itwiki: [null, 'DUE', false] } }), [p2Q2], [[2, ['Q2#S']]]],
    ['Q1 label de added', itemChange('Q1', { labelChanges: ['de'] }), [p1Q1, p2Q1], []],
    ['Q2 aliases fr added', itemChange('Q2', { aliasChanges: ['fr'] }), [p1Q2, p2Q2], [[2, ['Q2#A', 'Q2#A.fr']]]],
    ['Q2 label de added', itemChange('Q2', { labelChanges: ['de'] }), [p1Q2, p2Q2], [[1, ['Q2#L', 'Q2#L.de']], [2, ['Q2#L', 'Q2#L.de']]]],
    ['Q1 label en added', itemChange('Q1', { labelChanges: ['en'] }), [p1Q1, p2Q1], [[2, ['Q1#L.en']]]],
    ['Q2 label en added', itemChange('Q2', { labelChanges: ['en'] }), [p1Q2, p2Q2], [[1, ['Q2#L', 'Q2#L.en']], [2, ['Q2#L', 'Q2#L.en']]]],
    ['Q2 description en added', itemChange('Q2', { descriptionChanges: ['en'] }), [p2Q2], [[2, ['Q2#D', 'Q2#D.en']]]],
    ['Q2 statement P1 added', itemChange('Q2', { statementChangesExcludingQualOrRefOnlyChanges: ['P1'] }), [p2Q2], [[2, ['Q2#C.P1']]]],
    ['Q2 statement P2 added: O does not match statement changes', itemChange('Q2', { statementChangesExcludingQualOrRefOnlyChanges: ['P2'] }), [p2Q2], []]
  ]
  for (const [name, change, lookup, expected] of cases) {
    const result = getAffectedUsagesByPage({ change, localSiteId: enwiki, usages: usagesByPage(lookup), resolvedTitles: titles, existingPages: allPages })
    t.strictSame(show(result), expected, name)
  }
})

t.test('Q1 unlinked from a page that does not exist locally → nothing', async t => {
  const result = getAffectedUsagesByPage({
    change: itemChange('Q1', { siteLinkChanges: { enwiki: ['1', null, false] } }),
    localSiteId: enwiki,
    usages: usagesByPage([[1, []]]),
    resolvedTitles: new Map([['1', 0]]),
    existingPages: allPages
  })
  t.strictSame(show(result), [])
})

t.test('the usage lookup is asked for the changed aspects ++ X; only item changes with T resolve titles', async t => {
  const cases: Array<[string, AffectedPagesChange, string[], string[]]> = [
    ['local title change', itemChange('Q1', { siteLinkChanges: { enwiki: ['1', '2', false] } }), ['S', 'T', 'X'], ['1', '2']],
    ['local link added', itemChange('Q1', { siteLinkChanges: { enwiki: [null, '1', false] } }), ['S', 'T', 'X'], ['1']],
    ['badge-only', itemChange('Q1', { siteLinkChanges: { enwiki: [null, null, true] } }), ['S', 'X'], []],
    ['label', itemChange('Q1', { labelChanges: ['en'] }), ['L', 'L.en', 'X'], []],
    ['empty diff', itemChange('Q1', {}), ['O', 'X'], []],
    ['not an item change', { ...itemChange('P1', { siteLinkChanges: { enwiki: ['1', '2', false] } }), isItemChange: false }, ['S', 'T', 'X'], []]
  ]
  for (const [name, change, lookupAspects, sitelinkTitles] of cases) {
    const query = planAffectedPagesQuery(change, enwiki)
    t.strictSame(query.lookupAspects, lookupAspects, name)
    t.strictSame(query.sitelinkTitles, sitelinkTitles, name)
  }
})

t.test('a removal or restoration affects every aspect: all usages are looked up, none filtered (issue 16)', async t => {
  const cases: Array<[string, AffectedPagesChange, string[]]> = [
    ['remove with an empty diff (a redirect of an empty item)', { ...itemChange('Q1', {}), action: 'remove' }, []],
    ['remove of a linked item', { ...itemChange('Q1', { siteLinkChanges: { enwiki: ['1', null, false] }, labelChanges: ['en'] }), action: 'remove' }, ['1']],
    ['restore of a linked item', { ...itemChange('Q1', { siteLinkChanges: { enwiki: [null, '1', false] } }), action: 'restore' }, ['1']]
  ]
  for (const [name, change, sitelinkTitles] of cases) {
    const query = planAffectedPagesQuery(change, enwiki)
    t.strictSame(query.changedAspects, ['X'], `${name}: X`)
    t.equal(query.lookupAspects, null, `${name}: every usage`)
    t.strictSame(query.sitelinkTitles, sitelinkTitles, `${name}: the connected page still comes from the diff`)
  }
  const result = getAffectedUsagesByPage({
    change: { ...itemChange('Q2', {}), action: 'remove' },
    localSiteId: enwiki,
    usages: usagesByPage([p1Q2, p2Q2]),
    resolvedTitles: new Map(),
    existingPages: allPages
  })
  t.strictSame(show(result), [p1Q2, [2, ['Q2#A', 'Q2#C.P1', 'Q2#D', 'Q2#L', 'Q2#O', 'Q2#S', 'Q2#T']]], 'each page with all its usages of the entity')
  const update = planAffectedPagesQuery({ ...itemChange('Q2', {}), action: 'update' }, enwiki)
  t.strictSame(update.lookupAspects, ['O', 'X'], 'an update with an empty diff stays O')
})

t.test('pages that no longer exist are dropped, recorded or virtual', async t => {
  const result = getAffectedUsagesByPage({
    change: itemChange('Q1', { siteLinkChanges: { enwiki: ['1', '2', false] } }),
    localSiteId: enwiki,
    usages: usagesByPage([p1Q1, p2Q1]),
    resolvedTitles: titles,
    existingPages: new Set([parsePageId(2)])
  })
  t.strictSame(show(result), [[2, ['Q1#S', 'Q1#T']]])
})

t.test('lookup rows are accepted as well as pages', async t => {
  const rows = [...usagesByPage([p1Q2, p2Q2])].flatMap(([pageId, usages]) => usages.map(usage => entityUsageToRow(pageId, usage)))
  const result = getAffectedUsagesByPage({ change: itemChange('Q2', { labelChanges: ['de'] }), localSiteId: enwiki, usages: rows, resolvedTitles: titles, existingPages: allPages })
  t.strictSame(show(result), [[1, ['Q2#L', 'Q2#L.de']], [2, ['Q2#L', 'Q2#L.de']]])
})

t.test('streaming in batches of whole pages gives the same result as one pass', async t => {
  // Q7 moves its enwiki link from page 5 to page 250; pages 1…300 use Q7 in various ways.
  const change = itemChange('Q7', { siteLinkChanges: { enwiki: ['Five', 'TwoFifty', false] }, labelChanges: ['en'] })
  const lookup = usagesByPage(Array.from({ length: 300 }, (_, i): Page => [i + 1, i % 3 === 0 ? ['Q7#S'] : i % 3 === 1 ? ['Q7#L.en', 'Q8#L.en'] : ['Q7#C.P1']]))
  const resolvedTitles = new Map([['Five', 5], ['TwoFifty', 250]])
  const existingPages = new Set([...lookup.keys()].filter(id => id !== 100))
  const whole = getAffectedUsagesByPage({ change, localSiteId: enwiki, usages: lookup, resolvedTitles, existingPages })

  const query = planAffectedPagesQuery(change, enwiki)
  const virtual = virtualUsagesByPage(query, resolvedTitles)
  t.strictSame(show(virtual), [[5, ['Q7#S']], [250, ['Q7#S']]])
  const pageIds = [...lookup.keys()]
  const streamed = new Map<PageId, EntityUsage[]>()
  for (let start = 0; start < pageIds.length; start += 64) {
    const batchIds = pageIds.slice(start, start + 64)
    const last = start + 64 >= pageIds.length
    const batch = affectedUsagesOfBatch(query, {
      usages: new Map(batchIds.map(id => [id, lookup.get(id)!])),
      virtual,
      afterPageId: start === 0 ? 0 : pageIds[start - 1]!,
      throughPageId: last ? null : batchIds[batchIds.length - 1]!,
      existingPages
    })
    for (const [pageId, usages] of batch) {
      t.notOk(streamed.has(pageId), `page ${pageId} comes in one batch only`)
      streamed.set(pageId, usages)
    }
  }
  t.strictSame(show(streamed), show(whole))
  // 100 pages use S, 100 use L.en, 100 only C.P1 (not affected); page 100 is gone.
  t.equal(whole.size, 199)
  t.strictSame(whole.get(parsePageId(5))!.map(identityOf), ['Q7#L.en', 'Q7#S'])
  t.strictSame(whole.get(parsePageId(250))!.map(identityOf), ['Q7#S'])
  t.strictSame(whole.get(parsePageId(3)), undefined)
})
