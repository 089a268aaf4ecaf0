import { SiteListFormatError } from './site-errors.js'
import { isSiteGlobalId } from './site-global-id.js'
import { SPECIAL_SITE_GROUPS, groupOfMatrixCode } from './site-groups.js'
import { PATH_FILE, PATH_PAGE } from './site-paths.js'
import { SITE_TYPE_MEDIAWIKI, newSite, type Site } from './site.js'

export interface SiteMatrixOptions {
  /**
   * The group of the wiki importing (as populateSitesTable's --site-group): sites of that
   * group get their language code as interwiki id and navigation id. Default: no local ids.
   */
  siteGroup?: string
  /** Path added to a wiki's URL for pages and for scripts; Wikimedia uses /wiki/$1 and /w/$1. */
  articlePath?: string
  scriptPath?: string
}

interface MatrixSite { url: string, dbname: string, code: string, lang?: string }

/**
 * Sites of a Wikimedia site matrix (`action=sitematrix` → its `sitematrix` value, or the
 * whole API answer): one `mediawiki` site per wiki, global id = database name. Language
 * entries give the language and the group (`wiki` → `wikipedia`); special wikis get the
 * group of their own name when it is one (commons, wikidata, …), `wikimedia` for chapter
 * wikis and `special` otherwise, and their `lang` unless the matrix only repeats the code.
 */
export function parseSiteMatrix (json: unknown, options: SiteMatrixOptions = {}): Site[] {
  const matrix = unwrap(json)
  const articlePath = options.articlePath ?? '/wiki/$1'
  const scriptPath = options.scriptPath ?? '/w/$1'
  const sites: Site[] = []
  const make = (entry: MatrixSite, group: string, language: string, localIds: string[]): Site => newSite({
    globalId: entry.dbname as Site['globalId'],
    type: SITE_TYPE_MEDIAWIKI,
    group,
    language,
    data: { paths: { [PATH_FILE]: entry.url + scriptPath, [PATH_PAGE]: entry.url + articlePath } },
    interwikiIds: localIds,
    navigationIds: localIds
  })
  for (const [key, value] of Object.entries(matrix)) {
    if (key === 'count') continue
    if (key === 'specials') {
      for (const [index, entry] of expectArray(value, 'specials').entries()) {
        const special = matrixSite(entry, `specials[${index}]`)
        const group = specialGroup(special)
        const lang = special.lang !== undefined && special.lang !== special.code ? special.lang : ''
        sites.push(make(special, group, lang, []))
      }
      continue
    }
    const language = expectObject(value, key)
    const code = language.code
    if (typeof code !== 'string') throw new SiteListFormatError('site matrix', `entry ${key} has no language code`)
    for (const [index, entry] of expectArray(language.site ?? [], `${key}.site`).entries()) {
      const wiki = matrixSite(entry, `${key}.site[${index}]`)
      const group = groupOfMatrixCode(wiki.code)
      sites.push(make(wiki, group, code, options.siteGroup === group ? [code] : []))
    }
  }
  return sites
}

function specialGroup (special: MatrixSite): string {
  if (SPECIAL_SITE_GROUPS.has(special.code)) return special.code
  if (special.dbname.endsWith('wikimedia')) return 'wikimedia'
  return 'special'
}

function unwrap (json: unknown): Record<string, unknown> {
  const top = expectObject(json, 'the document')
  const inner = top.sitematrix
  const matrix = inner !== undefined ? expectObject(inner, 'sitematrix') : top
  if (!('specials' in matrix) && !Object.keys(matrix).some(k => /^\d+$/.test(k))) {
    throw new SiteListFormatError('site matrix', 'neither language entries nor "specials" found')
  }
  return matrix
}

function matrixSite (value: unknown, where: string): MatrixSite {
  const entry = expectObject(value, where)
  for (const field of ['url', 'dbname', 'code'] as const) {
    if (typeof entry[field] !== 'string') throw new SiteListFormatError('site matrix', `${where} has no "${field}" string`)
  }
  const site = entry as unknown as MatrixSite
  if (!isSiteGlobalId(site.dbname)) throw new SiteListFormatError('site matrix', `${where}: dbname ${JSON.stringify(site.dbname)} is not a global site id`)
  if (!/^(https?:)?\/\/[^/]+$/.test(site.url)) throw new SiteListFormatError('site matrix', `${where}: url ${JSON.stringify(site.url)} is not a site URL`)
  return site
}

function expectObject (value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new SiteListFormatError('site matrix', `${where} is not an object`)
  return value as Record<string, unknown>
}

function expectArray (value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new SiteListFormatError('site matrix', `${where} is not an array`)
  return value
}
