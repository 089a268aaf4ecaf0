import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { createWikiHost, type PageRecord, type ParserContext, type ParserFunction, type ParserOutput, type WikiHost } from '../../hooks/contract.js'
import { withTransaction, type WikiDatabase } from '../../plugin/db/wiki-database.js'
import { parseEntityId } from '../../hooks/ids.js'
import type { WikibaseEntity } from '../../plugin/changes/wikibase-entity.js'
import { insertEntityRow, reserveEntityId, saveRevision, setEntityDeleted, withEntityId } from '../../plugin/repo/entities/entity-store.js'
import { syncItemSiteLinks } from '../../plugin/repo/entities/sitelink-store.js'
import { allSubscriptions } from '../../plugin/repo/dispatch/subscription-store.js'
import { ENTITY_USAGE_EXTENSION_DATA_KEY } from '../../plugin/client/usage/usage-accumulator.js'
import type { PageId } from '../../hooks/ids.js'
import { testUserCan } from './test-rights.js'

/**
 * A minimal host wiki for the client's hooks: a parser-function registry, a parse loop that
 * expands `{{#name:arg|arg}}` calls (no nesting), fires ContentAlterParserOutput, then saves
 * the page's "links" by firing LinksUpdateComplete in a transaction of the wiki's database.
 */
export class TestHost {
  readonly host: WikiHost
  readonly functions = new Map<string, ParserFunction>()
  #pool: pg.Pool | null = null
  #initialised = false

  constructor () {
    const unused = async (): Promise<never> => { throw new Error('not used by this test') }
    this.host = createWikiHost({
      pageIdsForTitles: unused,
      pagesByIds: unused,
      refreshLinks: unused,
      purgeWebCache: unused,
      insertRecentChanges: unused,
      transaction: async fn => await withTransaction(this.pool, fn),
      userCan: testUserCan
    })
  }

  get pool (): pg.Pool {
    if (this.#pool === null) throw new Error('attach the host to a started wiki first')
    return this.#pool
  }

  /** After the plugin started (with this host): use its pool as "the wiki's database" and init the parser. */
  async attach (app: FastifyInstance): Promise<void> {
    this.#pool = app.wikibase.self.pool
    if (!this.#initialised) {
      this.#initialised = true
      await this.host.hooks.callHook('ParserFirstCallInit', { setFunctionHook: (name, fn) => { this.functions.set(name, fn) } })
    }
  }

  /** Parses wikitext for a page: the expanded text and the parser output. */
  async parse (page: PageRecord, wikitext: string): Promise<{ text: string, output: ParserOutput }> {
    const output: ParserOutput = { extensionData: new Map(), pageProps: new Map(), languageLinks: [], warnings: [] }
    const context: ParserContext = { page, contentLanguage: page.contentLanguage, output }
    let text = ''
    let last = 0
    for (const match of wikitext.matchAll(/\{\{#([a-z]+):([^{}]*)\}\}/gi)) {
      text += wikitext.slice(last, match.index)
      last = match.index + match[0].length
      const fn = this.functions.get(match[1]!.toLowerCase())
      text += fn === undefined ? match[0] : await fn(context, match[2]!.split('|'))
    }
    text += wikitext.slice(last)
    await this.host.hooks.callHook('ContentAlterParserOutput', context)
    return { text, output }
  }

  /** Parse and save: LinksUpdateComplete in one transaction. */
  async save (page: PageRecord, wikitext: string): Promise<{ text: string, output: ParserOutput }> {
    const parsed = await this.parse(page, wikitext)
    await withTransaction(this.pool, async tx => { await this.host.hooks.callHook('LinksUpdateComplete', page, parsed.output, tx) })
    return parsed
  }

  async delete (page: PageRecord): Promise<void> {
    await withTransaction(this.pool, async tx => { await this.host.hooks.callHook('PageDeleteComplete', page, tx) })
  }
}

export function page (id: number, title: string, contentLanguage = 'en'): PageRecord {
  return { id: id as PageId, namespace: 0, title: title.replaceAll(' ', '_'), latestRevisionId: 1, length: 0, contentLanguage }
}

/** The usage identity strings a parse recorded, sorted. */
export function recorded (output: ParserOutput): string[] {
  const set = output.extensionData.get(ENTITY_USAGE_EXTENSION_DATA_KEY)
  return set instanceof Set ? [...set as Set<string>].sort() : []
}

/** Stores an entity as the repo's latest revision, with its wb_items_per_site rows. */
export async function storeEntity (repo: WikiDatabase, entity: WikibaseEntity): Promise<void> {
  const id = parseEntityId(entity.id)
  await withTransaction(repo.pool, async tx => {
    await insertEntityRow(tx, repo, id)
    await reserveEntityId(tx, repo, id)
    await saveRevision(tx, repo, { entityId: id, baseRevisionId: 0, entity: withEntityId(entity, id), meta: { userId: 0, userText: 'import', comment: 'test import', bot: true } })
    await syncItemSiteLinks(tx, repo, id, null, entity)
  })
}

export async function storeRedirect (repo: WikiDatabase, from: string, to: string): Promise<void> {
  await withTransaction(repo.pool, async tx => { await insertEntityRow(tx, repo, parseEntityId(from), { redirectTarget: parseEntityId(to) }) })
}

export async function deleteEntity (repo: WikiDatabase, id: string): Promise<void> {
  await withTransaction(repo.pool, async tx => { await setEntityDeleted(tx, repo, parseEntityId(id), true) })
}

/** `subscriber@entity` strings of the repo's subscription table, sorted. */
export async function subscriptions (repo: WikiDatabase): Promise<string[]> {
  return (await allSubscriptions(repo.pool, repo)).map(s => `${s.subscriber}@${s.entityId}`).sort()
}

/** `page:identity` rows of a client's wbc_entity_usage, sorted. */
export async function usageRows (client: WikiDatabase): Promise<string[]> {
  const { rows } = await client.pool.query<{ p: number, e: string, a: string }>(
    `SELECT eu_page_id AS p, eu_entity_id AS e, eu_aspect AS a FROM ${pg.escapeIdentifier(client.dataSchema)}.wbc_entity_usage`)
  return rows.map(r => `${r.p}:${r.e}#${r.a}`).sort()
}
