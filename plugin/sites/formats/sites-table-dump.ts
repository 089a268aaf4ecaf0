import { SiteListFormatError } from '../site-errors.js'
import { isSiteGlobalId } from '../../../hooks/ids.js'
import { withLanguagePrefixes } from '../site-language-prefixes.js'
import { MysqlDumpError, parseMysqlDump, tableRecords, type SqlValue } from './mysql-dump-parser.js'
import { PhpUnserializeError, phpUnserialize, type PhpJson } from './php-unserialize.js'
import { SITE_GROUP_NONE, SITE_SOURCE_LOCAL, SITE_TYPE_UNKNOWN, newSite, type Site, type SiteData } from '../site.js'

const FORMAT = 'sites table dump'

/** MediaWiki core's column order (facts §1.7), for INSERTs of a dump without CREATE TABLE. */
export const SITES_COLUMNS: readonly string[] = Object.freeze([
  'site_id', 'site_global_key', 'site_type', 'site_group', 'site_source', 'site_language',
  'site_protocol', 'site_domain', 'site_data', 'site_forward', 'site_config'
])
export const SITE_IDENTIFIERS_COLUMNS: readonly string[] = Object.freeze(['si_site', 'si_type', 'si_key'])

export interface SitesTableDumpOptions {
  /** As populateSitesTable's --site-group: sites of this group get their language code as interwiki and navigation id. */
  siteGroup?: string
}

export interface SitesTableDump {
  sites: Site[]
  /** Things read leniently, one line each (a PHP string whose declared length is wrong). */
  warnings: string[]
}

/**
 * The sites of a mysqldump of MediaWiki's `sites` table (and of `site_identifiers`, when
 * the dump holds it): one site per row, in the dump's order. `site_data` and `site_config`
 * may be PHP-serialized (as DBSiteStore writes them), JSON, or empty. Identifiers are
 * attached to their site through `si_site` = `site_id`; the dump's `site_id`s themselves
 * are not kept (the registry numbers its rows). `site_protocol` and `site_domain` are not
 * read: the registry derives both from the link path (old dumps hold '' and '.').
 */
export function parseSitesTableDump (text: string, options: SitesTableDumpOptions = {}): SitesTableDump {
  let tables
  try {
    tables = parseMysqlDump(text)
  } catch (error) {
    if (error instanceof MysqlDumpError) throw new SiteListFormatError(FORMAT, error.message)
    throw error
  }
  const sitesTable = tables.get('sites')
  if (sitesTable === undefined) throw new SiteListFormatError(FORMAT, 'no CREATE TABLE or INSERT INTO `sites` statement')
  const warnings: string[] = []
  const rows = records(sitesTable, SITES_COLUMNS)
  const identifiersTable = tables.get('site_identifiers')
  const identifierRows = identifiersTable === undefined ? [] : records(identifiersTable, SITE_IDENTIFIERS_COLUMNS)

  const byInternalId = new Map<number, { globalId: string, interwiki: string[], equivalent: string[] }>()
  const read = rows.map(({ line, record }, index) => {
    const where = `\`sites\` row ${index + 1} (line ${line})`
    const globalId = record.site_global_key
    if (typeof globalId !== 'string' || !isSiteGlobalId(globalId)) {
      throw new SiteListFormatError(FORMAT, `${where}: site_global_key ${JSON.stringify(globalId ?? null)} is not a global site id`)
    }
    const site = `${where}, site ${globalId}`
    const ids = { globalId, interwiki: [] as string[], equivalent: [] as string[] }
    if (identifierRows.length > 0) {
      const internalId = record.site_id
      if (typeof internalId !== 'number' || !Number.isInteger(internalId)) {
        throw new SiteListFormatError(FORMAT, `${site}: site_id ${JSON.stringify(internalId ?? null)} is not an integer`)
      }
      const other = byInternalId.get(internalId)
      if (other !== undefined) throw new SiteListFormatError(FORMAT, `${site}: site_id ${internalId} is also the id of site ${other.globalId}`)
      byInternalId.set(internalId, ids)
    }
    const data = blob(record, 'site_data', site, warnings)
    const paths = data.paths
    if (paths !== undefined && (paths === null || typeof paths !== 'object' || Array.isArray(paths) || Object.values(paths).some(p => typeof p !== 'string'))) {
      throw new SiteListFormatError(FORMAT, `${site}: site_data "paths" is not a map of path type → URL`)
    }
    return {
      ids,
      fields: {
        globalId,
        type: textColumn(record, 'site_type', site) ?? SITE_TYPE_UNKNOWN,
        group: textColumn(record, 'site_group', site) ?? SITE_GROUP_NONE,
        source: textColumn(record, 'site_source', site) ?? SITE_SOURCE_LOCAL,
        language: textColumn(record, 'site_language', site) ?? '',
        data: data as SiteData,
        forward: flag(record, 'site_forward', site),
        config: blob(record, 'site_config', site, warnings)
      }
    }
  })

  for (const [index, { line, record }] of identifierRows.entries()) {
    const where = `\`site_identifiers\` row ${index + 1} (line ${line})`
    const owner = typeof record.si_site === 'number' ? byInternalId.get(record.si_site) : undefined
    if (owner === undefined) {
      throw new SiteListFormatError(FORMAT, `${where}: si_site ${JSON.stringify(record.si_site ?? null)} is the site_id of no site in the dump`)
    }
    const key = record.si_key
    if (typeof key !== 'string' || key === '') throw new SiteListFormatError(FORMAT, `${where}: si_key ${JSON.stringify(key ?? null)} is not a prefix`)
    if (record.si_type === 'interwiki') owner.interwiki.push(key)
    else if (record.si_type === 'equivalent') owner.equivalent.push(key)
    else throw new SiteListFormatError(FORMAT, `${where}: si_type ${JSON.stringify(record.si_type ?? null)} is neither interwiki nor equivalent`)
  }

  const sites = read.map(({ ids, fields }) => newSite({
    ...fields,
    globalId: fields.globalId as Site['globalId'],
    interwikiIds: ids.interwiki,
    navigationIds: ids.equivalent
  }))
  return { sites: withLanguagePrefixes(sites, options.siteGroup), warnings }
}

function records (table: Parameters<typeof tableRecords>[0], columns: readonly string[]): ReturnType<typeof tableRecords> {
  try {
    return tableRecords(table, columns)
  } catch (error) {
    if (error instanceof MysqlDumpError) throw new SiteListFormatError(FORMAT, error.message)
    throw error
  }
}

/** A text column; undefined when the dump has no such column. */
function textColumn (record: Record<string, SqlValue>, column: string, where: string): string | undefined {
  if (!Object.hasOwn(record, column)) return undefined
  const value = record[column]
  if (typeof value !== 'string') throw new SiteListFormatError(FORMAT, `${where}: ${column} is ${value === null ? 'NULL' : `the number ${value}`}, not text`)
  return value
}

function flag (record: Record<string, SqlValue>, column: string, where: string): boolean {
  if (!Object.hasOwn(record, column)) return false
  const value = record[column]
  if (value === 0 || value === '0') return false
  if (value === 1 || value === '1') return true
  throw new SiteListFormatError(FORMAT, `${where}: ${column} ${JSON.stringify(value ?? null)} is neither 0 nor 1`)
}

/** `site_data` / `site_config`: PHP-serialized, JSON or empty; must hold a map. */
function blob (record: Record<string, SqlValue>, column: string, where: string, warnings: string[]): Record<string, PhpJson> {
  const raw = textColumn(record, column, where) ?? ''
  let value: PhpJson
  if (raw.trim() === '') return {}
  if (/^\s*[{[]/.test(raw)) {
    try {
      value = JSON.parse(raw) as PhpJson
    } catch (error) {
      throw new SiteListFormatError(FORMAT, `${where}: ${column} is not valid JSON (${(error as Error).message})`)
    }
  } else {
    try {
      const result = phpUnserialize(raw)
      value = result.value
      for (const warning of result.warnings) warnings.push(`${where}: ${column}: ${warning}`)
    } catch (error) {
      if (error instanceof PhpUnserializeError) throw new SiteListFormatError(FORMAT, `${where}: ${column} is not PHP-serialized data: ${error.message}`)
      throw error
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SiteListFormatError(FORMAT, `${where}: ${column} holds ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}, not a map`)
  }
  return value
}
