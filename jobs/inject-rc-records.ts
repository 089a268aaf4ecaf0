import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import type { Static } from 'typebox'
import { InjectRCRecordsPayload, type InjectRCRecordsEntry } from '../plugin/queue/task-payloads.js'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import type { EntityChange } from '../plugin/changes/entity-change.js'
import { decodeChange } from '../plugin/changes/stored-change.js'
import { claimedPair, claimRecentChangePages, recordRecentChangeIds } from '../plugin/client/changes/handled-change-store.js'
import {
  newRecentChange, prepareRecentChangeAttributes, type RecentChangeFactoryDeps
} from '../plugin/client/changes/recent-change-factory.js'
import type { ClientHostServices, PageRecord } from '../hooks/contract.js'
import { parsePageId } from '../hooks/ids.js'

/** What wikibase:injectRCRecords works with. */
export interface InjectRCRecordsDeps {
  /** The client's own database: which (change, page) pairs got their row already. */
  db: WikiDatabase
  /** The host's page lookup and recentchanges insert (nothing is injected without a host). */
  host: { services: Pick<ClientHostServices, 'pagesByIds' | 'transaction' | 'insertRecentChanges'> } | undefined
  /** The RecentChangeFactory's lookups for one change, in the pages' content language. */
  recentChangeDeps: (change: EntityChange, repoSiteId: string, language: string) => Promise<RecentChangeFactoryDeps>
  log: Pick<FastifyBaseLogger, 'warn'>
}

type Payload = Static<typeof InjectRCRecordsPayload>
type Entry = Static<typeof InjectRCRecordsEntry>

/** The entries of a payload: a batch's, or the one change of a job queued before the inbox. */
export function rcEntries (payload: Payload): Entry[] {
  if ('entries' in payload) return payload.entries
  const { repoSiteId: _repo, ...entry } = payload
  return [entry]
}

/**
 * wikibase:injectRCRecords (InjectRCRecordsJob): one recentchanges row per page for each
 * repo change of the payload (a drained batch carries many), through the host. The pages of
 * all entries are looked up at once, and all rows are written in one host transaction: the
 * (change, page) pairs claimed in one statement, the rows inserted in one call, their ids
 * recorded in one statement. The job commits all its rows or none; a replayed job inserts no
 * second row (its pairs are claimed), so a retry after a partial failure redoes it whole.
 */
export function makeInjectRCRecordsTask (deps: InjectRCRecordsDeps): TaskDefinition<typeof InjectRCRecordsPayload> {
  return defineTask({
    name: 'wikibase:injectRCRecords',
    payload: InjectRCRecordsPayload,
    run: async payload => {
      const host = deps.host
      if (host === undefined) return
      await injectEntries(deps, host, payload.repoSiteId, rcEntries(payload))
    }
  })
}

type Host = NonNullable<InjectRCRecordsDeps['host']>

/** One entry ready to write: its change, the pages that exist and what the factory needs for them. */
interface PreparedEntry {
  change: EntityChange
  changeKey: string
  pages: PageRecord[]
  factoryDeps: RecentChangeFactoryDeps
  prepared: ReturnType<typeof prepareRecentChangeAttributes>
}

async function injectEntries (deps: InjectRCRecordsDeps, host: Host, repoSiteId: string, entries: readonly Entry[]): Promise<void> {
  const self = deps.db
  // Lookups first: the host's services may need connections of their own, and holding the
  // transaction's connection while waiting for them could starve a small pool.
  const ids = [...new Set(entries.flatMap(e => e.pages.map(p => p.id)))]
  const existing = new Map((ids.length === 0 ? [] : await host.services.pagesByIds(ids.map(parsePageId))).map(p => [p.id as number, p]))
  if (existing.size === 0) return
  // The factory's lookups once per change and content language (a change's pages come in several entries).
  const lookups = new Map<string, Promise<RecentChangeFactoryDeps>>()
  const prepared: PreparedEntry[] = []
  for (const { change: row, changeKey, pages } of entries) {
    const found = [...new Set(pages.map(p => p.id))].flatMap(id => { const page = existing.get(id); return page === undefined ? [] : [page] })
    if (found.length === 0) continue
    const change = decodeChange(row, message => deps.log.warn(message))
    const language = found[0]!.contentLanguage
    const key = JSON.stringify([changeKey, language])
    let factory = lookups.get(key)
    if (factory === undefined) lookups.set(key, factory = deps.recentChangeDeps(change, repoSiteId, language))
    const factoryDeps = await factory
    prepared.push({ change, changeKey, pages: found, factoryDeps, prepared: prepareRecentChangeAttributes(change, factoryDeps) })
  }
  if (prepared.length === 0) return
  // A pair named twice (two entries of one change on one page) gets its row once, from the first.
  const seen = new Set<string>()
  const candidates = prepared.flatMap(e => e.pages.flatMap(page => {
    const key = `${page.id}:${e.changeKey}`
    if (seen.has(key)) return []
    seen.add(key)
    return [{ entry: e, page, pair: { changeKey: e.changeKey, pageId: page.id as number } }]
  }))
  await host.services.transaction(async tx => {
    const claimed = await claimRecentChangePages(tx, self, repoSiteId, candidates.map(c => c.pair))
    const targets = candidates.filter(c => claimedPair(claimed, c.pair))
    if (targets.length === 0) return
    const rows = targets.map(({ entry, page }) => newRecentChange(entry.change, page, entry.prepared, entry.factoryDeps))
    const rcIds = await host.services.insertRecentChanges(rows, tx)
    await recordRecentChangeIds(tx, self, repoSiteId, targets.map((t, i) => ({ ...t.pair, rcId: rcIds[i]! })))
  })
}
