import t from 'tap'
import { freshDatabase, testPool } from '../support/test-database.js'
import { expandWikitext } from '../../example-wiki/engine/preprocessor.js'
import { renderWikitext } from '../../example-wiki/engine/wikitext-renderer.js'
import { migrateEngine } from '../../example-wiki/engine/engine-migrator.js'
import { createWiki } from '../../example-wiki/engine/host-services.js'
import { deletePage, movePage, savePage, viewPage } from '../../example-wiki/engine/wiki-engine.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import { insertRecentChange, listRecentChanges } from '../../example-wiki/engine/recent-changes-store.js'
import type { PageId } from '../../hooks/ids.js'
import { parseEntityId, type EntityId } from '../../hooks/ids.js'
import { inTransaction } from '../../example-wiki/engine/wiki-db.js'
import { emptyEntityDiffChangedAspects } from '../../plugin/changes/entity-diff-changed-aspects.js'
import { newEntityChange } from '../../plugin/changes/entity-change.js'
import { qqxMessageFormatter } from '../../plugin/client/changes/client-messages.js'
import { newRecentChange } from '../../plugin/client/changes/recent-change-factory.js'

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
  t.same(await migrateEngine(db), ['001_pages', '002_recentchanges', '003_links', '004_render_cache', '005_farm_setting', '006_recentchanges_whole_seconds', '010_accounts', '011_recentchanges_tags',
    '012_recentchanges_deleted_bits', '030_page_props_by_name', '040_render_cache_other_projects', '050_render_cache_user_language', '060_watchlist_user_properties',
    '070_render_cache_tags'])
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

t.test('recentchanges: whole seconds for every row, listed by timestamp then id (issue 14.2)', async t => {
  const url = await freshDatabase(t, 'examplerc')
  const pool = testPool(t, url)
  const db = { pool, schema: 'wiki' }
  await migrateEngine(db)
  const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } as any
  const wiki = createWiki({ siteId: 'testwiki', language: 'en', db, log })
  const user = { id: 0, name: '127.0.0.1', anonymous: true, bot: false }
  const base = { rc_namespace: 0, rc_title: 'Roma', rc_cur_id: 1, rc_this_oldid: 1, rc_last_oldid: 0, rc_user: 0, rc_user_text: 'U', rc_bot: false, rc_minor: false, rc_log_type: null, rc_params: null }
  const local = (time: string, comment: string) => ({ ...base, rc_timestamp: new Date(time), rc_comment: comment, rc_source: 'mw.edit', rc_log_action: null })
  const injected = (time: string, comment: string) => ({ ...base, rc_timestamp: new Date(time), rc_comment: comment, rc_source: 'wb', rc_log_action: '' as const, rc_patrolled: 2, rc_deleted: false, rc_old_len: 3, rc_new_len: 3 })
  // In the order they are saved: a local edit, the repo change that linked the page in the same
  // second (its time is whole seconds), a local edit of the second before, then two more.
  await insertRecentChange(pool, db, local('2026-12-01T16:03:29.771Z', 'created'))
  await wiki.host.services.insertRecentChanges([injected('2026-12-01T16:03:29Z', 'linked')])
  await insertRecentChange(pool, db, local('2026-12-01T16:03:28.999Z', 'late row of the second before'))
  await wiki.host.services.insertRecentChanges([injected('2026-12-01T16:03:30Z', 'label')])
  await insertRecentChange(pool, db, local('2026-12-01T16:03:30.500Z', 'edited'))
  const listed = (rows: Array<{ rc_comment: string, rc_timestamp: Date }>): string[] => rows.map(r => `${r.rc_timestamp.toISOString()} ${r.rc_comment}`)
  const expected = [
    '2026-12-01T16:03:30.000Z edited',
    '2026-12-01T16:03:30.000Z label',
    '2026-12-01T16:03:29.000Z linked',
    '2026-12-01T16:03:29.000Z created',
    '2026-12-01T16:03:28.000Z late row of the second before'
  ]
  t.same(listed(await listRecentChanges(pool, db, { limit: 10, hideExternal: false })), expected, 'newest first; one second in the order saved')
  t.same(listed(await listRecentChanges(pool, db, { limit: 10, hideExternal: false, namespace: 0, title: 'Roma' })), expected, 'the same for one page')
  t.same(listed(await listRecentChanges(pool, db, { limit: 10, hideExternal: true })), expected.filter(line => !/ (linked|label)$/.test(line)), 'without repo rows')

  const saved = await savePage(wiki, { title: parseTitle('Milano'), text: 'x', comment: 'new', user })
  t.equal(saved.recentChange!.rc_timestamp.getMilliseconds(), 0, 'a saved edit: whole seconds')
  const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM wiki.recentchanges WHERE rc_timestamp <> date_trunc('second', rc_timestamp)")
  t.equal(rows[0]!.n, 0, 'no row of the table has a fraction of a second')
})

t.test('repo: an entity edit records the content sizes it is given, not the page stub (issue 14.7)', async t => {
  const url = await freshDatabase(t, 'examplesizes')
  const pool = testPool(t, url)
  const db = { pool, schema: 'wiki' }
  await migrateEngine(db)
  const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } as any
  const wiki = createWiki({ siteId: 'repowiki', language: 'en', db, log })
  const user = { id: 7, name: 'Editor', anonymous: false, bot: false }
  const record = wiki.host.services.recordEntityEdit!
  const edits: Array<[string, Parameters<typeof record>[0], number | null, number | null, number | null]> = [
    // [name, edit, rc_old_len, rc_new_len, page_len after]
    ['create', { entityId: 'Q64' as EntityId, user, comment: 'new', revisionId: 1, parentRevisionId: 0, kind: 'create', oldSize: 0, newSize: 70 }, 0, 70, 70],
    ['a sitelink added', { entityId: 'Q64' as EntityId, user, comment: 'link', revisionId: 2, parentRevisionId: 1, kind: 'edit', oldSize: 70, newSize: 128 }, 70, 128, 128],
    ['a label shortened', { entityId: 'Q64' as EntityId, user, comment: 'label', revisionId: 3, parentRevisionId: 2, kind: 'edit', oldSize: 128, newSize: 125 }, 128, 125, 125],
    ['deleted: a log entry', { entityId: 'Q64' as EntityId, user, comment: 'gone', revisionId: 0, parentRevisionId: 3, kind: 'delete', oldSize: null, newSize: null }, null, null, null]
  ]
  for (const [name, edit, oldLen, newLen, pageLen] of edits) {
    const { rcId } = await inTransaction(db, async tx => await record(edit, tx))
    const { rows } = await pool.query('SELECT rc_old_len, rc_new_len FROM wiki.recentchanges WHERE rc_id = $1', [rcId])
    t.same(rows[0], { rc_old_len: oldLen, rc_new_len: newLen }, `${name}: rc lengths`)
    const page = await pool.query("SELECT page_len FROM wiki.page WHERE page_namespace = 120 AND page_title = 'Q64'")
    t.equal(page.rows[0]?.page_len ?? null, pageLen, `${name}: page length`)
  }
})

t.test('pages carry their title in the wiki\'s language, as its sitelinks name them (issue 14.6)', async t => {
  const url = await freshDatabase(t, 'examplelocal')
  const pool = testPool(t, url)
  const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } as any
  const user = { id: 0, name: '127.0.0.1', anonymous: true, bot: false }
  const cases: Array<[string, string, [number, string, string]]> = [
    // [language, title as typed, [namespace, db key, prefixedText]]
    ['de', 'Kategorie:Berlin', [14, 'Berlin', 'Kategorie:Berlin']],
    ['de', 'Vorlage:Infobox Stadt', [10, 'Infobox_Stadt', 'Vorlage:Infobox Stadt']],
    ['de', 'Category:Rom', [14, 'Rom', 'Kategorie:Rom']],
    ['de', 'Berlin Mitte', [0, 'Berlin_Mitte', 'Berlin Mitte']],
    ['it', 'Categoria:Roma', [14, 'Roma', 'Categoria:Roma']],
    ['en', 'Category:Rome', [14, 'Rome', 'Category:Rome']],
    ['en', 'Template:Infobox', [10, 'Infobox', 'Template:Infobox']]
  ]
  for (const language of new Set(cases.map(c => c[0]))) {
    const db = { pool, schema: `wiki_${language}` }
    await migrateEngine(db)
    const wiki = createWiki({ siteId: `${language}wiki`, language, db, log })
    for (const [, text, [namespace, title, prefixedText]] of cases.filter(c => c[0] === language)) {
      const saved = await savePage(wiki, { title: parseTitle(text), text: 'x', comment: 'new', user })
      const [record] = await wiki.host.services.pagesByIds([saved.page.page_id as PageId])
      t.match(record, { namespace, title, prefixedText }, `${language}: ${text}`)
      t.same([...(await wiki.host.services.pageIdsForTitles([prefixedText])).values()], [saved.page.page_id], `${language}: ${prefixedText} names the page`)
    }
  }
  // What the plugin makes of it: the Italian category gets its own "unlinked" comment.
  const wiki = createWiki({ siteId: 'itwiki', language: 'it', db: { pool, schema: 'wiki_it' }, log })
  const [roma] = await wiki.host.services.pagesByIds([...(await wiki.host.services.pageIdsForTitles(['Categoria:Roma'])).values()])
  const change = newEntityChange('update', parseEntityId('Q1'), {
    id: 1, time: '20261202160329', revisionId: 2, userId: 0,
    compactDiff: { ...emptyEntityDiffChangedAspects(), siteLinkChanges: { itwiki: ['Categoria:Roma', 'Categoria:Roma (città)', false] } },
    metadata: { comment: 'moved', user_text: 'U' }
  })
  const deps = { localSiteId: 'itwiki', repoInterwikiPrefix: 'd', msg: qqxMessageFormatter, interwikiIdOf: () => null, entitySourceIsLocal: false }
  t.equal(newRecentChange(change, roma!, null, deps).rc_comment, '(wikibase-comment-unlink)')
})
