import t from 'tap'
import { parseEntityId } from '../../../../hooks/ids.js'
import { identityOf, newEntityUsageFromIdentity, type EntityUsage } from '../../../../plugin/client/usage/entity-usage.js'
import { parsePageId, type PageId } from '../../../../hooks/ids.js'
import {
  pagesUsingWithImplicitDescription,
  requestedDescriptionLanguages,
  usagesForPageWithImplicitDescription,
  type ConnectedPage
} from '../../../../plugin/client/usage/implicit-description-usage.js'

const on = { enableImplicitDescriptionUsage: true, allowLocalShortDesc: false }
const u = newEntityUsageFromIdentity
const show = (result: Map<PageId, EntityUsage[]>) => [...result].map(([pageId, usages]) => [pageId, usages.map(identityOf)])

// ImplicitDescriptionUsageLookupTest: the content language of page N is lang-x-N; the wiki's
// content language is en. Q1000's linked title does not exist locally.
const stored = new Map<PageId, EntityUsage[]>([
  [parsePageId(123), [u('Q123#D.lang-x-123')]],
  [parsePageId(456), [u('Q456#C')]],
  [parsePageId(951), [u('P951#O')]]
])
const connected = (item: string, pageId: number | null): ConnectedPage =>
  ({ itemId: parseEntityId(item), pageId: pageId === null ? null : parsePageId(pageId), contentLanguage: `lang-x-${pageId ?? 'missing'}`, hasLocalShortDescription: false })
const connectedPages = [connected('Q123', 123), connected('Q456', 456), connected('Q789', 789), connected('Q1000', null)]

const unchanged = [[123, ['Q123#D.lang-x-123']], [456, ['Q456#C']], [951, ['P951#O']]]
const withImplicit = [[123, ['Q123#D.lang-x-123']], [456, ['Q456#C', 'Q456#D.lang-x-456']], [789, ['Q789#D.lang-x-789']], [951, ['P951#O']]]

t.test('getPagesUsing(P951, Q123, Q456, Q789, Q1000; aspects)', async t => {
  const cases: Array<[string[], unknown[]]> = [
    [['D'], withImplicit],
    [['D.en'], unchanged],
    [['D.xyz'], unchanged],
    [['O', 'D'], withImplicit],
    [[], withImplicit],
    [['C'], unchanged],
    [['L'], unchanged],
    [['O'], unchanged],
    [['S'], unchanged],
    [['T'], unchanged],
    [['X'], unchanged]
  ]
  for (const [aspects, expected] of cases) {
    t.strictSame(show(pagesUsingWithImplicitDescription(stored, aspects, connectedPages, on)), expected, `[${aspects.join(', ')}]`)
  }
})

t.test('a D.xx aspect matching a page content language selects that page', async t => {
  t.strictSame(show(pagesUsingWithImplicitDescription(stored, ['D.lang-x-789'], connectedPages, on)),
    [[123, ['Q123#D.lang-x-123']], [456, ['Q456#C']], [789, ['Q789#D.lang-x-789']], [951, ['P951#O']]])
})

t.test('off by default, and a local short description replaces the implicit usage when allowed', async t => {
  t.strictSame(show(pagesUsingWithImplicitDescription(stored, ['D'], connectedPages, { enableImplicitDescriptionUsage: false, allowLocalShortDesc: false })), unchanged)
  const shortDesc = { ...connected('Q789', 789), hasLocalShortDescription: true }
  t.strictSame(show(pagesUsingWithImplicitDescription(new Map(), ['D'], [shortDesc], { enableImplicitDescriptionUsage: true, allowLocalShortDesc: true })), [])
  t.strictSame(show(pagesUsingWithImplicitDescription(new Map(), ['D'], [shortDesc], on)), [[789, ['Q789#D.lang-x-789']]])
})

t.test('getUsagesForPage adds the implicit usage of a connected page', async t => {
  const cases: Array<[string, ConnectedPage | null, string[]]> = [
    ['connected', connected('Q456', 456), ['Q456#C', 'Q456#D.lang-x-456', 'Q456#S']],
    ['not connected', null, ['Q456#C', 'Q456#S']]
  ]
  for (const [name, page, expected] of cases) {
    t.strictSame(usagesForPageWithImplicitDescription([u('Q456#S'), u('Q456#C')], page, on).map(identityOf), expected, name)
  }
})

t.test('requested description languages', async t => {
  t.equal(requestedDescriptionLanguages([]), 'all')
  t.equal(requestedDescriptionLanguages(['D.en', 'D']), 'all')
  t.strictSame(requestedDescriptionLanguages(['D.en', 'L', 'D.de']), new Set(['en', 'de']))
  t.equal(requestedDescriptionLanguages(['L', 'C.P31']), null)
})
