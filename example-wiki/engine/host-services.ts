import type { FastifyBaseLogger } from 'fastify'
import {
  createWikiHost, type ClientHostServices, type EntityPageEdit, type HostUser, type RecordedEntityEdit, type RepoHostServices
} from '../../hooks/contract.js'
import type { PageId } from '../../hooks/ids.js'
import { deletePageRow, findPage, insertPage, insertRevision, pageIdsOf, pagesById, setLatestRevision, toPageRecord } from './page-store.js'
import { deleteInjectedRecentChanges, insertRecentChange, insertRecentChanges, queryRecentChanges, updateInjectedVisibility } from './recent-changes-store.js'
import { purgeRenders } from './render-cache.js'
import { pagePropertiesOf } from './link-store.js'
import { pageRedirectTargets } from './redirects.js'
import { NS_ITEM, NS_PROPERTY, tryParseTitle, type Title } from './titles.js'
import { inTransaction, type WikiDb } from './wiki-db.js'
import { WikiParser } from './wiki-parser.js'
import type { ParserLimits } from './parser-limits.js'
import { parserSources, purgeCacheTags, purgeWebCache, refreshLinks, type Wiki } from './wiki-engine.js'
import type pg from 'pg'
import { canonicalUserName, findAccount } from './account-store.js'
import { passwordMatches } from './passwords.js'
import { userCan } from './user-rights.js'
import { editWikiPage, parseWikiPage } from './page-api-services.js'

export interface WikiConfig {
  siteId: string
  language: string
  db: WikiDb
  log: FastifyBaseLogger
  /** The parser limits (parser-limits.ts; MediaWiki's defaults when not given). */
  parserLimits?: Partial<ParserLimits>
}

/**
 * A wiki with its hook bus (createWikiHost) and the services the contract asks of a host,
 * all working on the engine's own tables.
 */
export function createWiki (config: WikiConfig): Wiki {
  const wiki = { ...config } as Wiki
  const services: ClientHostServices & RepoHostServices = {
    pageIdsForTitles: async titles => {
      const parsed = titles.map(text => [text, tryParseTitle(text)] as const).filter((p): p is readonly [string, Title] => p[1] !== null)
      const ids = await pageIdsOf(wiki.db.pool, wiki.db, parsed.map(p => p[1]))
      return new Map(parsed.flatMap(([text, title]) => {
        const id = ids.get(`${title.namespace}:${title.dbKey}`)
        return id === undefined ? [] : [[text, id as PageId]]
      }))
    },
    pagesByIds: async ids => (await pagesById(wiki.db.pool, wiki.db, ids)).map(toPageRecord),
    pageRedirectTargets: async ids => await pageRedirectTargets(wiki.db, ids),
    pageProperties: async (ids, names) => await pagePropertiesOf(wiki.db.pool, wiki.db, ids, names) as Map<PageId, Record<string, string>>,
    refreshLinks: async (pages, cause) => { await refreshLinks(wiki, pages, cause) },
    purgeWebCache: async (pages, cause) => { await purgeWebCache(wiki, pages, cause) },
    purgeCacheTags: async (tags, cause) => { await purgeCacheTags(wiki, tags, cause) },
    insertRecentChanges: async (rows, tx) => {
      const insert = async (client: pg.PoolClient): Promise<number[]> => {
        // One statement for the batch; MediaWiki's RecentChange::save runs RecentChangeSave
        // for injected rows too, here for each row once all are in.
        const saved = await insertRecentChanges(client, wiki.db, rows)
        for (const row of saved) await wiki.host.hooks.callHook('RecentChangeSave', row, client)
        return saved.map(row => row.rc_id)
      }
      return tx === undefined ? await inTransaction(wiki.db, insert) : await insert(tx)
    },
    transaction: async fn => await inTransaction(wiki.db, fn),
    recordEntityEdit: async (edit, tx) => await recordEntityEdit(wiki, edit, tx),
    userCan: async (user, right) => await userCan(wiki.db, user, right),
    queryRecentChanges: async query => await queryRecentChanges(wiki.db.pool, wiki.db, query),
    updateRecentChangesVisibility: async (rows, visibility) => await updateInjectedVisibility(wiki.db.pool, wiki.db, rows, visibility),
    deleteRecentChanges: async entityId => await deleteInjectedRecentChanges(wiki.db.pool, wiki.db, entityId),
    authenticate: async (name, password) => await authenticate(wiki, name, password),
    userByName: async name => await userByName(wiki, name),
    parsePage: async request => await parseWikiPage(wiki, request),
    editPage: async request => await editWikiPage(wiki, request)
  }
  wiki.host = createWikiHost(services)
  wiki.parser = new WikiParser(wiki.host.hooks, parserSources(wiki), config.parserLimits)
  return wiki
}

/**
 * The registered account of this name (User::newFromName + isRegistered): a client page moved
 * or deleted by a user is applied to the repo's sitelink as the repo's account of that name.
 */
async function userByName (wiki: Wiki, name: string): Promise<HostUser | null> {
  const account = await findAccount(wiki.db.pool, wiki.db, canonicalUserName(name))
  if (account === null) return null
  const bot = await userCan(wiki.db, { id: account.user_id, name: account.user_name, anonymous: false, bot: false }, 'bot')
  return { id: account.user_id, name: account.user_name, anonymous: false, bot }
}

/**
 * action=login of the plugin's action API: the account's own password. `Name@Label` (a
 * MediaWiki bot password name, as bots send it) is accepted as `Name`: this wiki has no
 * separate bot passwords.
 */
async function authenticate (wiki: Wiki, name: string, password: string): Promise<HostUser | null> {
  const account = await findAccount(wiki.db.pool, wiki.db, canonicalUserName(name.split('@')[0] ?? ''))
  if (account === null || !await passwordMatches(account.user_password, password)) return null
  const bot = await userCan(wiki.db, { id: account.user_id, name: account.user_name, anonymous: false, bot: false }, 'bot')
  return { id: account.user_id, name: account.user_name, anonymous: false, bot }
}

/**
 * Repo: an entity edit becomes a revision of its page (Item:Q42 / Property:P31) and a
 * recentchanges row, and RecentChangeSave fires — all in the plugin's transaction. The answer
 * (page, revision, rc id and the row's time) is what the plugin saves the change from. The RC row
 * carries the entity's revision ids (rc_this_oldid/rc_last_oldid), as the change must, and the
 * entity content's sizes (rc_old_len/rc_new_len; null for deletions and restores, log entries).
 * The page revision's text only points at the entity revision; its length is the entity's, so
 * the page is as long as its content.
 */
async function recordEntityEdit (wiki: Wiki, edit: EntityPageEdit, tx: pg.PoolClient): Promise<RecordedEntityEdit> {
  const title: Title = { namespace: edit.entityId.startsWith('P') ? NS_PROPERTY : NS_ITEM, dbKey: edit.entityId }
  let page = await findPage(tx, wiki.db, title, { forUpdate: true })
  const isLog = edit.kind === 'delete' || edit.kind === 'restore'
  let revisionId = page?.page_latest ?? 0
  if (edit.kind === 'delete') {
    if (page !== null) {
      await purgeRenders(tx, wiki.db, [page.page_id])
      await deletePageRow(tx, wiki.db, page.page_id)
    }
  } else {
    page ??= await insertPage(tx, wiki.db, title, wiki.language)
    const text = JSON.stringify({ entity: edit.entityId, entityRevision: edit.revisionId, kind: edit.kind })
    const revision = await insertRevision(tx, wiki.db, {
      rev_page: page.page_id, rev_parent_id: page.page_latest, rev_user: edit.user.id, rev_user_text: edit.user.name,
      rev_comment: edit.comment, rev_minor: false, rev_len: edit.newSize ?? Buffer.byteLength(text), rev_text: text
    })
    page = await setLatestRevision(tx, wiki.db, page.page_id, revision)
    revisionId = revision.rev_id
  }
  const rc = await insertRecentChange(tx, wiki.db, {
    rc_timestamp: new Date(), rc_namespace: title.namespace, rc_title: title.dbKey, rc_cur_id: page?.page_id ?? 0,
    rc_this_oldid: edit.revisionId, rc_last_oldid: edit.parentRevisionId, rc_user: edit.user.id, rc_user_text: edit.user.name,
    rc_comment: edit.comment, rc_bot: edit.bot === true, rc_minor: false,
    rc_source: isLog ? 'mw.log' : edit.kind === 'create' ? 'mw.new' : 'mw.edit',
    rc_old_len: edit.oldSize, rc_new_len: edit.newSize,
    rc_log_type: isLog ? 'delete' : null, rc_log_action: isLog ? edit.kind : null,
    rc_params: { entityRevision: edit.revisionId, hostRevision: revisionId },
    rc_tags: edit.tags ?? []
  })
  // As MediaWiki's RecentChange::save: the hook fires for every row (the plugin needs none of it).
  await wiki.host.hooks.callHook('RecentChangeSave', rc, tx)
  return { pageId: page?.page_id ?? 0, revisionId, rcId: rc.rc_id, timestamp: rc.rc_timestamp }
}
