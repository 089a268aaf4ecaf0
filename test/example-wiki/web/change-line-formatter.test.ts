import t from 'tap'
import { externalChangeLinksHtml } from '../../../example-wiki/web/change-line-formatter.js'
import { repoLinker } from '../../../example-wiki/web/repo-linker.js'
import { languageLinksView, repoItemLink } from '../../../example-wiki/web/repo-item-link.js'

const linker = repoLinker('http://repo.local/')
const deps = { linker, entityLabel: (id: string) => ({ Q64: 'Berlin', Q1: '<b>&' } as Record<string, string>)[id] }

t.test('a repo change line: diff | hist on the repo, the entity by label with its id', async t => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['update', { object_id: 'Q64', type: 'wikibase-item~update', rev_id: 12, parent_id: 11 },
      '(<a href="http://repo.local/wiki/Item:Q64?diff=12&amp;oldid=11">diff</a> | <a href="http://repo.local/wiki/Item:Q64?action=history">hist</a>) <span class="wb-entity">(<a href="http://repo.local/wiki/Item:Q64" class="wb-entity-link">Berlin (Q64)</a>)</span>'],
    ['creation: no parent, no diff link', { object_id: 'Q64', type: 'wikibase-item~add', rev_id: 3, parent_id: 0 },
      '(diff | <a href="http://repo.local/wiki/Item:Q64?action=history">hist</a>) <span class="wb-entity">(<a href="http://repo.local/wiki/Item:Q64" class="wb-entity-link">Berlin (Q64)</a>)</span>'],
    ['no label: the id', { object_id: 'Q5', type: 'wikibase-item~update', rev_id: 2, parent_id: 1 },
      '(<a href="http://repo.local/wiki/Item:Q5?diff=2&amp;oldid=1">diff</a> | <a href="http://repo.local/wiki/Item:Q5?action=history">hist</a>) <span class="wb-entity">(<a href="http://repo.local/wiki/Item:Q5" class="wb-entity-link">Q5</a>)</span>'],
    ['label escaped', { object_id: 'Q1', type: 'wikibase-item~update', rev_id: 2, parent_id: 1 },
      '(<a href="http://repo.local/wiki/Item:Q1?diff=2&amp;oldid=1">diff</a> | <a href="http://repo.local/wiki/Item:Q1?action=history">hist</a>) <span class="wb-entity">(<a href="http://repo.local/wiki/Item:Q1" class="wb-entity-link">&lt;b&gt;&amp; (Q1)</a>)</span>'],
    ['deletion: the deletion log, no entity', { object_id: 'Q64', type: 'wikibase-item~remove' }, '(<a href="http://repo.local/wiki/Special:Log/delete">deletion log</a>)'],
    ['undeletion', { object_id: 'Q64', type: 'wikibase-item~restore' },
      '(<a href="http://repo.local/wiki/Special:Log/delete">deletion log</a>) <span class="wb-entity">(<a href="http://repo.local/wiki/Item:Q64" class="wb-entity-link">Berlin (Q64)</a>)</span>'],
    ['bad entity id', { object_id: '<x>', type: 'wikibase-item~update' }, ''],
    ['no params', {}, '']
  ]
  for (const [name, params, expected] of cases) t.equal(externalChangeLinksHtml(params, deps), expected, name)
  t.equal(externalChangeLinksHtml({ object_id: 'Q64', type: 'wikibase-item~update', rev_id: 2, parent_id: 1 }, { linker: null, entityLabel: () => 'B<' }), ' <span class="wb-entity">(B&lt; (Q64))</span>', 'no repo URL: text')
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
