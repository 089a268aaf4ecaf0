import { SiteListFormatError } from './site-errors.js'
import { parseSiteListXml } from './site-list-xml.js'
import { parseSiteMatrix, type SiteMatrixOptions } from './site-matrix-parser.js'
import { parseSitesTableDump } from './sites-table-dump.js'
import type { Site } from './site.js'

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

/**
 * Parses a site matrix JSON, a site-list XML document or a mysqldump of MediaWiki's sites
 * table, detected from its text. `siteGroup` applies to the matrix and the dump.
 * `warnings` lists what was read leniently (only the dump has such cases).
 */
export function parseSiteListFile (content: string, options: SiteMatrixOptions = {}): { format: SiteListFormat, sites: Site[], warnings: string[] } {
  const format = detectSiteListFormat(content)
  if (format === 'sitelist-xml') return { format, sites: parseSiteListXml(content), warnings: [] }
  if (format === 'sites-table-sql') {
    return { format, ...parseSitesTableDump(content, options.siteGroup === undefined ? {} : { siteGroup: options.siteGroup }) }
  }
  let json: unknown
  try {
    json = JSON.parse(content)
  } catch (err) {
    throw new SiteListFormatError('site matrix', (err as Error).message)
  }
  return { format, sites: parseSiteMatrix(json, options), warnings: [] }
}
