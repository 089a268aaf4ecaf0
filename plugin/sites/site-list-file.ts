import { SiteListFormatError } from './site-errors.js'
import { parseSiteListXml } from './site-list-xml.js'
import { parseSiteMatrix, type SiteMatrixOptions } from './site-matrix-parser.js'
import type { Site } from './site.js'

export type SiteListFormat = 'sitematrix-json' | 'sitelist-xml'

/** Which format a file's text is in: XML starts with `<`, a site matrix with `{`. */
export function detectSiteListFormat (content: string): SiteListFormat {
  const start = content.replace(/^\uFEFF/, '').trimStart()[0]
  if (start === '<') return 'sitelist-xml'
  if (start === '{') return 'sitematrix-json'
  throw new SiteListFormatError('site list', 'neither XML (<sites>) nor a site matrix JSON object')
}

/** Parses a site matrix JSON or a site-list XML document, detected from its text. */
export function parseSiteListFile (content: string, options: SiteMatrixOptions = {}): { format: SiteListFormat, sites: Site[] } {
  const format = detectSiteListFormat(content)
  if (format === 'sitelist-xml') return { format, sites: parseSiteListXml(content) }
  let json: unknown
  try {
    json = JSON.parse(content)
  } catch (err) {
    throw new SiteListFormatError('site matrix', (err as Error).message)
  }
  return { format, sites: parseSiteMatrix(json, options) }
}
