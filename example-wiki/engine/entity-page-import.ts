import { findPage, insertPage, insertRevision, setLatestRevision } from './page-store.js'
import { NS_ITEM, NS_PROPERTY, type Title } from './titles.js'
import { inTransaction } from './wiki-db.js'
import type { Wiki } from './wiki-engine.js'
import type pg from 'pg'

/**
 * Repo: the host page (Item:Q64, Property:P17) of an entity that reached the repo's store
 * without the host — loaded with the plugin's CLI (`entities import`), which has no host to
 * call. In Wikibase every entity is a page; importing a dump (importDump.php, Wikibase's
 * importEntities) creates the page revision but no recentchanges row, and so does this. The
 * revision text has the shape recordEntityEdit writes (kind `import`). A page that exists is
 * left alone, so this can run at every start.
 */
export interface ImportedEntity { id: string, revisionId: number }

export const IMPORT_USER = { id: 0, name: 'Import' }
export const IMPORT_COMMENT = 'imported entity'

export function entityPageTitle (id: string): Title {
  return { namespace: id.startsWith('P') ? NS_PROPERTY : NS_ITEM, dbKey: id }
}

/** Creates the missing pages; returns the ids that got one. One transaction; on a conflict, one per entity. */
export async function createImportedEntityPages (wiki: Wiki, entities: readonly ImportedEntity[]): Promise<string[]> {
  try {
    return await inTransaction(wiki.db, async tx => {
      const created: string[] = []
      for (const entity of entities) if (await createPage(wiki, tx, entity)) created.push(entity.id)
      return created
    })
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error
  }
  const created: string[] = []
  for (const entity of entities) {
    const made = await inTransaction(wiki.db, async tx => await createPage(wiki, tx, entity)).catch((error: { code?: string }) => {
      // An edit through the API created the page meanwhile: it has its page.
      if (error.code === UNIQUE_VIOLATION) return false
      throw error
    })
    if (made) created.push(entity.id)
  }
  return created
}

const UNIQUE_VIOLATION = '23505'

async function createPage (wiki: Wiki, tx: pg.PoolClient, entity: ImportedEntity): Promise<boolean> {
  const title = entityPageTitle(entity.id)
  if (await findPage(tx, wiki.db, title, { forUpdate: true }) !== null) return false
  const page = await insertPage(tx, wiki.db, title, wiki.language)
  const text = JSON.stringify({ entity: entity.id, entityRevision: entity.revisionId, kind: 'import' })
  const revision = await insertRevision(tx, wiki.db, {
    rev_page: page.page_id, rev_parent_id: 0, rev_user: IMPORT_USER.id, rev_user_text: IMPORT_USER.name,
    rev_comment: IMPORT_COMMENT, rev_minor: false, rev_len: Buffer.byteLength(text), rev_text: text
  })
  await setLatestRevision(tx, wiki.db, page.page_id, revision)
  return true
}
