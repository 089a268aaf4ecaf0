import pg from 'pg'
import type { ParserOutput } from '../../hooks/contract.js'
import { withTransaction, type WikiDatabase } from '../../plugin/db/wiki-database.js'
import { parseEntityId } from '../../hooks/ids.js'
import type { WikibaseEntity } from '../../plugin/changes/wikibase-entity.js'
import { insertEntityRow, reserveEntityId, saveRevision, setEntityDeleted, withEntityId } from '../../plugin/repo/entities/entity-store.js'
import { syncItemSiteLinks } from '../../plugin/repo/entities/sitelink-store.js'
import { allSubscriptions } from '../../plugin/repo/dispatch/subscription-store.js'
import { ENTITY_USAGE_EXTENSION_DATA_KEY } from '../../plugin/client/usage/usage-accumulator.js'

// What the usage tests set up and read around the test host: recorded usages, repo entities, subscriptions.

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
