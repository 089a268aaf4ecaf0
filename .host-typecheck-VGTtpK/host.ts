// minimal-wiki.ts — a wiki that is its own Wikibase repo and client, in one file.
import { randomBytes } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import pg from 'pg'
import wikibase, { createWikiHost } from 'fastify-wikibase'
import type {
  EntityPageEdit, ExternalRecentChange, HostUser, PageId, PageRecord, PageRef, ParserContext, ParserFunction, RecentChange, Tx, UserRight, WikiHost
} from 'fastify-wikibase/hooks'
import type { HostConformanceAdapter } from 'fastify-wikibase/testing'

const SITE_ID = 'minimalwiki'
const LANGUAGE = 'en'
// Namespace names as MediaWiki's English ones; 120/122 are where the plugin expects entity pages.
const NAMESPACES: Record<string, number> = { Template: 10, Category: 14, Item: 120, Property: 122 }

// The host's own tables, in the same database as the plugin's (one pool for both).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS page (page_id serial PRIMARY KEY, page_namespace int NOT NULL, page_title text NOT NULL,
  page_latest int NOT NULL DEFAULT 0, page_len int NOT NULL DEFAULT 0, UNIQUE (page_namespace, page_title));
CREATE TABLE IF NOT EXISTS revision (rev_id serial PRIMARY KEY, rev_page int NOT NULL, rev_text text NOT NULL);
CREATE TABLE IF NOT EXISTS recentchanges (rc_id serial PRIMARY KEY, rc_timestamp timestamptz NOT NULL, rc_namespace int NOT NULL,
  rc_title text NOT NULL, rc_cur_id int NOT NULL, rc_this_oldid int NOT NULL, rc_last_oldid int NOT NULL, rc_user int NOT NULL,
  rc_user_text text NOT NULL, rc_comment text NOT NULL, rc_bot boolean NOT NULL, rc_minor boolean NOT NULL, rc_source text NOT NULL,
  rc_log_type text, rc_log_action text, rc_params jsonb, rc_old_len int, rc_new_len int);
CREATE TABLE IF NOT EXISTS rendered (page_id int PRIMARY KEY, html text NOT NULL);`

type Row = Omit<RecentChange, 'rc_id'> & { rc_old_len: number | null, rc_new_len: number | null }

export function parseTitle (text: string): { namespace: number, title: string } {
  const colon = text.indexOf(':')
  const namespace = colon > 0 ? NAMESPACES[text.slice(0, colon)] : undefined
  const title = (namespace === undefined ? text : text.slice(colon + 1)).trim().replaceAll(' ', '_')
  return { namespace: namespace ?? 0, title: title.charAt(0).toUpperCase() + title.slice(1) }
}

function prefixedText (namespace: number, title: string): string {
  const name = Object.keys(NAMESPACES).find(n => NAMESPACES[n] === namespace)
  return (name === undefined ? '' : `${name}:`) + title.replaceAll('_', ' ')
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

export async function startMinimalWiki (databaseUrl: string): Promise<{ app: FastifyInstance, adapter: HostConformanceAdapter }> {
  const pool = new pg.Pool({ connectionString: databaseUrl })
  await pool.query(SCHEMA)
  const functions = new Map<string, ParserFunction>()
  let parserReady: Promise<void> | undefined

  async function transaction<T> (fn: (tx: Tx) => Promise<T>): Promise<T> {
    const tx = await pool.connect()
    try {
      await tx.query('BEGIN')
      const result = await fn(tx)
      await tx.query('COMMIT')
      return result
    } catch (error) {
      await tx.query('ROLLBACK')
      throw error
    } finally {
      tx.release()
    }
  }

  // Every recentchanges row fires RecentChangeSave in the transaction that inserted it (as MediaWiki does).
  async function saveRecentChange (row: Row, tx: Tx): Promise<number> {
    const time = new Date(Math.floor(new Date(row.rc_timestamp).getTime() / 1000) * 1000) // whole seconds
    const { rows } = await tx.query<{ rc_id: number }>(`INSERT INTO recentchanges (rc_timestamp, rc_namespace, rc_title, rc_cur_id,
      rc_this_oldid, rc_last_oldid, rc_user, rc_user_text, rc_comment, rc_bot, rc_minor, rc_source, rc_log_type, rc_log_action, rc_params,
      rc_old_len, rc_new_len) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING rc_id`,
    [time, row.rc_namespace, row.rc_title, row.rc_cur_id, row.rc_this_oldid, row.rc_last_oldid, row.rc_user, row.rc_user_text,
      row.rc_comment, row.rc_bot, row.rc_minor, row.rc_source, row.rc_log_type, row.rc_log_action, row.rc_params, row.rc_old_len, row.rc_new_len])
    const rc: RecentChange = { ...row, rc_id: rows[0]!.rc_id, rc_timestamp: time }
    await host.hooks.callHook('RecentChangeSave', rc, tx)
    return rc.rc_id
  }

  async function pagesByIds (ids: PageId[], q: pg.Pool | Tx = pool): Promise<PageRecord[]> {
    const { rows } = await q.query('SELECT * FROM page WHERE page_id = ANY($1::int[])', [ids])
    const byId = new Map(rows.map(r => [r.page_id, {
      id: r.page_id, namespace: r.page_namespace, title: r.page_title, latestRevisionId: r.page_latest, length: r.page_len,
      contentLanguage: LANGUAGE, prefixedText: prefixedText(r.page_namespace, r.page_title)
    }]))
    return ids.flatMap(id => byId.get(id) ?? [])
  }

  // The renderer: `{{#name:a|b}}` calls the parser function `name` with args ['a', 'b']; the rest is text.
  async function parse (page: PageRecord, wikitext: string): Promise<{ html: string, context: ParserContext }> {
    parserReady ??= Promise.resolve(host.hooks.callHook('ParserFirstCallInit', { setFunctionHook: (name, fn) => { functions.set(name, fn) } }))
    await parserReady
    const context: ParserContext = {
      page, contentLanguage: LANGUAGE, output: { extensionData: new Map(), pageProps: new Map(), languageLinks: [], warnings: [] }
    }
    let text = ''
    let last = 0
    for (const match of wikitext.matchAll(/\{\{#([a-z]+):([^{}]*)\}\}/g)) {
      const fn = functions.get(match[1]!)
      text += wikitext.slice(last, match.index) + (fn === undefined ? match[0] : await fn(context, match[2]!.split('|')))
      last = match.index + match[0].length
    }
    await host.hooks.callHook('ContentAlterParserOutput', context)
    return { html: `<p>${escapeHtml(text + wikitext.slice(last))}</p>`, context }
  }

  // A parse of the page's latest text, its links saved (LinksUpdateComplete) and its HTML kept, in `tx`.
  async function render (page: PageRecord, tx: Tx): Promise<string> {
    const { rows } = await tx.query<{ rev_text: string }>('SELECT rev_text FROM revision WHERE rev_id = $1', [page.latestRevisionId])
    const { html, context } = await parse(page, rows[0]?.rev_text ?? '')
    await host.hooks.callHook('LinksUpdateComplete', page, context.output, tx)
    await tx.query('INSERT INTO rendered VALUES ($1, $2) ON CONFLICT (page_id) DO UPDATE SET html = $2', [page.id, html])
    return html
  }

  // A revision of a page (created if need be); the page as it is now.
  async function saveRevision (tx: Tx, title: { namespace: number, title: string }, text: string, length: number): Promise<{ page: PageRecord, parent: number }> {
    const { rows: [p] } = await tx.query(`INSERT INTO page (page_namespace, page_title) VALUES ($1, $2)
      ON CONFLICT (page_namespace, page_title) DO UPDATE SET page_title = excluded.page_title RETURNING page_id, page_latest`, [title.namespace, title.title])
    const { rows: [rev] } = await tx.query('INSERT INTO revision (rev_page, rev_text) VALUES ($1, $2) RETURNING rev_id', [p.page_id, text])
    await tx.query('UPDATE page SET page_latest = $2, page_len = $3 WHERE page_id = $1', [p.page_id, rev.rev_id, length])
    return { page: (await pagesByIds([p.page_id], tx))[0]!, parent: p.page_latest }
  }

  const user = (u: HostUser): Pick<Row, 'rc_user' | 'rc_user_text' | 'rc_bot'> => ({ rc_user: u.id, rc_user_text: u.name, rc_bot: u.bot })

  // An entity edit: a revision of Item:Q1 / Property:P1 whose text points at the entity revision,
  // and a recentchanges row carrying the entity's revision ids; a deletion removes the page.
  async function recordEntityEdit (edit: EntityPageEdit, tx: Tx): Promise<{ pageId: number, revisionId: number, rcId: number }> {
    const title = { namespace: edit.entityId.startsWith('P') ? 122 : 120, title: edit.entityId }
    let pageId: number
    let revisionId = 0
    if (edit.kind === 'delete') {
      const { rows } = await tx.query('DELETE FROM page WHERE page_namespace = $1 AND page_title = $2 RETURNING page_id', [title.namespace, title.title])
      pageId = rows[0]?.page_id ?? 0
    } else {
      const text = JSON.stringify({ entity: edit.entityId, revision: edit.revisionId })
      const { page } = await saveRevision(tx, title, text, edit.newSize ?? text.length)
      pageId = page.id
      revisionId = page.latestRevisionId
    }
    const log = edit.kind === 'delete' || edit.kind === 'restore'
    const rcId = await saveRecentChange({
      rc_timestamp: new Date(), rc_namespace: title.namespace, rc_title: title.title, rc_cur_id: pageId, rc_this_oldid: edit.revisionId,
      rc_last_oldid: edit.parentRevisionId, ...user(edit.user), rc_comment: edit.comment, rc_minor: false,
      rc_source: log ? 'mw.log' : edit.kind === 'create' ? 'mw.new' : 'mw.edit', rc_log_type: log ? 'delete' : null,
      rc_log_action: log ? edit.kind : null, rc_params: null, rc_old_len: edit.oldSize, rc_new_len: edit.newSize
    }, tx)
    return { pageId, revisionId, rcId }
  }

  const host: WikiHost = createWikiHost({
    transaction,
    pageIdsForTitles: async titles => {
      const wanted = titles.map(parseTitle)
      const { rows } = await pool.query(`SELECT page_id, page_namespace, page_title FROM page
        WHERE (page_namespace, page_title) IN (SELECT * FROM unnest($1::int[], $2::text[]))`, [wanted.map(t => t.namespace), wanted.map(t => t.title)])
      const found = new Map(rows.map(r => [`${r.page_namespace}:${r.page_title}`, r.page_id as PageId]))
      return new Map(titles.flatMap((t, i) => {
        const id = found.get(`${wanted[i]!.namespace}:${wanted[i]!.title}`)
        return id === undefined ? [] : [[t, id] as const]
      }))
    },
    pagesByIds: async ids => await pagesByIds(ids),
    refreshLinks: async pages => {
      for (const page of await pagesByIds(pages.map(p => p.id))) await transaction(async tx => await render(page, tx))
    },
    purgeWebCache: async pages => { await pool.query('DELETE FROM rendered WHERE page_id = ANY($1::int[])', [pages.map(p => p.id)]) },
    insertRecentChanges: async (rows: ExternalRecentChange[], tx?: Tx) => {
      const insert = async (t: Tx): Promise<number[]> => { const ids = []; for (const row of rows) ids.push(await saveRecentChange(row, t)); return ids }
      return tx === undefined ? await transaction(insert) : await insert(tx)
    },
    recordEntityEdit,
    // Deny by default: readers read; logged-in users edit and create (no delete, protect, bot, ...).
    userCan: async (u: HostUser, right: UserRight) => right === 'read' ||
      (!u.anonymous && ['edit', 'createpage', 'item-term', 'property-term', 'property-create'].includes(right))
  })

  const editor: HostUser = { id: 1, name: 'Editor', anonymous: false, bot: false }
  const editorToken = randomBytes(16).toString('hex')
  const app = Fastify()
  // Who is asking: a real wiki reads its session cookie (and sets wikiSessionId too); this one
  // knows one API token. Anyone else is anonymous.
  app.addHook('onRequest', async request => {
    if (request.headers.authorization === `Bearer ${editorToken}`) request.wikiUser = editor
  })
  // Added before the plugin, so it runs after it (onClose hooks run last-in first-out): the
  // plugin's job worker stops before the pool it uses ends.
  app.addHook('onClose', async () => { await pool.end() })
  await app.register(wikibase, { siteId: SITE_ID, roles: ['repo', 'client'], pool, schema: { data: 'wikibase', queue: 'wikibase_jobs' }, host })
  await app.ready()
  // The wiki's own site, so that items can link to its pages. <!-- host23 -->
  await pool.query(`INSERT INTO wikibase.sites (site_global_key, site_type, site_language, site_data) VALUES ($1, 'mediawiki', $2, $3)
    ON CONFLICT DO NOTHING`, [SITE_ID, LANGUAGE, { paths: { page_path: 'http://localhost/wiki/$1' } }])

  // A user's page edit: revision, recentchanges row, parse and links, all in one transaction.
  const savePage = async (titleText: string, text: string): Promise<PageRecord> => await transaction(async tx => {
    const { page, parent } = await saveRevision(tx, parseTitle(titleText), text, Buffer.byteLength(text))
    await saveRecentChange({
      rc_timestamp: new Date(), rc_namespace: page.namespace, rc_title: page.title, rc_cur_id: page.id, rc_this_oldid: page.latestRevisionId,
      rc_last_oldid: parent, ...user(editor), rc_comment: '', rc_minor: false, rc_source: parent === 0 ? 'mw.new' : 'mw.edit',
      rc_log_type: null, rc_log_action: null, rc_params: null, rc_old_len: null, rc_new_len: page.length
    }, tx)
    await render(page, tx)
    return page
  })
  const adapter: HostConformanceAdapter = {
    savePage,
    renderedHtml: async titleText => {
      const ids = await host.services.pageIdsForTitles([titleText])
      const [page] = await pagesByIds([...ids.values()])
      if (page === undefined) return ''
      const { rows } = await pool.query('SELECT html FROM rendered WHERE page_id = $1', [page.id])
      return rows[0]?.html ?? await transaction(async tx => await render(page, tx))
    },
    recentChanges: async () => (await pool.query('SELECT * FROM recentchanges ORDER BY rc_id')).rows,
    deletePage: async titleText => {
      await transaction(async tx => {
        const t = parseTitle(titleText)
        const { rows } = await tx.query('DELETE FROM page WHERE page_namespace = $1 AND page_title = $2 RETURNING page_id', [t.namespace, t.title])
        await host.hooks.callHook('PageDeleteComplete', { id: rows[0].page_id, ...t }, tx)
      })
    },
    restHeaders: { authorization: `Bearer ${editorToken}` }
  }
  return { app, adapter }
}

// The ids come with the main entry too.
import type { EntityId as MainEntityId, PageId as MainPageId, SiteGlobalId as MainSiteGlobalId } from 'fastify-wikibase'
export type Ids = [MainEntityId, MainPageId, MainSiteGlobalId]
