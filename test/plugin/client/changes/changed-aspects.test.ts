import t from 'tap'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { parseSiteGlobalId } from '../../../../hooks/ids.js'
import { getChangedAspects, isBadgesOnlyChange, localTitleChange } from '../../../../plugin/client/changes/changed-aspects.js'

const enwiki = parseSiteGlobalId('enwiki')
const diff = (fields: Partial<EntityDiffChangedAspects>): EntityDiffChangedAspects => ({ ...emptyEntityDiffChangedAspects(), ...fields })

// The compact diffs of AffectedPagesFinderTest's changes (facts §7.5, first table), by hand.
// Local site enwiki; a page's title is its id.
t.test('getChangedAspects (AffectedPagesFinderTest)', async t => {
  const cases: Array<[string, EntityDiffChangedAspects, string[]]> = [
    ['add Q1 with enwiki "1"', diff({ siteLinkChanges: { enwiki: [null, '1', false] } }), ['S', 'T']],
    ['Q1 enwiki "1" → no sitelinks', diff({ siteLinkChanges: { enwiki: ['1', null, false] } }), ['S', 'T']],
    ['Q2 none → enwiki "2"', diff({ siteLinkChanges: { enwiki: [null, '2', false] } }), ['S', 'T']],
    ['Q1 enwiki "1" → "2"', diff({ siteLinkChanges: { enwiki: ['1', '2', false] } }), ['S', 'T']],
    ['remove Q2 (had enwiki "2")', diff({ siteLinkChanges: { enwiki: ['2', null, false] } }), ['S', 'T']],
    ['Q2 enwiki "2" → + itwiki "DUE"', diff({ siteLinkChanges: { itwiki: [null, 'DUE', false] } }), ['S']],
    ['aliases de added', diff({ aliasChanges: ['de'] }), ['A', 'A.de']],
    ['label en added', diff({ labelChanges: ['en'] }), ['L', 'L.en']],
    ['enwiki "1" → "1" + badge Q34', diff({ siteLinkChanges: { enwiki: [null, null, true] } }), ['S']],
    ['description en "Hello" → "Hallo"', diff({ descriptionChanges: ['en'] }), ['D', 'D.en']],
    ['statement P5 "Hello" added', diff({ statementChangesExcludingQualOrRefOnlyChanges: ['P5'] }), ['C', 'C.P5', 'CQR', 'CQR.P5']],
    ['P5 "Hello" → same + qualifier P11', diff({ statementChangesQualOrRefOnly: ['P5'] }), ['CQR', 'CQR.P5']]
  ]
  for (const [name, compactDiff, aspects] of cases) t.strictSame(getChangedAspects(compactDiff, enwiki), aspects, name)
})

t.test('getChangedAspects: other changes, empty diffs, several sections', async t => {
  const cases: Array<[string, EntityDiffChangedAspects, string[]]> = [
    ['empty diff', diff({}), ['O']],
    ['other changes only', diff({ otherChanges: true }), ['O']],
    ['label fa + other changes', diff({ labelChanges: ['fa'], otherChanges: true }), ['L', 'L.fa', 'O']],
    ['badge-only change given with both titles', diff({ siteLinkChanges: { enwiki: ['1', '1', true] } }), ['S']],
    ['local and foreign sitelinks', diff({ siteLinkChanges: { dewiki: ['A', 'B', false], enwiki: ['1', '2', true] } }), ['S', 'T']],
    ['everything', diff({
      siteLinkChanges: { dewiki: [null, 'X', false] },
      labelChanges: ['de', 'en'],
      descriptionChanges: ['es'],
      aliasChanges: ['pl'],
      statementChangesExcludingQualOrRefOnlyChanges: ['P1', 'P2'],
      statementChangesQualOrRefOnly: ['P2', 'P3'],
      otherChanges: true
    }), ['S', 'L', 'L.de', 'L.en', 'D', 'D.es', 'A', 'A.pl', 'C', 'C.P1', 'C.P2', 'CQR', 'CQR.P1', 'CQR.P2', 'CQR.P3', 'O']]
  ]
  for (const [name, compactDiff, aspects] of cases) t.strictSame(getChangedAspects(compactDiff, enwiki), aspects, name)
})

t.test('badge-only and local title changes', async t => {
  t.equal(isBadgesOnlyChange([null, null, true]), true)
  t.equal(isBadgesOnlyChange(['1', '1', true]), true)
  t.equal(isBadgesOnlyChange([null, null, false]), false)
  t.equal(isBadgesOnlyChange(['1', '2', true]), false)
  t.strictSame(localTitleChange(diff({ siteLinkChanges: { enwiki: ['1', '2', false] } }), enwiki), ['1', '2', false])
  t.equal(localTitleChange(diff({ siteLinkChanges: { enwiki: [null, null, true] } }), enwiki), null)
  t.equal(localTitleChange(diff({ siteLinkChanges: { dewiki: ['1', '2', false] } }), enwiki), null)
})
