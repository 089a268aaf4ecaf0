import type pg from 'pg'
import { tableName, withTransaction, type WikiDatabase, type Queryable } from '../db/wiki-database.js'
import { announceSitesChanged } from './site-change-signal.js'
import { DuplicateSiteError, InvalidSiteError } from './site-errors.js'
import { rowToSite, type SiteRow } from './site-row.js'
import { DEFAULT_SITE_RULES, type SiteRules } from './site-rules.js'
import { checkIdentifierOwners, checkUniqueGlobalIds, validateSite } from './site-validator.js'
import { planSiteWrite, type StoredSiteRow } from './site-write-plan.js'
import type { Site, SiteIdentifierType } from './site.js'

/** Where a wiki's sites live: its pool and the schema of its tables. */
export type SiteDatabase = Pick<WikiDatabase, 'pool' | 'dataSchema'>

/** Counts of a write; `added + updated + unchanged` = sites given (less those skipped, see onInvalidSite). */
export interface SiteWriteReport {
  added: number
  updated: number
  unchanged: number
}

export interface SiteWriteOptions {
  rules?: SiteRules
  /**
   * Given: a site the rules refuse (validateSite) is passed here and left out, the others are
   * written — what MediaWiki's importSites.php does (SiteImporter::makeSiteList hands each
   * site's exception to its exception callback, which reports it, and saves the rest).
   * Not given: the first such site refuses the whole write. Duplicates in the input and
   * prefixes another site holds refuse the write either way.
   */
  onInvalidSite?: (error: InvalidSiteError) => void
  /** Called as rows are written (for progress bars): sites written so far, sites to write. */
  onProgress?: (done: number, total: number) => void
}

const WRITE_CHUNK = 250

function selectSites (db: SiteDatabase, where: string): string {
  return `SELECT s.site_id, s.site_global_key, s.site_type, s.site_group, s.site_source, s.site_language,
      s.site_protocol, s.site_domain, s.site_data, s.site_forward, s.site_config,
      COALESCE(array_agg(i.si_key ORDER BY i.si_key COLLATE "C") FILTER (WHERE i.si_type = 'interwiki'), '{}') AS interwiki,
      COALESCE(array_agg(i.si_key ORDER BY i.si_key COLLATE "C") FILTER (WHERE i.si_type = 'equivalent'), '{}') AS equivalent
    FROM ${tableName(db, 'sites')} s
    LEFT JOIN ${tableName(db, 'site_identifiers')} i ON i.si_site = s.site_id
    ${where}
    GROUP BY s.site_id
    ORDER BY s.site_global_key COLLATE "C"`
}

async function loadRows (db: SiteDatabase, q: Queryable): Promise<StoredSiteRow[]> {
  const { rows } = await q.query<StoredSiteRow>(selectSites(db, ''))
  return rows
}

/** All sites, ordered by global id (byte order, as DBSiteStore). */
export async function loadSites (db: SiteDatabase): Promise<Site[]> {
  return (await loadRows(db, db.pool)).map(rowToSite)
}

export async function getSite (db: SiteDatabase, globalId: string): Promise<Site | null> {
  const { rows } = await db.pool.query<StoredSiteRow>(selectSites(db, 'WHERE s.site_global_key = $1'), [globalId])
  return rows[0] === undefined ? null : rowToSite(rows[0])
}

/** The site holding a local prefix: an interwiki id, or a navigation (`equivalent`) id. */
export async function getSiteByIdentifier (db: SiteDatabase, type: SiteIdentifierType, key: string): Promise<Site | null> {
  const { rows } = await db.pool.query<StoredSiteRow>(selectSites(db,
    `WHERE s.site_id = (SELECT si_site FROM ${tableName(db, 'site_identifiers')} WHERE si_type = $1 AND si_key = $2)`), [type, key])
  return rows[0] === undefined ? null : rowToSite(rows[0])
}

/** Adds a new site (addSite.php); an existing global id is a DuplicateSiteError. */
export async function addSite (db: SiteDatabase, site: Site, rules: SiteRules = DEFAULT_SITE_RULES): Promise<void> {
  await writeSites(db, () => [site], { rules }, 'add')
}

/** Inserts or updates one site; on update its identifiers are replaced by the site's. */
export async function saveSite (db: SiteDatabase, site: Site, rules: SiteRules = DEFAULT_SITE_RULES): Promise<SiteWriteReport> {
  return await writeSites(db, () => [site], { rules }, 'save')
}

/**
 * Inserts or updates many sites in one transaction: every site is validated and every
 * prefix checked against the registry as it would be afterwards, before anything is
 * written; on any error nothing changes. Sites not in the list are left alone.
 */
export async function importSites (db: SiteDatabase, sites: readonly Site[], options: SiteWriteOptions = {}): Promise<SiteWriteReport> {
  return await writeSites(db, () => sites, options, 'save')
}

/**
 * Like importSites, with the sites computed from the registry as read inside the write
 * transaction (so a merge such as a sync cannot overwrite a concurrent local change).
 */
export async function importSitesFrom (
  db: SiteDatabase, produce: (current: Site[]) => readonly Site[], options: SiteWriteOptions = {}
): Promise<SiteWriteReport> {
  return await writeSites(db, produce, options, 'save')
}

/** Deletes every site and identifier (DBSiteStore::clear). */
export async function clearSites (db: SiteDatabase): Promise<void> {
  await withTransaction(db.pool, async tx => {
    await tx.query(`DELETE FROM ${tableName(db, 'site_identifiers')}`)
    await tx.query(`DELETE FROM ${tableName(db, 'sites')}`)
  })
  announceSitesChanged(db.pool, db.dataSchema)
}

/**
 * A fingerprint of the registry's committed rows: every insert, update or delete of a site or
 * identifier, by any process (or by hand), changes some row version (xmin) or row position
 * (ctid). One query over ~2,000 small rows, and no extra table or trigger to migrate.
 */
export async function readSitesVersion (db: SiteDatabase): Promise<string> {
  const versions = (table: string): string =>
    `(SELECT coalesce(string_agg(xmin::text || '@' || ctid::text, ',' ORDER BY ctid), '') FROM ${tableName(db, table)})`
  const { rows } = await db.pool.query<{ version: string }>(
    `SELECT md5(${versions('sites')} || '|' || ${versions('site_identifiers')}) AS version`)
  return rows[0]?.version ?? ''
}

async function writeSites (
  db: SiteDatabase, produce: (current: Site[]) => readonly Site[], options: SiteWriteOptions, mode: 'add' | 'save'
): Promise<SiteWriteReport> {
  const rules = options.rules ?? DEFAULT_SITE_RULES
  const report = await withTransaction(db.pool, async tx => {
    // Writers queue up behind each other; readers are not blocked.
    await tx.query(`LOCK TABLE ${tableName(db, 'sites')} IN SHARE ROW EXCLUSIVE MODE`)
    const storedRows = await loadRows(db, tx)
    const stored = new Map(storedRows.map(row => [row.site_global_key, row]))
    const given = produce(storedRows.map(rowToSite))
    checkUniqueGlobalIds(given)
    const sites = given.filter(site => isValid(site, rules, options.onInvalidSite))
    if (mode === 'add') {
      const existing = sites.find(site => stored.has(site.globalId))
      if (existing !== undefined) throw new DuplicateSiteError(existing.globalId)
    }
    const after = new Map<string, Site>([...stored].map(([id, row]) => [id, rowToSite(row)]))
    for (const site of sites) after.set(site.globalId, site)
    checkIdentifierOwners(after.values(), new Set(sites.map(site => site.globalId)))

    const plan = planSiteWrite(stored, sites)
    const total = plan.inserts.length + plan.updates.length
    let done = 0
    options.onProgress?.(0, total)
    const identifierRows: Array<{ si_type: string, si_key: string, si_site: number }> = []
    for (const chunk of chunks(plan.updates)) {
      await updateRows(db, tx, chunk)
      for (const row of chunk) identifierRows.push(...identifiersOf(row, row.site_id))
      options.onProgress?.(done += chunk.length, total)
    }
    if (plan.updates.length > 0) {
      await tx.query(`DELETE FROM ${tableName(db, 'site_identifiers')} WHERE si_site = ANY($1::int[])`, [plan.updates.map(row => row.site_id)])
    }
    for (const chunk of chunks(plan.inserts)) {
      const ids = await insertRows(db, tx, chunk)
      for (const row of chunk) identifierRows.push(...identifiersOf(row, ids.get(row.site_global_key)!))
      options.onProgress?.(done += chunk.length, total)
    }
    for (const chunk of chunks(identifierRows)) {
      await tx.query(`INSERT INTO ${tableName(db, 'site_identifiers')} (si_type, si_key, si_site)
        SELECT si_type, si_key, si_site FROM jsonb_to_recordset($1::jsonb) AS x(si_type varchar, si_key varchar, si_site integer)`,
      [JSON.stringify(chunk)])
    }
    return { added: plan.inserts.length, updated: plan.updates.length, unchanged: plan.unchanged.length }
  })
  if (report.added + report.updated > 0) announceSitesChanged(db.pool, db.dataSchema)
  return report
}

function isValid (site: Site, rules: SiteRules, onInvalidSite: SiteWriteOptions['onInvalidSite']): boolean {
  try {
    validateSite(site, rules)
    return true
  } catch (error) {
    if (onInvalidSite === undefined || !(error instanceof InvalidSiteError)) throw error
    onInvalidSite(error)
    return false
  }
}

const COLUMNS = `site_global_key varchar, site_type varchar, site_group varchar, site_source varchar, site_language varchar,
  site_protocol varchar, site_domain varchar, site_data jsonb, site_forward boolean, site_config jsonb`

async function insertRows (db: SiteDatabase, tx: pg.PoolClient, rows: SiteRow[]): Promise<Map<string, number>> {
  const { rows: inserted } = await tx.query<{ site_id: number, site_global_key: string }>(
    `INSERT INTO ${tableName(db, 'sites')} (site_global_key, site_type, site_group, site_source, site_language,
        site_protocol, site_domain, site_data, site_forward, site_config)
      SELECT site_global_key, site_type, site_group, site_source, site_language,
        site_protocol, site_domain, site_data, site_forward, site_config
      FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMNS})
      RETURNING site_id, site_global_key`, [JSON.stringify(rows)])
  return new Map(inserted.map(row => [row.site_global_key, row.site_id]))
}

async function updateRows (db: SiteDatabase, tx: pg.PoolClient, rows: StoredSiteRow[]): Promise<void> {
  await tx.query(
    `UPDATE ${tableName(db, 'sites')} AS s SET
        site_type = x.site_type, site_group = x.site_group, site_source = x.site_source,
        site_language = x.site_language, site_protocol = x.site_protocol, site_domain = x.site_domain,
        site_data = x.site_data, site_forward = x.site_forward, site_config = x.site_config
      FROM jsonb_to_recordset($1::jsonb) AS x(site_id integer, ${COLUMNS})
      WHERE s.site_id = x.site_id`, [JSON.stringify(rows)])
}

function identifiersOf (row: SiteRow, siteId: number): Array<{ si_type: string, si_key: string, si_site: number }> {
  return [
    ...row.interwiki.map(key => ({ si_type: 'interwiki', si_key: key, si_site: siteId })),
    ...row.equivalent.map(key => ({ si_type: 'equivalent', si_key: key, si_site: siteId }))
  ]
}

function * chunks<T> (items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += WRITE_CHUNK) yield items.slice(i, i + WRITE_CHUNK)
}
