import t from 'tap'
import { freshDatabase, testPool } from '../support/test-database.js'
import { expandWikitext } from '../../example-wiki/engine/preprocessor.js'
import { renderWikitext } from '../../example-wiki/engine/wikitext-renderer.js'
import { migrateEngine } from '../../example-wiki/engine/engine-migrator.js'
import { createWiki } from '../../example-wiki/engine/host-services.js'
import { deletePage, movePage, savePage, viewPage } from '../../example-wiki/engine/wiki-engine.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import type { PageId } from '../../plugin/client/page-id.js'

const noHost = {
  parserFunction: () => undefined,
  loadTemplate: async () => null,
  magicWord: () => undefined,
  warn: () => {}
}

t.test('renderer: headings, paragraphs, bold/italic, lists, links (red when missing), escaping', async t => {
  const cases: Array<[string, string]> = [
    ['== Title ==', '<h2 id="Title">Title</h2>'],
    ["'''bold''' and ''italic''", '<p><b>bold</b> and <i>italic</i></p>'],
    ['a\nb\n\nc', '<p>a\nb</p>\n<p>c</p>'],
    ['* one\n* two', '<ul>\n<li>one\n</li>\n<li>two\n</li></ul>'],
    ['[[Berlin]] [[Nowhere|x]]', '<p><a href="/wiki/Berlin" title="Berlin">Berlin</a> <a href="/wiki/Nowhere?action=edit" class="new" title="Nowhere (page does not exist)">x</a></p>'],
    ['<script>x</script>', '<p>&lt;script&gt;x&lt;/script&gt;</p>']
  ]
  for (const [text, html] of cases) t.equal(renderWikitext({ text, exists: title => title.dbKey === 'Berlin' }), html, text)
})

t.test('preprocessor: templates with positional/named parameters and defaults, parser functions, loops', async t => {
  const templates: Record<string, string> = { Greet: 'Hello {{{1}}}, {{{who|nobody}}}!', Loop: 'x{{Loop}}', Outer: '[{{Greet|{{{1}}}|who=b}}]' }
  const calls: string[][] = []
  const host = {
    ...noHost,
    loadTemplate: async (name: string) => templates[name] ?? null,
    parserFunction: (name: string) => name === 'echo' ? async (args: string[]) => { calls.push(args); return args.join('/') } : undefined
  }
  t.equal(await expandWikitext('{{Greet|a}}', host), 'Hello a, nobody!')
  t.equal(await expandWikitext('{{Greet|a|who=[[B|c]]}}', host), 'Hello a, [[B|c]]!', 'a pipe inside a link is not a separator')
  t.equal(await expandWikitext('{{Outer|z}}', host), '[Hello z, b!]')
  t.equal(await expandWikitext('{{#echo:P17|from={{Greet|q}}}}', host), 'P17/from=Hello q, nobody!')
  t.same(calls, [['P17', 'from=Hello q, nobody!']])
  t.match(await expandWikitext('{{Loop}}', host), /Template loop detected/)
  t.equal(await expandWikitext('{{Missing}}', host), '[[Template:Missing]]')
  t.match(await expandWikitext('{{#nope:x}}', host), /Unknown parser function/)
})

t.test('engine on a real database: hooks fire in the right transactions, services work', async t => {
  const url = await freshDatabase(t, 'examplewiki')
  const pool = testPool(t, url, 6)
  const db = { pool, schema: 'wiki' }
  t.same(await migrateEngine(db), ['001_pages', '002_recentchanges', '003_links', '004_render_cache', '005_farm_setting'])
  t.same(await migrateEngine(db), [], 'idempotent')
  const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } as any
  const wiki = createWiki({ siteId: 'testwiki', language: 'en', db, log })
  const events: string[] = []
  let inits = 0
  wiki.host.hooks.hook('ParserFirstCallInit', parser => {
    inits += 1
    parser.setFunctionHook('label', (context, [id = '']) => {
      context.output.extensionData.set('used', id)
      return `Label of ${id}`
    })
  })
  wiki.host.hooks.hook('ContentAlterParserOutput', context => { context.output.pageProps.set('wikibase_item', 'Q64') })
  wiki.host.hooks.hook('RecentChangeSave', async (rc, tx) => {
    const inTx = await tx.query('SELECT 1 FROM wiki.recentchanges WHERE rc_id = $1', [rc.rc_id])
    const outside = await pool.query('SELECT 1 FROM wiki.recentchanges WHERE rc_id = $1', [rc.rc_id])
    events.push(`RecentChangeSave ${rc.rc_title} ${rc.rc_source} tx=${inTx.rowCount} outside=${outside.rowCount}`)
  })
  wiki.host.hooks.hook('LinksUpdateComplete', async (page, output, tx) => {
    const links = await tx.query('SELECT pl_title FROM wiki.pagelinks WHERE pl_from = $1 ORDER BY pl_title', [page.id])
    events.push(`LinksUpdateComplete ${page.title} rev=${page.latestRevisionId} links=${links.rows.map(r => r.pl_title).join(',')} used=${String(output.extensionData.get('used'))}`)
  })
  wiki.host.hooks.hook('PageDeleteComplete', (page) => { events.push(`PageDeleteComplete ${page.title}`) })
  wiki.host.hooks.hook('PageMoveComplete', (from, to) => { events.push(`PageMoveComplete ${from.title}->${to.title} same id=${String(from.id === to.id)}`) })

  const user = { id: 0, name: '127.0.0.1', anonymous: true, bot: false }
  const saved = await savePage(wiki, { title: parseTitle('Berlin'), text: "'''Berlin''' is {{#label:Q183}}. See [[London]].", comment: 'new', user })
  t.match(saved.parse.html, /<b>Berlin<\/b> is Label of Q183/)
  t.same(events, [
    'RecentChangeSave Berlin mw.new tx=1 outside=0',
    `LinksUpdateComplete Berlin rev=${saved.revision.rev_id} links=London used=Q183`
  ], 'RC row then links update, both inside the edit transaction')
  t.equal((await pool.query("SELECT pp_value FROM wiki.page_props WHERE pp_propname = 'wikibase_item'")).rows[0]?.pp_value, 'Q64', 'ContentAlterParserOutput page props saved')

  events.length = 0
  await savePage(wiki, { title: parseTitle('London'), text: 'Back to [[Berlin]].', comment: '', user })
  t.match(events.join('\n'), /LinksUpdateComplete Berlin .*links=London/, 'creating a linked page re-parses pages linking to it')
  t.equal(inits, 1, 'ParserFirstCallInit once per parser instance')

  const page = { id: saved.page.page_id as PageId, namespace: 0, title: 'Berlin' }
  t.equal((await viewPage(wiki, parseTitle('Berlin')))?.fromCache, true, 'rendered page cached')
  await wiki.host.services.purgeWebCache([page], { action: 'test', agent: 'test' })
  t.equal((await viewPage(wiki, parseTitle('Berlin')))?.fromCache, false, 'purgeWebCache drops the cached rendering')

  events.length = 0
  await wiki.host.services.refreshLinks([page], { action: 'test', agent: 'test' })
  t.match(events, [/^LinksUpdateComplete Berlin/], 'refreshLinks re-parses and fires LinksUpdateComplete')

  t.same(Object.fromEntries(await wiki.host.services.pageIdsForTitles(['Berlin', 'Nowhere', 'Template:X'])), { Berlin: saved.page.page_id })
  t.same((await wiki.host.services.pagesByIds([999 as PageId, page.id])).map(p => [p.title, p.latestRevisionId]), [['Berlin', saved.revision.rev_id]])

  events.length = 0
  const [rcId] = await wiki.host.services.insertRecentChanges([{
    rc_timestamp: new Date(), rc_namespace: 0, rc_title: 'Berlin', rc_cur_id: page.id, rc_this_oldid: saved.revision.rev_id, rc_last_oldid: saved.revision.rev_id,
    rc_user: 0, rc_user_text: 'repo>Alice', rc_comment: 'label changed', rc_bot: false, rc_minor: true, rc_source: 'wb', rc_log_type: null, rc_log_action: '',
    rc_params: { 'wikibase-repo-change': { object_id: 'Q183' } }, rc_patrolled: 2, rc_deleted: false, rc_old_len: 10, rc_new_len: 10
  }])
  t.ok(rcId !== undefined && rcId > 0)
  t.match(events, ['RecentChangeSave Berlin wb tx=1 outside=0'])

  events.length = 0
  await movePage(wiki, parseTitle('London'), parseTitle('London (city)'), user, 'rename')
  await deletePage(wiki, parseTitle('Berlin'), user, 'gone')
  t.match(events.join('\n'), /PageMoveComplete London->London_\(city\) same id=true/)
  t.match(events.join('\n'), /PageDeleteComplete Berlin/)
  t.equal(await viewPage(wiki, parseTitle('Berlin')), null)
})
