import { SiteListFormatError } from '../site-errors.js'
import { parseSiteListXml } from './site-list-xml.js'
import { parseSiteMatrix, type SiteMatrixOptions } from './site-matrix-parser.js'
import { parseSitesTableDump } from './sites-table-dump.js'
import type { Site } from '../site.js'

export type SiteListFormat = 'sitematrix-json' | 'sitelist-xml' | 'sites-table-sql'

/** How a mysqldump file starts: a comment, or one of the statements mysqldump writes. */
const SQL_START = /^(--|#|\/\*|(INSERT|REPLACE|CREATE|DROP|LOCK|SET|USE)\b)/i

/** Which format a file's text is in: XML starts with `<`, a site matrix with `{`, a sites-table dump as SQL does. */
export function detectSiteListFormat (content: string): SiteListFormat {
  const start = content.replace(/^\uFEFF/, '').trimStart()
  if (start.startsWith('<')) return 'sitelist-xml'
  if (start.startsWith('{')) return 'sitematrix-json'
  if (SQL_START.test(start)) return 'sites-table-sql'
  throw new SiteListFormatError('site list', 'neither XML (<sites>), a site matrix JSON object nor an SQL dump of the sites table')
}

export interface SiteListFile {
  format: SiteListFormat
  sites: Site[]
  /** What was read leniently (only the dump has such cases). */
  warnings: string[]
  /**
   * Groups the file itself defines, to be accepted besides the registry's known groups: a
   * site matrix makes each special wiki's code its group (Wikibase's SiteMatrixParser), so
   * its groups are those of its sites. The other formats define none (a sites-table dump's
   * groups are accepted only when asked, `--allow-groups-from-file`).
   */
  declaredGroups: string[]
}

/**
 * Parses a site matrix JSON, a site-list XML document or a mysqldump of MediaWiki's sites
 * table, detected from its text. `siteGroup` applies to the matrix and the dump.
 */
export function parseSiteListFile (content: string, options: SiteMatrixOptions = {}): SiteListFile {
  const format = detectSiteListFormat(content)
  if (format === 'sitelist-xml') return { format, sites: parseSiteListXml(content), warnings: [], declaredGroups: [] }
  if (format === 'sites-table-sql') {
    return { format, ...parseSitesTableDump(content, options.siteGroup === undefined ? {} : { siteGroup: options.siteGroup }), declaredGroups: [] }
  }
  let json: unknown
  try {
    json = JSON.parse(content)
  } catch (err) {
    throw new SiteListFormatError('site matrix', (err as Error).message)
  }
  const sites = parseSiteMatrix(json, options)
  return { format, sites, warnings: [], declaredGroups: [...new Set(sites.map(site => site.group))] }
}
