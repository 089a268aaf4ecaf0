import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { SiteListFormatError } from '../site-errors.js'
import { sitePaths } from '../site-paths.js'
import { SITE_GROUP_NONE, SITE_SOURCE_LOCAL, SITE_TYPE_UNKNOWN, newSite, type Site } from '../site.js'

/** MediaWiki's site list format (importSites.php / exportSites.php, sitelist-1.0.xsd). */
export const SITE_LIST_NAMESPACE = 'http://www.mediawiki.org/xml/sitelist-1.0/'
const FORMAT = 'site list XML'

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name: string) => ['site', 'localid', 'path'].includes(name)
})

type XmlNode = Record<string, unknown>

/**
 * Sites of a `<sites>` document: `<site type>` with `globalid`, `group`, `source`,
 * `language`, `forward` (present = true), `localid type="interwiki|equivalent"` and
 * `path type="…"`. A site without `type` is of type `unknown`.
 */
export function parseSiteListXml (xml: string): Site[] {
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw new SiteListFormatError(FORMAT, `${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`)
  const document = parser.parse(xml) as XmlNode
  const root = document.sites
  if (root === undefined) throw new SiteListFormatError(FORMAT, 'the root element is not <sites>')
  const entries = root === '' ? [] : ((root as XmlNode).site as unknown[] | undefined) ?? []
  return entries.map((entry, index) => readSite(typeof entry === 'object' && entry !== null ? entry as XmlNode : {}, index))
}

function readSite (node: XmlNode, index: number): Site {
  const globalId = text(node.globalid)
  if (globalId === undefined || globalId === '') throw new SiteListFormatError(FORMAT, `site ${index + 1} has no <globalid>`)
  const interwikiIds: string[] = []
  const navigationIds: string[] = []
  for (const localId of (node.localid as unknown[] | undefined) ?? []) {
    const type = attribute(localId, 'type')
    const key = text(localId)
    if (key === undefined || key === '') throw new SiteListFormatError(FORMAT, `site ${globalId}: empty <localid>`)
    if (type === 'interwiki') interwikiIds.push(key)
    else if (type === 'equivalent') navigationIds.push(key)
    else throw new SiteListFormatError(FORMAT, `site ${globalId}: <localid> type ${JSON.stringify(type ?? '')} is neither interwiki nor equivalent`)
  }
  const paths: Record<string, string> = {}
  for (const path of (node.path as unknown[] | undefined) ?? []) {
    const type = attribute(path, 'type')
    if (type === undefined || type === '') throw new SiteListFormatError(FORMAT, `site ${globalId}: <path> without type`)
    paths[type] = text(path) ?? ''
  }
  return newSite({
    globalId: globalId as Site['globalId'],
    type: attribute(node, 'type') ?? SITE_TYPE_UNKNOWN,
    group: text(node.group) ?? SITE_GROUP_NONE,
    source: text(node.source) ?? SITE_SOURCE_LOCAL,
    language: text(node.language) ?? '',
    forward: node.forward !== undefined,
    data: Object.keys(paths).length > 0 ? { paths } : {},
    interwikiIds,
    navigationIds
  })
}

function text (value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'object' && value !== null) {
    const inner = (value as XmlNode)['#text']
    return typeof inner === 'string' ? inner : ''
  }
  return String(value)
}

function attribute (value: unknown, name: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const attr = (value as XmlNode)[`@_${name}`]
  return typeof attr === 'string' ? attr : undefined
}

/**
 * The sites as a `<sites>` document in the layout exportSites.php writes: type attribute
 * unless `unknown`, group unless `none`, source unless `local`, then language (when known),
 * forward, local ids and paths. Site data other than paths and the local config are not part
 * of the format and are not written.
 */
export function exportSiteListXml (sites: readonly Site[]): string {
  const lines = [`<sites version="1.0" xmlns="${SITE_LIST_NAMESPACE}">`]
  for (const site of sites) {
    lines.push(site.type === SITE_TYPE_UNKNOWN ? '\t<site>' : `\t<site type="${escapeXml(site.type)}">`)
    lines.push(`\t\t<globalid>${escapeXml(site.globalId)}</globalid>`)
    if (site.group !== SITE_GROUP_NONE) lines.push(`\t\t<group>${escapeXml(site.group)}</group>`)
    if (site.source !== SITE_SOURCE_LOCAL) lines.push(`\t\t<source>${escapeXml(site.source)}</source>`)
    if (site.language !== '') lines.push(`\t\t<language>${escapeXml(site.language)}</language>`)
    if (site.forward) lines.push('\t\t<forward/>')
    for (const key of site.interwikiIds) lines.push(`\t\t<localid type="interwiki">${escapeXml(key)}</localid>`)
    for (const key of site.navigationIds) lines.push(`\t\t<localid type="equivalent">${escapeXml(key)}</localid>`)
    for (const [type, path] of Object.entries(sitePaths(site))) lines.push(`\t\t<path type="${escapeXml(type)}">${escapeXml(path)}</path>`)
    lines.push('\t</site>')
  }
  lines.push('</sites>')
  return `${lines.join('\n')}\n`
}

function escapeXml (value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
