import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import {
  createWikiHost, type EntityPageEdit, type ClientHostServices, type HostServices, type ExternalRecentChange, type HostHookBus, type RecordedEntityEdit, type RepoHostServices, type HostUser, type PageRecord,
  type PageRef, type ParserContext, type ParserFunction, type ParserVariable, type ParserOutput, type RecentChange, type RecentChangeListing, type UserRight, type WikiHost
} from '../../hooks/contract.js'
import type { PageId } from '../../hooks/ids.js'
import { withTransaction } from '../../plugin/db/wiki-database.js'
import { HostTables, parseTitleText, toPageRecord, type PageRow } from './test-host-tables.js'
import { selectRecentChanges } from './recent-changes-selection.js'
import { editTestPage, parseTestPage } from './test-host-page-services.js'
import { wikibaseInternals } from '../../plugin/facade.js'

export interface TestHostOptions {
  /**
   * The wiki's database: the host keeps pages, recentchanges and the refreshes and purges the
   * plugin asked for in tables of schema `schema` there, and runs `transaction` on it. A host
   * without one (a repo's, that only records entity edits) has no pages; `attach` gives it the
   * started wiki's pool.
   */
  pool?: pg.Pool
  /** Schema of the host's tables (default `host`): several wikis in one database need one each. */
  schema?: string
  /** The `centralUserId` service (MediaWiki's CentralIdLookup); without it the service is absent. */
  centralUserId?: (localUserId: number) => Promise<number>
  /** `false`: without the `parsePage` and `editPage` services (the action API then has no `parse` and `edit`). */
  pageModules?: boolean
  /** Namespaces of entity pages (the plugin's `repoSettings.entityNamespaces`); default Wikibase's, 120 and 122. */
  entityNamespaces?: { item: number, property: number }
}

/** What a parse gave: the expanded text and the parser output. */
export interface Parsed { text: string, output: ParserOutput }

/**
 * The one host of the tests and benchmarks: a small real wiki that gives the plugin what
 * hooks/contract.ts asks of a host (the conformance kit, testing/, checks it: test/hooks/host-conformance-test-host.test.ts). Pages and
 * recentchanges live in the wiki's database (test-host-tables.ts); a parse expands
 * `{{#name:arg|arg}}` (no nesting) with the parser functions plugins registered. Entity page
 * edits are only recorded (`edits`) and fire RecentChangeSave with their recentchanges row, which
 * is not stored: the host's recentchanges table holds what the plugin inserted, for the tests.
 * Rights: everyone may read; writes need a logged-in user unless `anonymousCanEdit`, and a name
 * not in `blocked`; `bot` only bot accounts; `denied` takes single rights away
 * (`"<name>:<right>"`) at once — the plugin asks on every request.
 */
export class TestHost implements WikiHost {
  readonly hooks: HostHookBus
  readonly services: ClientHostServices & RepoHostServices
  /** Entity page edits `recordEntityEdit` saved, in order. */
  readonly edits: EntityPageEdit[] = []
  /**
   * The recentchanges rows of those edits, with their tags: what `queryRecentChanges` lists
   * (this host lists only these; the example engine lists its whole table).
   */
  readonly entityEditChanges: RecentChangeListing[] = []
  anonymousCanEdit = true
  /** Names of logged-in users the wiki does not let edit (blocked). */
  readonly blocked = new Set<string>()
  readonly denied = new Set<string>()
  /** The next `recordEntityEdit` fails (the host could not save the page). */
  failNextRecord = false
  readonly #functions = new Map<string, ParserFunction>()
  /** Functions written without `#` (`{{SHORTDESC:…}}`), variables and behaviour switches, by lower-case name. */
  readonly #noHashFunctions = new Map<string, ParserFunction>()
  readonly #variables = new Map<string, ParserVariable>()
  readonly #switches = new Map<string, string>()
  readonly #entityPages = new Map<string, number>()
  readonly #options: TestHostOptions
  #tables: HostTables | null = null
  #parserReady: Promise<void> | null = null
  #nextRc = 0
  /** When each page's latest revision was saved by `editPage` (its conflict checks). */
  readonly #savedAt = new Map<number, Date>()

  constructor (options: TestHostOptions = {}) {
    this.#options = options
    if (options.pool !== undefined) this.#tables = new HostTables(options.pool, options.schema ?? 'host')
    const host = createWikiHost({
      pageIdsForTitles: async titles => await this.tables.pageIdsForTitles(titles),
      pagesByIds: async ids => (await this.tables.pageRows(this.tables.pool, ids)).map(toPageRecord),
      // A page whose text starts with `#REDIRECT [[Target]]` is a redirect (MediaWiki's magic word).
      pageRedirectTargets: async ids => new Map((await this.tables.pageRows(this.tables.pool, ids)).flatMap(row => {
        const target = /^#redirect\s*:?\s*\[\[([^\]|#]+)/i.exec(row.page_text ?? '')?.[1]?.replaceAll('_', ' ').trim()
        return target === undefined || target === '' ? [] : [[row.page_id as PageId, target] as const]
      })),
      refreshLinks: async (pages, cause) => { for (const page of pages) await this.#refresh(page, cause.agent) },
      purgeWebCache: async (pages, cause) => { await this.tables.recordPurge(pages, cause.agent) },
      insertRecentChanges: async (rows, tx) => tx === undefined
        ? await withTransaction(this.tables.pool, async own => await this.#insertRecentChanges(rows, own))
        : await this.#insertRecentChanges(rows, tx),
      transaction: async fn => await withTransaction(this.tables.pool, fn),
      userCan: async (user, right) => this.#userCan(user, right),
      recordEntityEdit: async (edit, tx) => await this.#recordEntityEdit(edit, tx),
      queryRecentChanges: async query => selectRecentChanges(this.entityEditChanges, query),
      updateRecentChangesVisibility: async (rows, visibility) => await this.tables.setInjectedVisibility(rows, visibility),
      deleteRecentChanges: async entityId => await this.tables.deleteInjected(entityId),
      ...(options.pageModules === false ? {} : this.#pageServices()),
      ...(options.centralUserId === undefined ? {} : { centralUserId: options.centralUserId })
    })
    this.hooks = host.hooks
    this.services = host.services
  }

  #pageServices (): Pick<HostServices, 'parsePage' | 'editPage'> {
    return {
      parsePage: async request => await parseTestPage(this, request),
      editPage: async request => await editTestPage(this, request, this.#savedAt)
    }
  }

  get tables (): HostTables {
    if (this.#tables === null) throw new Error('this test host has no database: give it a pool, or attach it to a started wiki')
    return this.#tables
  }

  /** Creates the host's tables now (else the first use does): for code that reads them with its own SQL, as the bench does. */
  async ready (): Promise<this> {
    await this.tables.table('page')
    return this
  }

  /** A host created before its wiki started: the wiki's pool becomes the host's database. */
  attach (app: FastifyInstance): void {
    this.useDatabase(wikibaseInternals(app).self.pool)
  }

  /** Whether the host has its database yet (a pool given, or attached). */
  get hasDatabase (): boolean { return this.#tables !== null }

  /**
   * The host's database, before its wiki starts: registration runs a host transaction to
   * check that host and plugin share a database (test/support/farm.ts startWiki gives a
   * pool-less host one on the wiki's database). A host that has one keeps it.
   */
  useDatabase (pool: pg.Pool): void {
    this.#tables ??= new HostTables(pool, this.#options.schema ?? 'host')
  }

  /** A page that exists, without text (it is not parsed). */
  async addPage (title: string, o: { namespace?: number, latest?: number, length?: number, language?: string } = {}): Promise<PageId> {
    const row = await this.tables.insertPage(this.tables.pool, {
      page_namespace: o.namespace ?? 0, page_title: title.replaceAll(' ', '_'), page_latest: o.latest ?? 1, page_len: o.length ?? 100,
      page_lang: o.language ?? 'en', page_text: null
    })
    return row.page_id as PageId
  }

  async refreshed (): Promise<Array<{ page: number, agent: string }>> { return await this.tables.refreshed() }
  async purged (): Promise<Array<{ pages: number[], agent: string }>> { return await this.tables.purged() }
  async recentChanges (): Promise<Array<ExternalRecentChange & { rc_id: number }>> { return await this.tables.recentChanges() }

  /** Parses wikitext for a page: ParserFirstCallInit before the first parse, ContentAlterParserOutput after each. */
  async parse (page: PageRecord, wikitext: string): Promise<Parsed> {
    this.#parserReady ??= Promise.resolve(this.hooks.callHook('ParserFirstCallInit', {
      setFunctionHook: (name, fn, flags) => { (flags?.noHash === true ? this.#noHashFunctions : this.#functions).set(name.toLowerCase(), fn) },
      setVariable: (name, value) => { this.#variables.set(name.toLowerCase(), value) },
      setDoubleUnderscore: (id, word) => { this.#switches.set(word.toLowerCase(), id) }
    }))
    await this.#parserReady
    const output: ParserOutput = { extensionData: new Map(), pageProps: new Map(), languageLinks: [], warnings: [] }
    const context: ParserContext = { page, contentLanguage: page.contentLanguage, output }
    let text = ''
    let last = 0
    for (const match of wikitext.matchAll(/\{\{(#?)([a-z]+)(?::([^{}]*))?\}\}/gi)) {
      text += wikitext.slice(last, match.index)
      last = match.index + match[0].length
      const name = match[2]!.toLowerCase()
      if (match[3] === undefined) {
        const variable = match[1] === '' ? this.#variables.get(name) : undefined
        text += variable === undefined ? match[0] : variable(context)
        continue
      }
      const fn = (match[1] === '#' ? this.#functions : this.#noHashFunctions).get(name)
      // Parser functions get their arguments trimmed (Parser::callParserFunction).
      text += fn === undefined ? match[0] : await fn(context, match[3].split('|').map(arg => match[1] === '#' ? arg : arg.trim()))
    }
    text += wikitext.slice(last)
    text = text.replace(/__([A-Z_]+?)__/gi, (whole, word: string) => {
      const id = this.#switches.get(word.toLowerCase())
      if (id === undefined) return whole
      output.pageProps.set(id, '')
      return ''
    })
    await this.hooks.callHook('ContentAlterParserOutput', context)
    return { text, output }
  }

  /**
   * An edit, in one transaction: the page row (the given record, or for a title the page found
   * or created with its next revision), the parse, LinksUpdateComplete.
   */
  async save (page: PageRecord | string, wikitext: string): Promise<Parsed & { page: PageRecord }> {
    return await withTransaction(this.tables.pool, async tx => {
      let record: PageRecord
      if (typeof page === 'string') {
        const title = parseTitleText(page)
        const existing = await this.tables.findPage(tx, title)
        record = toPageRecord(await this.tables.insertPage(tx, {
          ...(existing === null ? {} : { page_id: existing.page_id }), page_namespace: title.namespace, page_title: title.title,
          page_latest: (existing?.page_latest ?? 0) + 1, page_len: Buffer.byteLength(wikitext), page_lang: existing?.page_lang ?? 'en', page_text: wikitext
        }))
      } else {
        record = page
        await this.tables.insertPage(tx, rowOf(page, wikitext))
      }
      const parsed = await this.parse(record, wikitext)
      await this.hooks.callHook('LinksUpdateComplete', record, parsed.output, tx)
      return { ...parsed, page: record }
    })
  }

  /** Deletion: the page row goes and PageDeleteComplete fires, in one transaction. */
  async delete (page: PageRecord | string): Promise<void> {
    await withTransaction(this.tables.pool, async tx => {
      const ref = typeof page === 'string' ? await this.#existing(tx, page) : page
      await this.tables.deletePage(tx, ref.id)
      await this.hooks.callHook('PageDeleteComplete', ref, tx)
    })
  }

  /** Move (the page id stays): the row renamed, PageMoveComplete, and a re-parse, in one transaction. */
  async move (from: string, to: string): Promise<PageRecord> {
    return await withTransaction(this.tables.pool, async tx => {
      const old = await this.#existing(tx, from)
      const moved = await this.tables.renamePage(tx, old.id, parseTitleText(to))
      const target = { id: old.id, namespace: moved.page_namespace, title: moved.page_title }
      await this.hooks.callHook('PageMoveComplete', { id: old.id, namespace: old.namespace, title: old.title }, target, tx)
      await this.#reparse(tx, moved)
      return toPageRecord(moved)
    })
  }

  async #existing (tx: pg.PoolClient, title: string): Promise<PageRecord> {
    const row = await this.tables.findPage(tx, parseTitleText(title))
    if (row === null) throw new Error(`no page ${title}`)
    return toPageRecord(row)
  }

  /** RefreshLinks: recorded for the tests; a page with text (saved, not added) is parsed again and its links saved. */
  async #refresh (page: PageRef, agent: string): Promise<void> {
    if (!await this.tables.recordRefresh(page, agent)) return
    await withTransaction(this.tables.pool, async tx => {
      const [row] = await this.tables.pageRows(tx, [page.id])
      if (row !== undefined) await this.#reparse(tx, row)
    })
  }

  async #reparse (tx: pg.PoolClient, row: PageRow): Promise<void> {
    if (row.page_text === null) return
    const record = toPageRecord(row)
    const parsed = await this.parse(record, row.page_text)
    await this.hooks.callHook('LinksUpdateComplete', record, parsed.output, tx)
  }

  /** Each row saved, then RecentChangeSave in the same transaction (MediaWiki's RecentChange::save). */
  async #insertRecentChanges (rows: ExternalRecentChange[], tx: pg.PoolClient): Promise<number[]> {
    const ids = await this.tables.insertRecentChanges(tx, rows)
    // As RecentChange::save, the hook fires for every row, here once all are in.
    for (const [i, row] of rows.entries()) {
      await this.hooks.callHook('RecentChangeSave', { ...row, rc_id: ids[i]!, rc_timestamp: wholeSeconds(new Date(row.rc_timestamp)) }, tx)
    }
    return ids
  }

  #userCan (user: HostUser, right: UserRight): boolean {
    if (this.denied.has(`${user.name}:${right}`)) return false
    if (right === 'read') return true
    if (right === 'bot') return user.bot
    return (!user.anonymous || this.anonymousCanEdit) && !this.blocked.has(user.name)
  }

  /** An entity page edit: recorded, a page id per entity, RecentChangeSave with the caller's `tx`. */
  async #recordEntityEdit (edit: EntityPageEdit, tx: pg.PoolClient): Promise<RecordedEntityEdit> {
    if (this.failNextRecord) { this.failNextRecord = false; throw new Error('host failed to save the page') }
    this.edits.push(edit)
    const pageId = this.#entityPages.get(edit.entityId) ?? this.#entityPages.size + 100
    this.#entityPages.set(edit.entityId, pageId)
    // Ids from the recentchanges table's sequence when there is one, so no listed row shares it.
    this.#nextRc = this.#tables === null ? this.#nextRc + 1 : await this.#tables.nextRecentChangeId(tx)
    const rc: RecentChange = {
      rc_id: this.#nextRc,
      rc_timestamp: wholeSeconds(new Date()),
      rc_namespace: edit.entityId.startsWith('P') ? this.#options.entityNamespaces?.property ?? 122 : this.#options.entityNamespaces?.item ?? 120,
      rc_title: edit.entityId,
      rc_cur_id: pageId,
      rc_this_oldid: edit.revisionId,
      rc_last_oldid: edit.parentRevisionId,
      rc_user: edit.user.id,
      rc_user_text: edit.user.name,
      rc_comment: edit.comment,
      rc_bot: edit.bot === true,
      rc_minor: false,
      rc_source: edit.kind === 'create' ? 'mw.new' : edit.kind === 'edit' ? 'mw.edit' : 'mw.log',
      rc_log_type: edit.kind === 'delete' || edit.kind === 'restore' ? 'delete' : null,
      rc_log_action: edit.kind === 'delete' ? 'delete' : edit.kind === 'restore' ? 'restore' : null,
      rc_params: null
    }
    await this.hooks.callHook('RecentChangeSave', rc, tx)
    this.entityEditChanges.push({ ...rc, rc_old_len: edit.oldSize, rc_new_len: edit.newSize, tags: edit.tags ?? [] })
    return { pageId, revisionId: edit.revisionId, rcId: this.#nextRc }
  }
}

export function createTestHost (options: TestHostOptions = {}): TestHost {
  return new TestHost(options)
}

const wholeSeconds = (time: Date): Date => new Date(Math.floor(time.getTime() / 1000) * 1000)

function rowOf (page: PageRecord, text: string): PageRow {
  return {
    page_id: page.id, page_namespace: page.namespace, page_title: page.title, page_latest: page.latestRevisionId,
    page_len: page.length, page_lang: page.contentLanguage, page_text: text
  }
}

/** A page record for a test's parse (it need not exist). */
export function page (id: number, title: string, contentLanguage = 'en'): PageRecord {
  return { id: id as PageId, namespace: 0, title: title.replaceAll(' ', '_'), latestRevisionId: 1, length: 0, contentLanguage }
}
