import t from 'tap'
import { messageFormatter, qqxMessageFormatter } from '../../../../plugin/client/changes/client-messages.js'
import {
  hasTargetSpecificComment, siteLinkEditComment, siteLinkMessage, siteLinkWikitext,
  type SiteLinkCommentContext, type SiteLinkDiff
} from '../../../../plugin/client/changes/site-link-comment-creator.js'

// Facts §7.16: local site testwiki, messages in qqx; sites here have no interwiki ids unless listed.
const interwikiIds: Record<string, string> = { enwiki: 'en', frwiki: 'fr' }
const context: SiteLinkCommentContext = {
  localSiteId: 'testwiki',
  interwikiIdOf: siteId => interwikiIds[siteId] ?? null,
  msg: qqxMessageFormatter
}

const add = (newValue: string): { name: { op: 'add', newValue: string } } => ({ name: { op: 'add', newValue } })
const remove = (oldValue: string): { name: { op: 'remove', oldValue: string } } => ({ name: { op: 'remove', oldValue } })
const change = (oldValue: string, newValue: string): { name: { op: 'change', oldValue: string, newValue: string } } => ({ name: { op: 'change', oldValue, newValue } })

t.test('qqx and English messages', async t => {
  const cases: Array<[string, string[], string]> = [
    ['wikibase-comment-update', [], '(wikibase-comment-update)'],
    ['wikibase-comment-sitelink-change', ['dewiki:Dummy', 'dewiki:Bummy'], '(wikibase-comment-sitelink-change: dewiki:Dummy, dewiki:Bummy)'],
    ['semicolon-separator', [], '(semicolon-separator)']
  ]
  for (const [key, params, expected] of cases) t.equal(qqxMessageFormatter(key, params), expected, key)
  const en = messageFormatter({ repoName: 'Wikidata' })
  t.equal(en('semicolon-separator', []), '; ')
  t.equal(en('wikibase-comment-sitelink-add', ['[[:fr:Bar]]']), 'Language link added: [[:fr:Bar]]')
  t.equal(en('wikibase-comment-sitelink-change', ['a', 'b']), 'Language link changed from a to b')
  t.equal(en('wikibase-comment-update', []), 'Wikidata item changed', '{{WBREPONAME}} filled in')
  t.equal(messageFormatter({ language: 'de' })('wikibase-comment-update', []), 'Wikibase item changed', 'other languages fall back to English')
  t.equal(messageFormatter({ language: 'qqx' }), qqxMessageFormatter)
  for (const key of ['update', 'add', 'remove', 'restore', 'linked', 'unlink', 'sitelink-add', 'sitelink-remove', 'sitelink-change']) {
    t.not(en(`wikibase-comment-${key}`, ['x', 'y']), `wikibase-comment-${key}`, `English text for wikibase-comment-${key}`)
  }
})

t.test('sitelink wikitext', async t => {
  t.equal(siteLinkWikitext('enwiki', 'Foo Bar', context.interwikiIdOf), '[[:en:Foo Bar]]')
  t.equal(siteLinkWikitext('dewiki', 'Foo Bar', context.interwikiIdOf), 'dewiki:Foo Bar', 'no interwiki id: <siteId>:<page>')
  t.equal(siteLinkWikitext('dewiki', 'X', () => ''), 'dewiki:X', 'an empty interwiki id counts as none')
})

t.test('SiteLinkCommentCreator (§4.8, §7.16)', async t => {
  const cases: Array<[string, SiteLinkDiff, string, string | null, string | null]> = [
    // [name, diff, action, target title, comment]
    ['empty diff: original comment', {}, 'update', null, null],
    // Another single site (§7.16 summaries).
    ['dewiki changed', { dewiki: change('Dummy', 'Bummy') }, 'update', null, '(wikibase-comment-sitelink-change: dewiki:Dummy, dewiki:Bummy)'],
    ['dewiki added', { dewiki: add('Bummy') }, 'update', null, '(wikibase-comment-sitelink-add: dewiki:Bummy)'],
    ['dewiki removed', { dewiki: remove('Dummy') }, 'update', null, '(wikibase-comment-sitelink-remove: dewiki:Dummy)'],
    ['enwiki added: interwiki link', { enwiki: add('Emmy') }, 'update', null, '(wikibase-comment-sitelink-add: [[:en:Emmy]])'],
    ['enwiki changed: interwiki links', { enwiki: change('Emmy', 'Emmy2') }, 'update', null, '(wikibase-comment-sitelink-change: [[:en:Emmy]], [[:en:Emmy2]])'],
    ['one other site but remove action: still the sitelink message', { dewiki: remove('Dummy') }, 'remove', null, '(wikibase-comment-sitelink-remove: dewiki:Dummy)'],
    ['two other sites: original comment', { dewiki: add('A'), enwiki: add('B') }, 'update', null, null],
    ['other site badge-only entry: original comment', { dewiki: {} }, 'update', null, null],
    // The local site: its messages are for the page it names only (issue 23 item 8).
    ['local added, the new page', { testwiki: add('Foo') }, 'update', 'Foo', '(wikibase-comment-linked)'],
    ['local added, add action, the new page', { testwiki: add('Foo') }, 'add', 'Foo', '(wikibase-comment-linked)'],
    ['local removed, the old page', { testwiki: remove('Foo') }, 'update', 'Foo', '(wikibase-comment-unlink)'],
    ['local removed by item deletion, the connected page', { testwiki: remove('Foo') }, 'remove', 'Foo', '(wikibase-comment-remove)'],
    ['local added by item undeletion, the connected page', { testwiki: add('Foo') }, 'restore', 'Foo', '(wikibase-comment-restore)'],
    ['local changed, target is the old page', { testwiki: change('Foo', 'Bar') }, 'update', 'Foo', '(wikibase-comment-unlink)'],
    ['local changed, target is the new page', { testwiki: change('Foo', 'Bar') }, 'update', 'Bar', '(wikibase-comment-linked)'],
    ['local changed, underscores in the target title', { testwiki: change('Foo Bar', 'Baz') }, 'update', 'Foo_Bar', '(wikibase-comment-unlink)'],
    ['local changed by item deletion, target old page', { testwiki: change('Foo', 'Bar') }, 'remove', 'Foo', '(wikibase-comment-remove)'],
    ['local and other sites, the connected page: the local site decides', { testwiki: add('Foo'), dewiki: add('A'), enwiki: remove('B') }, 'update', 'Foo', '(wikibase-comment-linked)'],
    // Pages the local sitelink does not name (a page using the item with from=, or the shared comment).
    ['local added, shared comment', { testwiki: add('Foo') }, 'update', null, '(wikibase-comment-sitelink-add: testwiki:Foo)'],
    ['local added, another page', { testwiki: add('Foo') }, 'update', 'Baz', '(wikibase-comment-sitelink-add: testwiki:Foo)'],
    ['local removed, another page', { testwiki: remove('Foo') }, 'update', 'Baz', '(wikibase-comment-sitelink-remove: testwiki:Foo)'],
    ['item deletion, another page: no "connected item was deleted"', { testwiki: remove('Foo') }, 'remove', 'Baz', '(wikibase-comment-sitelink-remove: testwiki:Foo)'],
    ['item deletion with several sitelinks, another page: the original comment', { testwiki: remove('Foo'), dewiki: remove('A') }, 'remove', 'Baz', null],
    ['item undeletion with several sitelinks, shared: the original comment', { testwiki: add('Foo'), dewiki: add('A') }, 'restore', null, null],
    ['local changed, no target', { testwiki: change('Foo', 'Bar') }, 'update', null, '(wikibase-comment-sitelink-change: testwiki:Foo, testwiki:Bar)'],
    ['local changed, target is another page', { testwiki: change('Foo', 'Bar') }, 'update', 'Baz', '(wikibase-comment-sitelink-change: testwiki:Foo, testwiki:Bar)'],
    ['local and other sites, shared: the original comment', { testwiki: add('Foo'), dewiki: add('A'), enwiki: remove('B') }, 'update', null, null],
    ['local badge-only: original comment, even with one other site', { testwiki: {}, dewiki: add('A') }, 'update', null, null]
  ]
  for (const [name, diff, action, target, expected] of cases) t.equal(siteLinkEditComment(diff, action, context, target), expected, name)
  t.strictSame(siteLinkMessage({ dewiki: change('Dummy', 'Bummy') }, 'update', context), { key: 'wikibase-comment-sitelink-change', params: ['dewiki:Dummy', 'dewiki:Bummy'] })
})

t.test('per-target comment for the page the local sitelink op names', async t => {
  const cases: Array<[string, SiteLinkDiff, string, boolean]> = [
    ['old page', { testwiki: change('Foo', 'Bar') }, 'Foo', true],
    ['new page', { testwiki: change('Foo', 'Bar') }, 'Bar', true],
    ['other page', { testwiki: change('Foo', 'Bar') }, 'Baz', false],
    ['local add, its page', { testwiki: add('Foo') }, 'Foo', true],
    ['local add, another page', { testwiki: add('Foo') }, 'Baz', false],
    ['local remove, its page', { testwiki: remove('Foo_') }, 'Foo ', true],
    ['local remove, another page', { testwiki: remove('Foo') }, 'Baz', false],
    ['other site change', { dewiki: change('Foo', 'Bar') }, 'Foo', false],
    ['local badge-only', { testwiki: {} }, 'Foo', false]
  ]
  for (const [name, diff, target, expected] of cases) t.equal(hasTargetSpecificComment(diff, 'testwiki', target), expected, name)
})
