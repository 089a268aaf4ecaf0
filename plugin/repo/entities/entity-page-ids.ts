import type { WikiHost } from '../../../hooks/contract.js'
import type { EntityId } from '../../../hooks/ids.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { fillEntityPageId } from './entity-store.js'

/**
 * The host's page ids of entity pages, as Wikibase's EntityTitleLookup + the page table give
 * `pageid` in `wbgetentities` and Special:EntityData. Every edit through the repo stores the
 * id the host's `recordEntityEdit` returns; an entity whose page the host made without the
 * repo hearing of it (entities imported with the CLI, whose pages the host creates later) has
 * 0 until asked: the host is asked by title (`pageIdsForTitles`, one call per answer) and a
 * found id stored, so it is asked once. Without a host, or for a page the host does not have,
 * the id stays 0 and the host is asked again at the next read (as Wikibase looks the title up
 * in the page table at every read).
 */
export interface EntityPage { id: EntityId, title: string, pageId: number }

export async function resolveEntityPageIds (
  db: WikiDatabase, host: WikiHost | undefined, pages: readonly EntityPage[], onError: (err: unknown) => void
): Promise<Map<EntityId, number>> {
  const ids = new Map(pages.map(p => [p.id, p.pageId]))
  const unknown = pages.filter(p => p.pageId <= 0)
  // A repo-only host need not offer page lookups (a client's service): the id stays 0.
  const services = host?.services
  if (unknown.length === 0 || services?.pageIdsForTitles === undefined) return ids
  try {
    const found = await services.pageIdsForTitles(unknown.map(p => p.title))
    for (const page of unknown) {
      const pageId = Number(found.get(page.title) ?? 0)
      if (pageId <= 0) continue
      ids.set(page.id, pageId)
      await fillEntityPageId(db.pool, db, page.id, pageId)
    }
  } catch (err) {
    // A read answers with what the repo knows (pageid 0) rather than failing on the host.
    onError(err)
  }
  return ids
}
