import t from 'tap'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { newEntityUsageFromIdentity } from '../../../../plugin/client/usage/entity-usage.js'
import {
  isQualOrRefOnlyChange, recentChangePages, shouldInjectRecentChange, type RecentChangeFilterSettings
} from '../../../../plugin/client/changes/recent-change-filter.js'
import type { PageRef } from '../../../../hooks/contract.js'
import { resolveOptions } from '../../../../plugin/options.js'

const diff = (fields: Partial<EntityDiffChangedAspects>): EntityDiffChangedAspects => ({ ...emptyEntityDiffChangedAspects(), ...fields })
const usages = (...identities: string[]) => identities.map(newEntityUsageFromIdentity)

const ALL: RecentChangeFilterSettings = { injectRecentChanges: true, recentChangesFilter: 'all' }
const SKIP: RecentChangeFilterSettings = { injectRecentChanges: true, recentChangesFilter: 'skipQualOrRefOnly' }

const qualP31 = diff({ statementChangesQualOrRefOnly: ['P31'] })
const mainP31 = diff({ statementChangesExcludingQualOrRefOnlyChanges: ['P31'] })
const qualP31mainP17 = diff({ statementChangesQualOrRefOnly: ['P31'], statementChangesExcludingQualOrRefOnlyChanges: ['P17'] })
// One P31 statement's value changed, another P31 statement's qualifier: P31 is in both lists.
const bothP31 = diff({ statementChangesQualOrRefOnly: ['P31'], statementChangesExcludingQualOrRefOnlyChanges: ['P31'] })
const qualP31labelEn = diff({ statementChangesQualOrRefOnly: ['P31'], labelChanges: ['en'] })

t.test('shouldInjectRecentChange', async t => {
  // [name, settings, action, compact diff, the page's affected usages (undefined: unknown), expected]
  const cases: Array<[string, RecentChangeFilterSettings, string, EntityDiffChangedAspects, string[] | undefined, boolean]> = [
    ['injectRecentChanges false', { injectRecentChanges: false }, 'update', mainP31, ['Q1#C.P31'], false],
    ['injectRecentChanges false, filter all', { ...ALL, injectRecentChanges: false }, 'update', mainP31, ['Q1#C.P31'], false],
    ['no filter set: Wikibase\'s behaviour', { injectRecentChanges: true }, 'update', qualP31, ['Q1#CQR.P31'], true],
    ['all: qualifier-only change, page uses CQR.P31', ALL, 'update', qualP31, ['Q1#CQR.P31'], true],
    ['skip: qualifier-only change, page uses CQR.P31', SKIP, 'update', qualP31, ['Q1#CQR', 'Q1#CQR.P31'], false],
    ['skip: qualifier-only change, page uses bare CQR', SKIP, 'update', qualP31, ['Q1#CQR'], false],
    ['skip: main value change, page uses C.P31', SKIP, 'update', mainP31, ['Q1#C', 'Q1#C.P31'], true],
    ['skip: main value change, page uses CQR.P31', SKIP, 'update', mainP31, ['Q1#CQR.P31'], true],
    ['skip: P31 qualifier + P17 value, page uses CQR.P31 only', SKIP, 'update', qualP31mainP17, ['Q1#CQR.P31'], false],
    ['skip: P31 qualifier + P17 value, page uses CQR.P17', SKIP, 'update', qualP31mainP17, ['Q1#CQR.P17'], true],
    ['skip: P31 qualifier + P17 value, page uses bare CQR', SKIP, 'update', qualP31mainP17, ['Q1#CQR'], true],
    ['skip: P31 in both lists, page uses CQR.P31', SKIP, 'update', bothP31, ['Q1#CQR.P31'], true],
    ['skip: qualifier + label, page uses CQR.P31 and L.en', SKIP, 'update', qualP31labelEn, ['Q1#CQR.P31', 'Q1#L.en'], true],
    ['skip: qualifier + label, page uses CQR.P31 only', SKIP, 'update', qualP31labelEn, ['Q1#CQR.P31'], false],
    ['skip: virtual sitelink usage', SKIP, 'update', qualP31, ['Q1#S'], true],
    ['skip: a deletion always gets a row', SKIP, 'remove', qualP31, ['Q1#CQR.P31'], true],
    ['skip: a restoration always gets a row', SKIP, 'restore', qualP31, ['Q1#CQR.P31'], true],
    ['skip: usages unknown, qualifier-only change', SKIP, 'update', qualP31, undefined, false],
    ['skip: usages unknown, qualifier + label', SKIP, 'update', qualP31labelEn, undefined, true],
    ['skip: no usages, main value change', SKIP, 'update', mainP31, [], true],
    ['skip: usages unknown, empty diff', SKIP, 'update', diff({}), undefined, true]
  ]
  for (const [name, settings, action, compactDiff, pageUsages, expected] of cases) {
    t.equal(shouldInjectRecentChange({ action, compactDiff }, pageUsages === undefined ? undefined : usages(...pageUsages), settings), expected, name)
  }
})

t.test('isQualOrRefOnlyChange', async t => {
  const cases: Array<[string, EntityDiffChangedAspects, boolean]> = [
    ['qualifier/reference/rank only', qualP31, true],
    ['main value', mainP31, false],
    ['both lists', bothP31, false],
    ['with a label', qualP31labelEn, false],
    ['with a sitelink', diff({ statementChangesQualOrRefOnly: ['P31'], siteLinkChanges: { enwiki: [null, null, true] } }), false],
    ['with other changes', diff({ statementChangesQualOrRefOnly: ['P31'], otherChanges: true }), false],
    ['empty', diff({}), false]
  ]
  for (const [name, compactDiff, expected] of cases) t.equal(isQualOrRefOnlyChange(compactDiff), expected, name)
})

t.test('recentChangePages: per page, by its usages; without the change every page', async t => {
  const pages = [1, 2, 3].map(id => ({ id, namespace: 0, title: `P${id}` })) as unknown as PageRef[]
  const byPage = new Map([[1, usages('Q1#CQR.P31')], [2, usages('Q1#CQR.P31', 'Q1#L.en')]])
  const ids = (list: PageRef[]) => list.map(p => p.id as number)
  t.strictSame(ids(recentChangePages(pages, byPage, { compactDiff: qualP31labelEn }, SKIP)), [2, 3], 'page 3 (usages unknown): the change is not qualifier-only')
  t.strictSame(ids(recentChangePages(pages, byPage, { compactDiff: qualP31 }, SKIP)), [2], 'qualifier-only: page 1 (only CQR.P31) and page 3 (unknown usages) get none; page 2 is affected through L.en too')
  t.strictSame(ids(recentChangePages(pages, byPage, { compactDiff: qualP31 }, ALL)), [1, 2, 3])
  t.strictSame(ids(recentChangePages(pages, byPage, undefined, SKIP)), [1, 2, 3], 'change unknown: every page')
  t.strictSame(ids(recentChangePages(pages, byPage, undefined, { injectRecentChanges: false })), [])
})

t.test('client option recentChangesFilter: default all, one of the two values, else an InvalidOptionError naming it', async t => {
  const client = (extra: Record<string, unknown>) => resolveOptions({ siteId: 'enwiki', roles: ['client'], database: 'postgres://x/y', repo: { siteId: 'repo' }, client: extra }).client
  t.equal(client({}).recentChangesFilter, 'all', 'Wikibase\'s behaviour by default')
  t.equal(client({ recentChangesFilter: 'skipQualOrRefOnly' }).recentChangesFilter, 'skipQualOrRefOnly')
  t.throws(() => client({ recentChangesFilter: 'none' }), { name: 'InvalidOptionError', message: /recentChangesFilter/ })
})
