import t from 'tap'
import { diffHistHtml, entityLinkHtml, externalChangeLineHtml, repoUserLinksHtml, repoUserName, type ExternalChangeRow } from '../../../example-wiki/web/change-line-formatter.js'
import { repoLinker } from '../../../example-wiki/web/repo-linker.js'
import { languageLinksView, repoItemLink } from '../../../example-wiki/web/repo-item-link.js'

const linker = repoLinker('http://repo.local/')
const deps = { linker, entityLabel: (id: string) => ({ Q64: 'Berlin', Q1: '<b>&' } as Record<string, string>)[id] }

const DIFF_HIST_Q64 = '(<a href="http://repo.local/wiki/Item:Q64?diff=12&amp;oldid=11">diff</a> | <a href="http://repo.local/wiki/Item:Q64?action=history">hist</a>)'
const BERLIN = ' <span class="wb-entity">(<a href="http://repo.local/wiki/Item:Q64" class="wb-entity-link">Berlin (Q64)</a>)</span>'

t.test('(diff | hist) on the repo; the deletion log for a deletion or undeletion', async t => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['update', { object_id: 'Q64', type: 'wikibase-item~update', rev_id: 12, parent_id: 11 }, DIFF_HIST_Q64],
    ['revision_id when rev_id is absent', { object_id: 'Q64', type: 'wikibase-item~update', revision_id: '12', parent_id: '11' }, DIFF_HIST_Q64],
    ['creation: no parent, no diff link', { object_id: 'Q64', type: 'wikibase-item~add', rev_id: 3, parent_id: 0 },
      '(diff | <a href="http://repo.local/wiki/Item:Q64?action=history">hist</a>)'],
    ['property', { object_id: 'P31', type: 'wikibase-property~update', rev_id: 2, parent_id: 1 },
      '(<a href="http://repo.local/wiki/Property:P31?diff=2&amp;oldid=1">diff</a> | <a href="http://repo.local/wiki/Property:P31?action=history">hist</a>)'],
    ['deletion', { object_id: 'Q64', type: 'wikibase-item~remove' }, '(<a href="http://repo.local/wiki/Special:Log/delete">deletion log</a>)'],
    ['undeletion', { object_id: 'Q64', type: 'wikibase-item~restore' }, '(<a href="http://repo.local/wiki/Special:Log/delete">deletion log</a>)'],
    ['bad entity id', { object_id: '<x>', type: 'wikibase-item~update' }, ''],
    ['no params', {}, '']
  ]
  for (const [name, params, expected] of cases) t.equal(diffHistHtml(params, linker), expected, name)
  t.equal(diffHistHtml({ object_id: 'Q64', type: 'wikibase-item~update', rev_id: 2, parent_id: 1 }, null), '', 'no repo URL: no links')
})

t.test('the entity by its label with its id, linked to the repo; none for a deletion', async t => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['label', { object_id: 'Q64', type: 'wikibase-item~update' }, BERLIN],
    ['no label: the id', { object_id: 'Q5', type: 'wikibase-item~update' }, ' <span class="wb-entity">(<a href="http://repo.local/wiki/Item:Q5" class="wb-entity-link">Q5</a>)</span>'],
    ['label escaped', { object_id: 'Q1', type: 'wikibase-item~update' }, ' <span class="wb-entity">(<a href="http://repo.local/wiki/Item:Q1" class="wb-entity-link">&lt;b&gt;&amp; (Q1)</a>)</span>'],
    ['undeletion keeps it', { object_id: 'Q64', type: 'wikibase-item~restore' }, BERLIN],
    ['deletion', { object_id: 'Q64', type: 'wikibase-item~remove' }, ''],
    ['bad entity id', { object_id: 'Q64"', type: 'wikibase-item~update' }, '']
  ]
  for (const [name, params, expected] of cases) t.equal(entityLinkHtml(params, deps), expected, name)
  t.equal(entityLinkHtml({ object_id: 'Q64', type: 'wikibase-item~update' }, { linker: null, entityLabel: () => 'B<' }), ' <span class="wb-entity">(B&lt; (Q64))</span>', 'no repo URL: text')
})

t.test('the user\'s links on the repo: user page, (talk | contribs); an IP: contributions, (talk)', async t => {
  t.equal(repoUserLinksHtml('Ann Smith', linker),
    '<a href="http://repo.local/wiki/User:Ann_Smith" class="mw-userlink">Ann Smith</a> <span class="mw-usertoollinks">(' +
    '<a href="http://repo.local/wiki/User_talk:Ann_Smith">talk</a> | <a href="http://repo.local/wiki/Special:Contributions/Ann_Smith">contribs</a>)</span>')
  t.equal(repoUserLinksHtml('192.0.2.7', linker),
    '<a href="http://repo.local/wiki/Special:Contributions/192.0.2.7" class="mw-userlink mw-anonuserlink">192.0.2.7</a> (<a href="http://repo.local/wiki/User_talk:192.0.2.7">talk</a>)')
  t.equal(repoUserLinksHtml('<b>"', linker),
    '<a href="http://repo.local/wiki/User:%3Cb%3E%22" class="mw-userlink">&lt;b&gt;&quot;</a> <span class="mw-usertoollinks">(' +
    '<a href="http://repo.local/wiki/User_talk:%3Cb%3E%22">talk</a> | <a href="http://repo.local/wiki/Special:Contributions/%3Cb%3E%22">contribs</a>)</span>', 'escaped')
  t.equal(repoUserLinksHtml('Ann', null), '<span class="mw-userlink">Ann</span>', 'no repo URL: the name')
  const names: Array<[Record<string, unknown>, string, string]> = [
    [{ user_text: 'Ann' }, 'repo>Ann', 'Ann'],
    [{}, 'repowiki>Bob', 'Bob'],
    [{ user_text: '' }, 'Carl', 'Carl']
  ]
  for (const [params, rcUserText, expected] of names) t.equal(repoUserName(params, rcUserText), expected, `${rcUserText} → ${expected}`)
})

t.test('the whole line, in ChangeLineFormatter::format\'s order', async t => {
  const row: ExternalChangeRow = {
    params: { object_id: 'Q64', type: 'wikibase-item~update', rev_id: 12, parent_id: 11, user_text: 'Ann' },
    titleHtml: '<a href="/wiki/Berlin">Berlin</a>',
    time: '2026-12-04 12:00:00',
    rcUserText: 'repowiki>Ann',
    deleted: 0,
    commentHtml: 'label changed'
  }
  const tail = '; <span class="mw-changeslist-date">2026-12-04 12:00:00</span> <span class="mw-changeslist-separator">. .</span> '
  const head = `${DIFF_HIST_Q64} <span class="mw-changeslist-separator">. .</span> <abbr class="wikibase-edit" title="repowiki edit">D</abbr> <span class="mw-title"><a href="/wiki/Berlin">Berlin</a></span>`
  const userLinks = repoUserLinksHtml('Ann', linker)
  const lineDeps = { ...deps, repoName: 'repowiki' }
  const cases: Array<[string, Partial<ExternalChangeRow>, string]> = [
    ['an edit', {}, `${head}${BERLIN}${tail}${userLinks} <span class="comment">(label changed)</span>`],
    ['no comment', { commentHtml: '' }, `${head}${BERLIN}${tail}${userLinks}`],
    ['user hidden (rc_deleted 4)', { deleted: 4 }, `${head}${BERLIN}${tail}<span class="history-deleted user">(username removed)</span> <span class="comment">(label changed)</span>`],
    ['comment hidden (rc_deleted 2)', { deleted: 2 }, `${head}${BERLIN}${tail}${userLinks} <span class="history-deleted comment">(edit summary removed)</span>`],
    ['deletion: the log, no entity', { params: { object_id: 'Q64', type: 'wikibase-item~remove', user_text: 'Ann' } },
      '(<a href="http://repo.local/wiki/Special:Log/delete">deletion log</a>) <span class="mw-changeslist-separator">. .</span> <abbr class="wikibase-edit" title="repowiki edit">D</abbr> <span class="mw-title"><a href="/wiki/Berlin">Berlin</a></span>' +
      `${tail}${userLinks} <span class="comment">(label changed)</span>`]
  ]
  for (const [name, change, expected] of cases) t.equal(externalChangeLineHtml({ ...row, ...change }, lineDeps), expected, name)
})

t.test('client page: repository item link and autonym language links', async t => {
  t.same(repoItemLink([['wikibase_item', 'Q64']], linker), { id: 'Q64', url: 'http://repo.local/wiki/Item:Q64' })
  t.equal(repoItemLink([['other', 'Q64']], linker), null)
  t.equal(repoItemLink([['wikibase_item', '<script>']], linker), null)
  t.equal(repoItemLink([['wikibase_item', 'Q64']], null), null)
  t.same(languageLinksView([
    { siteId: 'dewiki', title: 'Berlin', url: 'u', language: 'de' },
    { siteId: 'zh_min_nanwiki', title: 'Pek-lim', url: 'u', language: 'nan' },
    { siteId: 'xxwiki', title: 'X', url: 'u', language: 'qqq-unknown' }
  ]).map(l => [l.name, l.tooltip]), [['Deutsch', 'Berlin – Deutsch'], ['閩南語 / Bân-lâm-gí', 'Pek-lim – 閩南語 / Bân-lâm-gí'], ['qqq-unknown', 'X – qqq-unknown']])
})
