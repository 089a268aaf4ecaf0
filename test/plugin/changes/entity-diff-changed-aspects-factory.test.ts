import t from 'tap'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects, type SiteLinkChange } from '../../../plugin/changes/entity-diff-changed-aspects.js'
import { entityDiffChangedAspectsFromEntities } from '../../../plugin/changes/entity-diff-changed-aspects-factory.js'
import type { Snak, Statement, WikibaseEntity } from '../../../plugin/changes/wikibase-entity.js'
import { loadCanonicalEntity, loadLegacyEntityWithoutClaims } from '../../fixtures-support/wikidata-fixtures.js'

// ---- builders for the fixtures of EntityDiffChangedAspectsFactoryTest (facts §7.1) ----

const item = (extra: Partial<WikibaseEntity> = {}): WikibaseEntity => ({ type: 'item', id: 'Q2', labels: {}, descriptions: {}, aliases: {}, claims: {}, sitelinks: {}, ...extra })
const property = (extra: Partial<WikibaseEntity> = {}): WikibaseEntity => ({ type: 'property', id: 'P2', datatype: 'hey', labels: {}, descriptions: {}, aliases: {}, claims: {}, ...extra })
const terms = (entries: Record<string, string>) => Object.fromEntries(Object.entries(entries).map(([language, value]) => [language, { language, value }]))
const aliases = (entries: Record<string, string[]>) => Object.fromEntries(Object.entries(entries).map(([language, values]) => [language, values.map(value => ({ language, value }))]))
const sitelinks = (entries: Record<string, [string, string[]?]>) => Object.fromEntries(Object.entries(entries).map(([site, [title, badges]]) => [site, { site, title, badges: badges ?? [] }]))
const snak = (property: string, snaktype: 'novalue' | 'somevalue'): Snak => ({ snaktype, property })
/** A statement without GUID: its list position is its key. */
const statement = (mainsnak: Snak, extra: Partial<Statement> = {}): Statement => ({ mainsnak, rank: 'normal', type: 'statement', ...extra })
const claims = (...statements: Statement[]) => {
  const groups: Record<string, Statement[]> = {}
  for (const s of statements) (groups[s.mainsnak.property] ??= []).push(s)
  return groups
}

const berlin = item({
  sitelinks: sitelinks({ enwiki: ['Berlin'], dewiki: ['Berlin', ['Q2']] }),
  labels: terms({ de: 'Berlin', ru: 'Берлин' }),
  descriptions: terms({ de: 'Hauptstadt von Deutschland', es: 'capital de Alemania' }),
  aliases: aliases({ de: ['Dickes B'], es: ['Berlín'] }),
  claims: claims(statement(snak('P2', 'somevalue')))
})
const paris = item({
  sitelinks: sitelinks({ enwiki: ['Paris'], dewiki: ['Paris', ['Q2']], ruwiki: ['Paris'] }),
  labels: terms({ fr: 'Paris', ru: 'Париж' }),
  descriptions: terms({ de: 'Hauptstadt von Deutschland', es: 'capital de Alemania', pl: 'stolica Francji' }),
  aliases: aliases({ de: ['Dickes B'], es: ['Berlín'], pl: ['Paryż'] }),
  claims: claims(statement(snak('P2', 'novalue')))
})
const qualifiers = { P3: [snak('P3', 'novalue')] }

type Expected = Partial<EntityDiffChangedAspects>

const cases: Array<[string, WikibaseEntity | null, WikibaseEntity | null, Expected]> = [
  ['an item to itself', berlin, berlin, {}],
  ['a property to itself', property({ labels: terms({ en: 'x' }) }), property({ labels: terms({ en: 'x' }) }), {}],
  ['empty item → label de', item(), item({ labels: terms({ de: 'Berlin' }) }), { labelChanges: ['de'] }],
  ['empty → description ru', item(), item({ descriptions: terms({ ru: 'столица' }) }), { descriptionChanges: ['ru'] }],
  ['empty → aliases tr', item(), item({ aliases: aliases({ tr: ['foo', 'bar'] }) }), { aliasChanges: ['tr'] }],
  ['empty item → P1 novalue', item(), item({ claims: claims(statement(snak('P1', 'novalue'))) }), { statementChangesExcludingQualOrRefOnlyChanges: ['P1'] }],
  ['empty property → P1 novalue', property(), property({ claims: claims(statement(snak('P1', 'novalue'))) }), { statementChangesExcludingQualOrRefOnlyChanges: ['P1'] }],
  ['empty → P2 somevalue', item(), item({ claims: claims(statement(snak('P2', 'somevalue'))) }), { statementChangesExcludingQualOrRefOnlyChanges: ['P2'] }],
  ['P2 somevalue → P1 novalue (same position)', item({ claims: claims(statement(snak('P2', 'somevalue'))) }), item({ claims: claims(statement(snak('P1', 'novalue'))) }), { statementChangesExcludingQualOrRefOnlyChanges: ['P1', 'P2'] }],
  ['P2 somevalue → P2 novalue', item({ claims: claims(statement(snak('P2', 'somevalue'))) }), item({ claims: claims(statement(snak('P2', 'novalue'))) }), { statementChangesExcludingQualOrRefOnlyChanges: ['P2'] }],
  ['P2 somevalue → P2 somevalue + qualifiers', item({ claims: claims(statement(snak('P2', 'somevalue'))) }), item({ claims: claims(statement(snak('P2', 'somevalue'), { qualifiers })) }), { statementChangesQualOrRefOnly: ['P2'] }],
  ['P2 novalue → P2 somevalue + qualifiers', item({ claims: claims(statement(snak('P2', 'novalue'))) }), item({ claims: claims(statement(snak('P2', 'somevalue'), { qualifiers })) }), { statementChangesExcludingQualOrRefOnlyChanges: ['P2'] }],
  ['empty → enwiki PHP', item(), item({ sitelinks: sitelinks({ enwiki: ['PHP'] }) }), { siteLinkChanges: { enwiki: [null, 'PHP', false] } }],
  ['empty → enwiki PHP with badge', item(), item({ sitelinks: sitelinks({ enwiki: ['PHP', ['Q49444']] }) }), { siteLinkChanges: { enwiki: [null, 'PHP', true] } }],
  ['enwiki PHP → same + badge', item({ sitelinks: sitelinks({ enwiki: ['PHP'] }) }), item({ sitelinks: sitelinks({ enwiki: ['PHP', ['Q49444']] }) }), { siteLinkChanges: { enwiki: [null, null, true] } }],
  ['empty → Berlin', item(), berlin, {
    labelChanges: ['de', 'ru'],
    descriptionChanges: ['de', 'es'],
    aliasChanges: ['de', 'es'],
    statementChangesExcludingQualOrRefOnlyChanges: ['P2'],
    siteLinkChanges: { dewiki: [null, 'Berlin', true], enwiki: [null, 'Berlin', false] }
  }],
  ['empty → Paris', item(), paris, {
    labelChanges: ['fr', 'ru'],
    descriptionChanges: ['de', 'es', 'pl'],
    aliasChanges: ['de', 'es', 'pl'],
    statementChangesExcludingQualOrRefOnlyChanges: ['P2'],
    siteLinkChanges: { dewiki: [null, 'Paris', true], enwiki: [null, 'Paris', false], ruwiki: [null, 'Paris', false] }
  }],
  ['Berlin → Paris', berlin, paris, {
    labelChanges: ['de', 'fr', 'ru'],
    descriptionChanges: ['pl'],
    aliasChanges: ['pl'],
    statementChangesExcludingQualOrRefOnlyChanges: ['P2'],
    siteLinkChanges: { dewiki: ['Berlin', 'Paris', false], enwiki: ['Berlin', 'Paris', false], ruwiki: [null, 'Paris', false] }
  }],
  ['one unknown top-level key added', item(), item({ kittens: 'three' }), { otherChanges: true }],
  // Beyond the PHP tests: the same rules on nulls (creation / deletion) and on PHP's [] for empty maps.
  ['no entity → Berlin (creation)', null, berlin, {
    labelChanges: ['de', 'ru'],
    descriptionChanges: ['de', 'es'],
    aliasChanges: ['de', 'es'],
    statementChangesExcludingQualOrRefOnlyChanges: ['P2'],
    siteLinkChanges: { dewiki: [null, 'Berlin', true], enwiki: [null, 'Berlin', false] }
  }],
  ['PHP [] maps equal empty maps', item({ labels: [], aliases: [], claims: [], sitelinks: [] }), item(), {}],
  ['property datatype change is another change', property(), property({ datatype: 'string' }), { otherChanges: true }],
  ['alias re-ordering is not a change', item({ aliases: aliases({ de: ['a', 'b'] }) }), item({ aliases: aliases({ de: ['b', 'a'] }) }), {}],
  ['rank-only change is qual/ref-only (facts §9.3)', item({ claims: claims(statement(snak('P5', 'novalue'))) }), item({ claims: claims(statement(snak('P5', 'novalue'), { rank: 'preferred' })) }), { statementChangesQualOrRefOnly: ['P5'] }],
  ['reference added is qual/ref-only', item({ claims: claims(statement(snak('P5', 'novalue'))) }), item({ claims: claims(statement(snak('P5', 'novalue'), { references: [{ snaks: qualifiers }] })) }), { statementChangesQualOrRefOnly: ['P5'] }],
  // What a client's recentChangesFilter relies on (plugin/client/changes/recent-change-filter.ts):
  // a property is qual/ref-only only while no statement of it changed its main value.
  ['qualifier changed (P3 novalue → somevalue) is qual/ref-only', item({ claims: claims(statement(snak('P5', 'novalue'), { qualifiers })) }), item({ claims: claims(statement(snak('P5', 'novalue'), { qualifiers: { P3: [snak('P3', 'somevalue')] } })) }), { statementChangesQualOrRefOnly: ['P5'] }],
  ['P5: one statement\'s value and another\'s qualifier changed → P5 in both lists', item({ claims: claims(statement(snak('P5', 'novalue')), statement(snak('P5', 'novalue'))) }), item({ claims: claims(statement(snak('P5', 'somevalue')), statement(snak('P5', 'novalue'), { qualifiers })) }), { statementChangesExcludingQualOrRefOnlyChanges: ['P5'], statementChangesQualOrRefOnly: ['P5'] }],
  ['P5 qualifier and P6 value → one property in each list', item({ claims: claims(statement(snak('P5', 'novalue')), statement(snak('P6', 'novalue'))) }), item({ claims: claims(statement(snak('P5', 'novalue'), { qualifiers }), statement(snak('P6', 'somevalue'))) }), { statementChangesExcludingQualOrRefOnlyChanges: ['P6'], statementChangesQualOrRefOnly: ['P5'] }]
]

const sorted = (aspects: EntityDiffChangedAspects): EntityDiffChangedAspects => ({
  labelChanges: [...aspects.labelChanges].sort(),
  descriptionChanges: [...aspects.descriptionChanges].sort(),
  aliasChanges: [...aspects.aliasChanges].sort(),
  statementChangesExcludingQualOrRefOnlyChanges: [...aspects.statementChangesExcludingQualOrRefOnlyChanges].sort(),
  statementChangesQualOrRefOnly: [...aspects.statementChangesQualOrRefOnly].sort(),
  siteLinkChanges: Object.fromEntries(Object.entries(aspects.siteLinkChanges).sort(([a], [b]) => a < b ? -1 : 1)),
  otherChanges: aspects.otherChanges
})
const swapSiteLinks = (expected: Expected): Expected => expected.siteLinkChanges === undefined
  ? expected
  : { ...expected, siteLinkChanges: Object.fromEntries(Object.entries(expected.siteLinkChanges).map(([site, [o, n, b]]) => [site, [n, o, b] as SiteLinkChange])) }

t.test('EntityDiffChangedAspectsFactory cases (facts §7.1), each also reversed', async t => {
  for (const [name, oldEntity, newEntity, expected] of cases) {
    t.strictSame(sorted(entityDiffChangedAspectsFromEntities(oldEntity, newEntity)), sorted({ ...emptyEntityDiffChangedAspects(), ...expected }), name)
    t.strictSame(sorted(entityDiffChangedAspectsFromEntities(newEntity, oldEntity)), sorted({ ...emptyEntityDiffChangedAspects(), ...swapSiteLinks(expected) }), `${name}, reversed`)
  }
})

t.test('statements with GUIDs are matched by GUID, not position', async t => {
  const a = statement(snak('P7', 'novalue'), { id: 'Q2$a' })
  const b = statement(snak('P7', 'somevalue'), { id: 'Q2$b' })
  t.strictSame(entityDiffChangedAspectsFromEntities(item({ claims: { P7: [a, b] } }), item({ claims: { P7: [b, a] } })), emptyEntityDiffChangedAspects(), 'reordering is no change')
  t.strictSame(
    entityDiffChangedAspectsFromEntities(item({ claims: { P7: [a] } }), item({ claims: { P7: [{ ...a, id: 'Q2$c' }] } })).statementChangesExcludingQualOrRefOnlyChanges,
    ['P7'],
    'a new GUID with the same value is a remove plus an add'
  )
})

t.test('volatile page/revision fields are not changes; anything else is', async t => {
  const before = item({ pageid: 1, ns: 0, title: 'Q2', lastrevid: 5, modified: '2020-01-01T00:00:00Z' })
  const after = item({ pageid: 1, ns: 0, title: 'Q2', lastrevid: 6, modified: '2021-01-01T00:00:00Z', redirects: { from: 'Q3', to: 'Q2' } })
  t.strictSame(entityDiffChangedAspectsFromEntities(before, after), emptyEntityDiffChangedAspects())
  const lexeme = { type: 'lexeme', id: 'L7', lemmas: { en: { language: 'en', value: 'run' } }, claims: {} }
  t.equal(entityDiffChangedAspectsFromEntities(lexeme, { ...lexeme, lemmas: { en: { language: 'en', value: 'ran' } } }).otherChanges, true, 'lexeme lemma change')
  t.throws(() => entityDiffChangedAspectsFromEntities(item(), property()), { name: 'EntityDiffTypeMismatchError', message: /item Q2 against property P2/ })
})

t.test('the statement `break` quirk of Wikibase (facts §2.3, §9.2) is not reproduced by default', async t => {
  // Diff op order: P1's qualifier-only change is met first, P9's main-snak change after it.
  const before = item({ claims: { P1: [statement(snak('P1', 'novalue'), { id: 'Q2$1' })], P9: [statement(snak('P9', 'novalue'), { id: 'Q2$9' })] } })
  const after = item({ claims: { P1: [statement(snak('P1', 'novalue'), { id: 'Q2$1', qualifiers })], P9: [statement(snak('P9', 'somevalue'), { id: 'Q2$9' })] } })
  const ours = entityDiffChangedAspectsFromEntities(before, after)
  t.strictSame(ours.statementChangesExcludingQualOrRefOnlyChanges, ['P9'], 'P9\'s main snak change is reported')
  t.strictSame(ours.statementChangesQualOrRefOnly, ['P1'])
  const wikibase = entityDiffChangedAspectsFromEntities(before, after, { wikibaseStatementBreakQuirk: true })
  t.strictSame(wikibase.statementChangesExcludingQualOrRefOnlyChanges, [], 'Wikibase stops at P1 and never reports P9')
  t.strictSame(wikibase.statementChangesQualOrRefOnly, ['P1'])
})

// ---- real Wikidata revisions (test/fixtures/wikidata) ----
// Expected values were read off the fixture files with an independent script (jq/python),
// not produced by this code. Lists are compared sorted.

const sortedList = (list: string[]): string[] => [...list].sort()

t.test('Q42: Feb 2015 (rev 196015688) → May 2015 wbgetentities', async t => {
  const a = entityDiffChangedAspectsFromEntities(
    loadCanonicalEntity('responses/wbgetentities-Q6-Q42-P31.json', 'Q42'),
    loadCanonicalEntity('revisions/Q42/wdtk-wbgetentities-Douglas-Adams.json', 'Q42'))
  t.strictSame(a.labelChanges, ['or'], 'only the Odia label was added')
  t.strictSame(a.descriptionChanges, [])
  t.strictSame(a.aliasChanges, [])
  t.strictSame(sortedList(a.statementChangesExcludingQualOrRefOnlyChanges), ['P1263', 'P1695', 'P1816', 'P735', 'P800'])
  t.strictSame(sortedList(a.statementChangesQualOrRefOnly), ['P227', 'P26', 'P69', 'P735'])
  t.notOk(a.statementChangesExcludingQualOrRefOnlyChanges.includes('P569'), 'date of birth only changed its year padding (+00000001952 → +1952)')
  t.strictSame(a.siteLinkChanges, {})
  t.equal(a.otherChanges, false)
})

t.test('Q42: 2015 → 2019 copy trimmed by the Data Bridge authors → 2025', async t => {
  const full2015 = loadCanonicalEntity('revisions/Q42/wdtk-wbgetentities-Douglas-Adams.json', 'Q42')
  const trimmed2019 = loadCanonicalEntity('revisions/Q42/r984899757-trimmed.json', 'Q42')
  const full2025 = loadCanonicalEntity('entities/Q42.json', 'Q42')

  const trimming = entityDiffChangedAspectsFromEntities(full2015, trimmed2019)
  t.equal(trimming.labelChanges.length, 127)
  t.equal(trimming.descriptionChanges.length, 51)
  t.strictSame(sortedList(trimming.aliasChanges), ['be-tarask', 'cs', 'de', 'el', 'en', 'es', 'fr', 'hy', 'it', 'nb', 'pt-br', 'ru', 'zh'])
  t.equal(trimming.statementChangesExcludingQualOrRefOnlyChanges.length, 61)
  t.strictSame(trimming.statementChangesQualOrRefOnly, [])
  t.equal(Object.keys(trimming.siteLinkChanges).length, 94, 'every sitelink was cut')
  t.ok(Object.values(trimming.siteLinkChanges).every(([, newTitle]) => newTitle === null), 'all are removals')
  t.strictSame(trimming.siteLinkChanges.enwiki, ['Douglas Adams', null, false])

  const growth = entityDiffChangedAspectsFromEntities(trimmed2019, full2025)
  t.equal(growth.labelChanges.length, 73)
  t.equal(growth.descriptionChanges.length, 116)
  t.equal(growth.aliasChanges.length, 26)
  t.equal(growth.statementChangesExcludingQualOrRefOnlyChanges.length, 293)
  t.strictSame(growth.statementChangesQualOrRefOnly, [])
  t.equal(Object.keys(growth.siteLinkChanges).length, 129)
  t.ok(Object.values(growth.siteLinkChanges).every(([oldTitle]) => oldTitle === null), 'all are additions')
  t.strictSame(growth.siteLinkChanges.enwiki, [null, 'Douglas Adams', false])
  t.equal(growth.otherChanges, false)
})

t.test('Q1: 2014 (Wikibase test data) → 2015 → May 2016 dump → Mar 2017 dump → 2025', async t => {
  // Skipped: revisions/Q1/wikibase-internal-current-Q1.json is the internal storage format
  // (not canonical output) and its date is unknown; legacy-r10499806 and
  // wikibase-internal-legacy-recent have claims in the legacy claim format.
  const [dms2014, api2015, dump2016, dump2017, api2025] = [
    'revisions/Q1/wikibase-dms-Q1.json', 'revisions/Q1/wdtk-wbgetentities-Q1.json', 'revisions/Q1/dump-2016-05-Q1.json',
    'revisions/Q1/dump-2017-03-Q1.json', 'entities/Q1.json'
  ].map(path => loadCanonicalEntity(path, 'Q1')) as [WikibaseEntity, WikibaseEntity, WikibaseEntity, WikibaseEntity, WikibaseEntity]

  const a = entityDiffChangedAspectsFromEntities(dms2014, api2015)
  t.strictSame([a.labelChanges.length, a.descriptionChanges.length, a.aliasChanges.length, Object.keys(a.siteLinkChanges).length], [38, 27, 7, 36])
  t.strictSame(sortedList(a.statementChangesExcludingQualOrRefOnlyChanges), ['P1036', 'P1051', 'P1245', 'P31', 'P580', 'P793'])
  t.strictSame(a.statementChangesQualOrRefOnly, [])

  const b = entityDiffChangedAspectsFromEntities(api2015, dump2016)
  t.strictSame(sortedList(b.labelChanges), ['bh', 'bho', 'br', 'fr', 'hy', 'lij', 'lt', 'pl', 'ro', 'simple'])
  t.strictSame(sortedList(b.descriptionChanges), ['ca', 'cs', 'id', 'ne', 'pl', 'pt-br', 'scn', 'th'])
  t.strictSame(sortedList(b.aliasChanges), ['cs', 'en', 'eo', 'fr', 'id', 'lt', 'pt', 'pt-br'])
  t.strictSame(sortedList(b.statementChangesExcludingQualOrRefOnlyChanges), ['P1296', 'P1417', 'P1419', 'P2184', 'P2612', 'P2670', 'P460', 'P527', 'P646', 'P793'])
  t.strictSame(b.statementChangesQualOrRefOnly, ['P793'])
  t.same(b.siteLinkChanges, {
    azwikiquote: [null, 'Kainat', false],
    bhwiki: [null, 'ब्रह्मांड', false],
    chrwiki: [null, 'ᎦᎸᎶᎯ ᎦᎸᎾᏗ', false],
    csbwiki: ['Swiatnica', 'Wszechswiat', false],
    enwiki: [null, null, true],
    lijwiki: [null, 'Universo', false],
    siwiki: [null, null, true]
  }, 'enwiki and siwiki only gained a badge')

  const c = entityDiffChangedAspectsFromEntities(dump2016, dump2017)
  t.strictSame(sortedList(c.labelChanges), ['ast', 'bh', 'chr', 'en-ca', 'eu', 'id', 'jam', 'ky', 'nn', 'tl', 'vo', 'wuu'])
  t.strictSame(sortedList(c.descriptionChanges), ['ast', 'bg', 'bn', 'bs', 'en-ca', 'eo', 'eu', 'it', 'ka', 'kn', 'ky', 'mk', 'te'])
  t.strictSame(sortedList(c.aliasChanges), ['ast', 'bg', 'bs', 'en', 'en-ca', 'en-gb', 'es', 'id', 'ka', 'ky', 'pt-br', 'ru', 'te', 'tl', 'tr'])
  t.strictSame(sortedList(c.statementChangesExcludingQualOrRefOnlyChanges), ['P1296', 'P1417', 'P1552', 'P1889', 'P2184', 'P227', 'P2386', 'P2670', 'P2959', 'P3219', 'P3222', 'P3417', 'P3569', 'P398', 'P460', 'P527', 'P793'])
  t.strictSame(sortedList(c.statementChangesQualOrRefOnly), ['P18', 'P227', 'P580'])
  t.same(c.siteLinkChanges, {
    aswiki: [null, 'বিশ্বব্ৰহ্মাণ্ড', false],
    enwikiversity: [null, 'Universe', false],
    frwikiquote: ['Univers', null, false],
    hrwikiquote: [null, 'Svemir', false],
    jamwiki: [null, 'Yunivoers', false],
    jvwiki: ['Alam semesta', 'Jagat', false],
    kywiki: [null, 'Аалам', false],
    snwiki: ['Denganyika', 'Denga neNyika', false],
    wuuwiki: [null, '宇宙', false]
  })

  const d = entityDiffChangedAspectsFromEntities(dump2017, api2025)
  t.strictSame([d.labelChanges.length, d.descriptionChanges.length, d.aliasChanges.length, d.statementChangesExcludingQualOrRefOnlyChanges.length, Object.keys(d.siteLinkChanges).length], [101, 76, 76, 90, 78])
  t.strictSame(sortedList(d.statementChangesQualOrRefOnly), ['P1036', 'P1417', 'P18', 'P227', 'P2386', 'P3417', 'P361', 'P373', 'P508', 'P580', 'P793'])
  for (const diff of [a, b, c, d]) t.equal(diff.otherChanges, false)
})

t.test('Q1 and P6: legacy revisions without claims, converted to canonical form', async t => {
  const load = (path: string): WikibaseEntity => {
    const entity = loadLegacyEntityWithoutClaims(path)
    if (entity === null) throw new Error(`${path} has legacy claims`)
    return entity
  }
  const q1r103 = load('revisions/Q1/legacy-r103.json')
  const q1r1622 = load('revisions/Q1/legacy-r1622.json')
  const q1 = entityDiffChangedAspectsFromEntities(q1r103, q1r1622)
  t.strictSame(q1.labelChanges, ['fr', 'la'])
  t.strictSame(q1.descriptionChanges, ['la'])
  t.same(Object.keys(q1.siteLinkChanges).sort(), ['dewiki', 'eswiki', 'fiwiki', 'frwiki', 'hrwiki', 'jawiki', 'lawiki', 'ptwiki', 'simplewiki'], 'enwiki was there from r103')
  t.strictSame(q1.siteLinkChanges.jawiki, [null, '宇宙', false])
  const q1later = entityDiffChangedAspectsFromEntities(q1r1622, load('revisions/Q1/legacy-r953112.json'))
  t.equal(q1later.labelChanges.length, 135)
  t.equal(Object.keys(q1later.siteLinkChanges).length, 113)

  const [r5788574, r5788751, r22681711, r51742868] = ['legacy-r5788574', 'legacy-r5788751', 'legacy-r22681711', 'legacy-r51742868']
    .map(name => load(`revisions/P6/${name}.json`)) as [WikibaseEntity, WikibaseEntity, WikibaseEntity, WikibaseEntity]
  const p6current = loadCanonicalEntity('entities/P6.json', 'P6')
  t.strictSame(entityDiffChangedAspectsFromEntities(r5788574, r5788751), { ...emptyEntityDiffChangedAspects(), labelChanges: ['it', 'de'] }, 'Mayor gets Sindaco and Bürgermeister')
  const renamed = entityDiffChangedAspectsFromEntities(r5788751, r22681711)
  t.ok(renamed.labelChanges.includes('en'), '"Mayor" → "head of local government"')
  t.strictSame([renamed.labelChanges.length, renamed.descriptionChanges.length, renamed.aliasChanges.length], [48, 24, 16])
  const widened = entityDiffChangedAspectsFromEntities(r22681711, r51742868)
  t.ok(widened.labelChanges.includes('en'), '"head of local government" → "head of government"')
  t.ok(widened.aliasChanges.includes('en'), 'en aliases gained president, prime minister, …')
  t.strictSame([widened.labelChanges.length, widened.descriptionChanges.length, widened.aliasChanges.length], [31, 22, 8])
  const latest = entityDiffChangedAspectsFromEntities(r51742868, p6current)
  t.strictSame([latest.labelChanges.length, latest.descriptionChanges.length, latest.aliasChanges.length], [25, 7, 7])
  t.notOk(latest.labelChanges.includes('en'))
  for (const diff of [renamed, widened, latest]) {
    t.strictSame([diff.statementChangesExcludingQualOrRefOnlyChanges, diff.siteLinkChanges, diff.otherChanges], [[], {}, false], 'a property without claims or sitelinks; datatype unchanged')
  }
})
