import { withTransaction, type WikiDatabase } from '../../db/wiki-database.js'
import { parseEntityId, type EntityId } from '../../../hooks/ids.js'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'
import { insertEntityRow, propertyDatatypes, reserveEntityId, saveRevision, setEntityDeleted } from './entity-store.js'
import { loadEntityState } from '../../repo-reader/entity-state.js'
import { loadLatestRevision, type RevisionMeta } from '../../repo-reader/entity-revisions.js'
import { assertKnownSites, syncItemSiteLinks } from './sitelink-store.js'
import { InvalidEntityValueError } from './entity-errors.js'
import { validateEntityEdit } from '../validation/entity-validator.js'
import { WIKIBASE_VALIDATION_DEFAULTS, type EntityValidationSettings } from '../validation/validation-settings.js'

/**
 * Loads canonical entity JSON under its own id (a dump, Special:EntityData answers) as a new
 * revision: created when the id is new, else saved on top of the latest revision (a deleted
 * entity comes back). The content is stored unchanged except `lastrevid`/`modified`, which
 * become this repo's. Sitelinks go into `wb_items_per_site` (a conflict refuses the entity).
 * A wbgetentities `redirects: {from, to}` annotation also records `from` as a redirect to the
 * entity. Bulk loading makes no EntityChange and no recentchanges row.
 */
export interface ImportOptions {
  meta?: RevisionMeta
  /** Refuse sitelinks to sites the sites table does not have (default true). */
  checkSites?: boolean
  /** Limits and allow-lists of entity validation; default: Wikibase's. */
  validation?: EntityValidationSettings
}

export interface ImportResult {
  entityId: EntityId
  revisionId: number
  created: boolean
  redirectFrom: EntityId | null
}

const IMPORT_META: RevisionMeta = { userId: 0, userText: 'Import', comment: 'imported entity', bot: true }

export async function importEntity (db: WikiDatabase, entity: WikibaseEntity, options: ImportOptions = {}): Promise<ImportResult> {
  if (entity.type !== 'item' && entity.type !== 'property') {
    throw new InvalidEntityValueError('type', `only items and properties can be imported, not ${JSON.stringify(entity.type)}`)
  }
  const id = parseEntityId(entity.id)
  if ((id.startsWith('Q') ? 'item' : 'property') !== entity.type) throw new InvalidEntityValueError('id', `${id} is not the id of a ${entity.type}`)
  return await withTransaction(db.pool, async tx => {
    if (options.checkSites !== false) await assertKnownSites(tx, db, entity)
    const created = await insertEntityRow(tx, db, id)
    if (created) await reserveEntityId(tx, db, id)
    const state = (await loadEntityState(tx, db, id, { forUpdate: true }))!
    const current = state.latestRevisionId === 0 || state.deleted ? null : await loadLatestRevision(tx, db, id)
    const lookups = { propertyDatatypes: async (ids: string[]) => await propertyDatatypes(tx, db, ids), unknownSites: async () => [] }
    await validateEntityEdit(current?.entity ?? null, entity, lookups, options.validation ?? WIKIBASE_VALIDATION_DEFAULTS, { importing: true })
    if (state.deleted) await setEntityDeleted(tx, db, id, false)
    const revision = await saveRevision(tx, db, { entityId: id, baseRevisionId: state.latestRevisionId, entity, meta: options.meta ?? IMPORT_META })
    await syncItemSiteLinks(tx, db, id, current?.entity ?? null, revision.entity)
    const redirectFrom = redirectSource(entity)
    if (redirectFrom !== null) {
      if (await insertEntityRow(tx, db, redirectFrom, { redirectTarget: id })) await reserveEntityId(tx, db, redirectFrom)
    }
    return { entityId: id, revisionId: revision.revisionId, created, redirectFrom }
  })
}

function redirectSource (entity: WikibaseEntity): EntityId | null {
  const redirects = entity.redirects as { from?: unknown, to?: unknown } | undefined
  if (redirects?.to !== entity.id || typeof redirects?.from !== 'string' || redirects.from === entity.id) return null
  return parseEntityId(redirects.from)
}
