import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import type { Static } from 'typebox'
import { InjectRCRecordsPayload, type InjectRCRecordsEntry } from '../plugin/queue/task-payloads.js'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import type { EntityChange } from '../plugin/changes/entity-change.js'
import { decodeChange } from '../plugin/changes/stored-change.js'
import { claimRecentChangePages, recordRecentChangeIds } from '../plugin/client/changes/handled-change-store.js'
import {
  newRecentChange, prepareRecentChangeAttributes, type RecentChangeFactoryDeps
} from '../plugin/client/changes/recent-change-factory.js'
import type { ClientHostServices } from '../hooks/contract.js'
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
 * repo change of the payload (a drained batch carries many), through the host. The (change,
 * page) pairs are claimed in the same transaction as the insert, so a replayed job inserts
 * no second row; each change commits on its own, so a retry redoes only what is missing.
 */
export function makeInjectRCRecordsTask (deps: InjectRCRecordsDeps): TaskDefinition<typeof InjectRCRecordsPayload> {
  return defineTask({
    name: 'wikibase:injectRCRecords',
    payload: InjectRCRecordsPayload,
    run: async payload => {
      const host = deps.host
      if (host === undefined) return
      for (const entry of rcEntries(payload)) await injectEntry(deps, host, payload.repoSiteId, entry)
    }
  })
}

async function injectEntry (
  deps: InjectRCRecordsDeps, host: NonNullable<InjectRCRecordsDeps['host']>, repoSiteId: string, { change: row, changeKey, pages }: Entry
): Promise<void> {
  const self = deps.db
  const change = decodeChange(row, message => deps.log.warn(message))
  // Lookups first: the host's services may need connections of their own, and holding the
  // transaction's connection while waiting for them could starve a small pool.
  const existing = await host.services.pagesByIds(pages.map(p => parsePageId(p.id)))
  if (existing.length === 0) return
  const factoryDeps = await deps.recentChangeDeps(change, repoSiteId, existing[0]!.contentLanguage)
  const prepared = prepareRecentChangeAttributes(change, factoryDeps)
  await host.services.transaction(async tx => {
    const claimed = await claimRecentChangePages(tx, self, repoSiteId, changeKey, existing.map(p => p.id))
    const targets = existing.filter(page => claimed.has(page.id))
    if (targets.length === 0) return
    const rows = targets.map(target => newRecentChange(change, target, prepared, factoryDeps))
    const ids = await host.services.insertRecentChanges(rows, tx)
    await recordRecentChangeIds(tx, self, repoSiteId, changeKey, new Map(targets.map((target, i) => [target.id as number, ids[i]!])))
  })
}
