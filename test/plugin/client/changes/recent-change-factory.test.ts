import t from 'tap'
import type { PageRecord } from '../../../../hooks/contract.js'
import { parseEntityId, type PageId } from '../../../../hooks/ids.js'
import { emptyEntityDiffChangedAspects, type SiteLinkChange } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { newEntityChange, NO_COMPACT_DIFF, type ChangeMetadata, type EntityChange, type OtherChangeAction } from '../../../../plugin/changes/entity-change.js'
import { qqxMessageFormatter } from '../../../../plugin/client/changes/client-messages.js'
import {
  canonicalTitleText, clientUserId, newRecentChange, prepareRecentChangeAttributes, recentChangeComment,
  type PreparedRecentChangeAttributes, type RecentChangeFactoryDeps
} from '../../../../plugin/client/changes/recent-change-factory.js'

// Facts §7.16: language qqx, site testwiki, external user prefix `repo`.
function deps (overrides: Partial<RecentChangeFactoryDeps> = {}): RecentChangeFactoryDeps & { warnings: string[] } {
  const warnings: string[] = []
  return {
    localSiteId: 'testwiki',
    repoInterwikiPrefix: 'repo',
    msg: qqxMessageFormatter,
    interwikiIdOf: () => null,
    entitySourceIsLocal: false,
    onWarning: message => { warnings.push(message) },
    warnings,
    ...overrides
  }
}

const target: PageRecord = { id: 7 as PageId, namespace: 0, title: 'RecentChangeFactoryTest', latestRevisionId: 77, length: 210, contentLanguage: 'en' }
const otherTarget: PageRecord = { id: 8 as PageId, namespace: 0, title: 'Bar', latestRevisionId: 88, length: 5, contentLanguage: 'en' }

const metadata: ChangeMetadata = { rev_id: 2, parent_id: 3, page_id: 4, user_text: 'RecentChangeFactoryTestUser', comment: 'Actual Comment' }

// Wikibase's test change is a `wikibase-item~change`: an action it does not define, kept as written.
const CHANGE = 'change' as OtherChangeAction

function itemChange (siteLinkChanges: Record<string, SiteLinkChange> = {}, fields: Partial<EntityChange> = {}, meta: ChangeMetadata = metadata): EntityChange {
  const change = newEntityChange(CHANGE, parseEntityId('Q17'), {
    id: 13,
    time: '20150202030303',
    revisionId: 0,
    userId: 3,
    compactDiff: { ...emptyEntityDiffChangedAspects(), siteLinkChanges },
    metadata: meta
  })
  return { ...change, ...fields }
}

/** Fields of a change whose info held no compact diff (and, unless given, no metadata). */
const noCompactDiff = { compactDiff: emptyEntityDiffChangedAspects(), compactDiffProblem: NO_COMPACT_DIFF, metadata: undefined }

t.test('the row for a change (§7.16)', async t => {
  const d = deps()
  t.strictSame(newRecentChange(itemChange(), target, null, d), {
    rc_timestamp: new Date(Date.UTC(2015, 1, 2, 3, 3, 3)),
    rc_user: 0,
    rc_user_text: 'repo>RecentChangeFactoryTestUser',
    rc_comment: 'Actual Comment',
    rc_minor: true,
    rc_bot: false,
    rc_patrolled: 2,
    rc_params: {
      'wikibase-repo-change': {
        id: 13, type: 'wikibase-item~change', time: '20150202030303', object_id: 'Q17', revision_id: 0, user_id: 3,
        entity_type: 'item', page_id: 4, rev_id: 2, parent_id: 3, user_text: 'RecentChangeFactoryTestUser', comment: 'Actual Comment'
      }
    },
    rc_logid: 0,
    rc_log_type: null,
    rc_log_action: '',
    rc_source: 'wb',
    rc_deleted: false,
    rc_namespace: 0,
    rc_title: 'RecentChangeFactoryTest',
    rc_cur_id: 7,
    rc_this_oldid: 77,
    rc_last_oldid: 77,
    rc_old_len: 210,
    rc_new_len: 210
  })
  t.strictSame(d.warnings, [])
})

t.test('prepared attributes are used as given; the target page may get its own comment (§7.16)', async t => {
  const prepared: PreparedRecentChangeAttributes = {
    rc_timestamp: new Date(Date.UTC(2001, 0, 1)),
    rc_user: 99,
    rc_user_text: 'Prepared',
    rc_comment: 'Prepared comment',
    rc_minor: true,
    rc_bot: true,
    rc_patrolled: 2,
    rc_params: { prepared: true },
    rc_logid: 0,
    rc_log_type: null,
    rc_log_action: '',
    rc_source: 'wb',
    rc_deleted: false
  }
  const targetColumns = (page: PageRecord): Record<string, number | string> => ({
    rc_namespace: page.namespace, rc_title: page.title, rc_cur_id: page.id,
    rc_this_oldid: page.latestRevisionId, rc_last_oldid: page.latestRevisionId, rc_old_len: page.length, rc_new_len: page.length
  })
  const linkChange = itemChange({ testwiki: ['RecentChangeFactoryTest', 'Bar', false] })
  const cases: Array<[string, EntityChange, PageRecord, string]> = [
    ['no sitelink change', itemChange(), target, 'Prepared comment'],
    ['local sitelink moved away from the target', linkChange, target, '(wikibase-comment-unlink)'],
    ['local sitelink moved to the target', linkChange, otherTarget, '(wikibase-comment-linked)'],
    ['local sitelink change, another target', linkChange, { ...otherTarget, title: 'Baz' }, 'Prepared comment'],
    ['local sitelink added on the target: its own comment', itemChange({ testwiki: [null, 'RecentChangeFactoryTest', false] }), target, '(wikibase-comment-linked)'],
    ['local sitelink added, another target', itemChange({ testwiki: [null, 'RecentChangeFactoryTest', false] }), { ...otherTarget, title: 'Baz' }, 'Prepared comment'],
    ['local sitelink removed from the target', itemChange({ testwiki: ['RecentChangeFactoryTest', null, false] }), target, '(wikibase-comment-unlink)'],
    ['other site changed', itemChange({ dewiki: ['RecentChangeFactoryTest', 'Bar', false] }), target, 'Prepared comment']
  ]
  for (const [name, change, page, comment] of cases) {
    t.strictSame(newRecentChange(change, page, prepared, deps()), { ...prepared, rc_comment: comment, ...targetColumns(page) }, name)
  }
  // Prepared without attributes the sitelink change gives the generic comment, the target its own.
  const d = deps()
  t.equal(prepareRecentChangeAttributes(linkChange, d).rc_comment, '(wikibase-comment-sitelink-change: testwiki:RecentChangeFactoryTest, testwiki:Bar)')
  t.equal(newRecentChange(linkChange, target, null, d).rc_comment, '(wikibase-comment-unlink)')
  t.equal(newRecentChange(linkChange, { ...otherTarget, title: 'Baz' }, null, d).rc_comment, '(wikibase-comment-sitelink-change: testwiki:RecentChangeFactoryTest, testwiki:Bar)')
  // Pages outside the main namespace compare by prefixed text.
  const userPageChange = itemChange({ testwiki: ['User:Emmy2', 'Emmy3', false] })
  t.equal(newRecentChange(userPageChange, { ...target, namespace: 2, title: 'Emmy2' }, prepared, deps()).rc_comment, '(wikibase-comment-unlink)')
  const noCanonicalName = itemChange({ testwiki: ['Emmy2', 'Emmy3', false] })
  t.equal(newRecentChange(noCanonicalName, { ...target, namespace: 100, title: 'Emmy2' }, prepared, deps()).rc_comment, 'Prepared comment', 'no title text (a namespace without canonical name, none from the host): no per-target comment')
})

t.test('per-page sitelink comments compare the host\'s localized title (issue 14.6)', async t => {
  const prepared = prepareRecentChangeAttributes(itemChange(), deps())
  const page = (namespace: number, title: string, prefixedText?: string): PageRecord => ({ ...target, namespace, title, ...(prefixedText === undefined ? {} : { prefixedText }) })
  const moved = (from: string, to: string): EntityChange => itemChange({ testwiki: [from, to, false] })
  const cases: Array<[string, EntityChange, PageRecord, string]> = [
    ['Italian category, old page', moved('Categoria:Roma', 'Categoria:Roma (città)'), page(14, 'Roma', 'Categoria:Roma'), '(wikibase-comment-unlink)'],
    ['Italian category, new page', moved('Categoria:Roma', 'Categoria:Roma (città)'), page(14, 'Roma_(città)', 'Categoria:Roma (città)'), '(wikibase-comment-linked)'],
    ['German template, old page', moved('Vorlage:Infobox Stadt', 'Vorlage:Infobox Ort'), page(10, 'Infobox_Stadt', 'Vorlage:Infobox Stadt'), '(wikibase-comment-unlink)'],
    ['German template, sitelink with underscores', moved('Vorlage:Infobox_Stadt', 'Vorlage:Infobox Ort'), page(10, 'Infobox_Stadt', 'Vorlage:Infobox Stadt'), '(wikibase-comment-unlink)'],
    ['localized namespace with no canonical name', moved('Portale:Roma', 'Portale:Lazio'), page(100, 'Lazio', 'Portale:Lazio'), '(wikibase-comment-linked)'],
    ['the canonical name does not match a localized sitelink', moved('Category:Roma', 'Category:Lazio'), page(14, 'Roma', 'Categoria:Roma'), prepared.rc_comment],
    ['a host without prefixedText: canonical names', moved('Category:Roma', 'Category:Lazio'), page(14, 'Roma'), '(wikibase-comment-unlink)'],
    ['main namespace', moved('Roma', 'Roma (città)'), page(0, 'Roma', 'Roma'), '(wikibase-comment-unlink)']
  ]
  for (const [name, change, target, comment] of cases) t.equal(newRecentChange(change, target, prepared, deps()).rc_comment, comment, name)
})

t.test('a coalesced change gets its per-page comment from its originals, each for that page (issue 14.5)', async t => {
  const prepared = prepareRecentChangeAttributes(itemChange(), deps())
  const original = (siteLinkChanges: Record<string, SiteLinkChange>, comment: string, id: number): EntityChange => itemChange(siteLinkChanges, { id }, { ...metadata, comment })
  const merged = (siteLinkChanges: Record<string, SiteLinkChange>, changes: EntityChange[]): EntityChange =>
    itemChange(siteLinkChanges, { id: null, changeIds: changes.map(c => c.id as number), mergedChanges: changes })
  const moveAway = original({ testwiki: ['RecentChangeFactoryTest', 'Bar', false] }, 'moved', 1)
  const label = original({}, 'Label edit', 2)
  const toB = original({ testwiki: ['RecentChangeFactoryTest', 'B', false] }, 'to B', 3)
  const bToBar = original({ testwiki: ['B', 'Bar', false] }, 'B to Bar', 4)
  const dewiki = original({ dewiki: [null, 'X', false] }, 'de', 5)
  const moved = { testwiki: ['RecentChangeFactoryTest', 'Bar', false] } satisfies Record<string, SiteLinkChange>
  const baz: PageRecord = { ...otherTarget, title: 'Baz' }
  const sep = '(semicolon-separator)'
  const cases: Array<[string, EntityChange, PageRecord, string]> = [
    ['link moved, then a label: old page', merged(moved, [moveAway, label]), target, `(wikibase-comment-unlink)${sep}Label edit`],
    ['link moved, then a label: new page', merged(moved, [moveAway, label]), otherTarget, `(wikibase-comment-linked)${sep}Label edit`],
    ['link moved, then a label: another page keeps the shared comment', merged(moved, [moveAway, label]), baz, prepared.rc_comment],
    ['moved twice: old page', merged(moved, [toB, bToBar]), target, `(wikibase-comment-unlink)${sep}(wikibase-comment-sitelink-change: testwiki:B, testwiki:Bar)`],
    ['moved twice: new page', merged(moved, [toB, bToBar]), otherTarget, `(wikibase-comment-sitelink-change: testwiki:RecentChangeFactoryTest, testwiki:B)${sep}(wikibase-comment-linked)`],
    ['an original on another site', merged(moved, [moveAway, dewiki]), otherTarget, `(wikibase-comment-linked)${sep}(wikibase-comment-sitelink-add: dewiki:X)`],
    ['one original', merged(moved, [moveAway]), target, '(wikibase-comment-unlink)'],
    ['originals gone: empty, as getEditCommentMulti gives it', merged(moved, []), target, ''],
    ['originals gone, new page: empty', merged(moved, []), otherTarget, '']
  ]
  for (const [name, change, page, comment] of cases) {
    t.equal(newRecentChange(change, page, prepared, deps()).rc_comment, comment, name)
  }
})

t.test('comments (§7.16 summaries)', async t => {
  const child = (comment: string): EntityChange => itemChange({}, {}, { ...metadata, comment })
  const cases: Array<[string, EntityChange, string]> = [
    ['empty diff: the repo comment', itemChange(), 'Actual Comment'],
    ['dewiki changed', itemChange({ dewiki: ['Dummy', 'Bummy', false] }), '(wikibase-comment-sitelink-change: dewiki:Dummy, dewiki:Bummy)'],
    ['dewiki added', itemChange({ dewiki: [null, 'Bummy', false] }), '(wikibase-comment-sitelink-add: dewiki:Bummy)'],
    ['dewiki removed', itemChange({ dewiki: ['Dummy', null, false] }), '(wikibase-comment-sitelink-remove: dewiki:Dummy)'],
    ['dewiki badge-only: the repo comment', itemChange({ dewiki: [null, null, true] }), 'Actual Comment'],
    ['two sites: the repo comment', itemChange({ dewiki: [null, 'A', false], frwiki: ['B', null, false] }), 'Actual Comment'],
    [
      'composite of two changes',
      itemChange({}, { ...noCompactDiff, metadata, id: null, changeIds: [1, 2], mergedChanges: [child('Kitten Comment: Fuh'), child('Kitten Comment: Foo')] }),
      'Kitten Comment: Fuh(semicolon-separator)Kitten Comment: Foo'
    ],
    ['composite whose originals are gone: empty (§9.4)', itemChange({}, { ...noCompactDiff, metadata, id: null, changeIds: [1, 2], mergedChanges: [] }), ''],
    ['comment \'\': the update message', itemChange({}, {}, { ...metadata, comment: '' }), '(wikibase-comment-update)'],
    ['no metadata comment: the bare key, as EntityChange::getComment gives it',
      itemChange({}, {}, { user_text: 'U' }), 'wikibase-comment-change'],
    ['property change: no sitelink comment',
      itemChange({}, { ...noCompactDiff, metadata, entityId: parseEntityId('P5'), entityType: 'property' }), 'Actual Comment']
  ]
  for (const [name, change, comment] of cases) t.equal(recentChangeComment(change, deps()), comment, name)
  const d = deps()
  const { comment: _comment, ...withoutComment } = metadata
  for (const meta of [{ ...metadata, comment: '' }, withoutComment]) {
    recentChangeComment(itemChange({}, {}, meta), d)
    recentChangeComment(itemChange({ dewiki: [null, null, true] }, {}, meta), d)
  }
  t.same(d.warnings, [], 'an edit without a comment is normal: no warning (Wikibase falls back to the message quietly)')
  const english = deps({ msg: (key, params) => key === 'semicolon-separator' ? '; ' : `${key}${params.join('')}` })
  t.equal(recentChangeComment(cases[6]![1], english), 'Kitten Comment: Fuh; Kitten Comment: Foo', 'the separator is the message text')
})

t.test('rc_user mapping (§7.16)', async t => {
  // Mock central lookup: local id = central id ÷ (−0.5); central ids ≥ 0 are invalid.
  const centralLookup = (central: number): number | null => central >= 0 ? null : central / -0.5
  const cases: Array<[string, boolean, number, number | undefined, boolean, number]> = [
    // [name, central lookup, repo user, central_user_id, source is local (local DB or false), rc_user]
    ['anonymous', true, 0, 0, false, 0],
    ['no lookup, separate source', false, 3, -3, false, 0],
    ['no lookup, local source db', false, 3, -3, true, 3],
    ['no lookup, source db false', false, 3, -3, true, 3],
    ['central id 0', true, 5, 0, false, 0],
    ['no central id', true, 7, undefined, false, 0],
    ['invalid central id', true, 8, 3, false, 0],
    ['valid central id: that user\'s local id', true, 9, -4, false, 8]
  ]
  for (const [name, lookup, repoUser, central, local, expected] of cases) {
    const meta: ChangeMetadata = { ...metadata }
    if (central !== undefined) meta.central_user_id = central
    const d = deps({ entitySourceIsLocal: local, ...(lookup ? { localUserIdForCentral: centralLookup } : {}) })
    t.equal(clientUserId(repoUser, meta, d), expected, name)
    const row = prepareRecentChangeAttributes(itemChange({}, { userId: repoUser }, meta), d)
    t.equal(row.rc_user, expected, `${name}: rc_user`)
    t.equal(row.rc_user_text, expected === 0 && repoUser !== 0 ? 'repo>RecentChangeFactoryTestUser' : 'RecentChangeFactoryTestUser', `${name}: rc_user_text`)
  }
  t.equal(clientUserId(9, { central_user_id: -4 }, deps({ localUserIdForCentral: () => 0, entitySourceIsLocal: true })), 9, 'lookup finding no user (0): falls back to the source rule')
})

t.test('other attributes', async t => {
  const now = new Date(Date.UTC(2024, 4, 5, 6, 7, 8, 771))
  t.strictSame(prepareRecentChangeAttributes(itemChange({}, { time: '' }), deps({ now: () => now })).rc_timestamp, new Date(Date.UTC(2024, 4, 5, 6, 7, 8)), 'no time: now, in whole seconds (issue 14.2)')
  const bots: Array<[ChangeMetadata['bot'] | undefined, boolean]> = [[1, true], [true, true], [0, false], [false, false], [undefined, false]]
  for (const [bot, expected] of bots) {
    const meta: ChangeMetadata = { ...metadata }
    if (bot !== undefined) meta.bot = bot
    t.equal(prepareRecentChangeAttributes(itemChange({}, {}, meta), deps()).rc_bot, expected, `bot ${String(bot)}`)
  }
  const legacy = itemChange({}, {}, { rc_user_text: 'Legacy', comment: 'c' } as unknown as ChangeMetadata)
  t.equal(prepareRecentChangeAttributes(legacy, deps()).rc_user_text, 'repo>Legacy', 'legacy rc_user_text')
  const clash = itemChange({}, {}, { ...metadata, type: 'from-metadata' } as unknown as ChangeMetadata)
  t.match(prepareRecentChangeAttributes(clash, deps()).rc_params, { 'wikibase-repo-change': { type: 'from-metadata' } }, 'metadata wins over fields')
  const noMetadata = itemChange({}, noCompactDiff)
  t.strictSame(prepareRecentChangeAttributes(noMetadata, deps()).rc_params, {
    'wikibase-repo-change': { id: 13, type: 'wikibase-item~change', time: '20150202030303', object_id: 'Q17', revision_id: 0, user_id: 3, entity_type: 'item' }
  }, 'no metadata: no metadata defaults either')
  const property = itemChange({}, { entityId: parseEntityId('P5'), entityType: 'property' })
  t.match(prepareRecentChangeAttributes(property, deps()).rc_params, { 'wikibase-repo-change': { entity_type: 'property' } })
  const d = deps()
  prepareRecentChangeAttributes(itemChange({}, { ...noCompactDiff, metadata }), d)
  t.match(d.warnings, [/no compact diff/], 'an item change without compact diff is warned about')
})

t.test('canonical title text', async t => {
  const cases: Array<[number, string, string | null]> = [[0, 'Foo_Bar', 'Foo Bar'], [2, 'Emmy2', 'User:Emmy2'], [3, 'A_b', 'User talk:A b'], [14, 'X', 'Category:X'], [100, 'X', null]]
  for (const [namespace, title, expected] of cases) t.equal(canonicalTitleText({ namespace, title }), expected, `${namespace}:${title}`)
})
