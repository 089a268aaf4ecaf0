import { SiteListFormatError } from '../site-errors.js'
import { isSiteGlobalId } from '../../../hooks/ids.js'
import { groupOfMatrixCode } from '../site-groups.js'
import { PATH_FILE, PATH_PAGE } from '../site-paths.js'
import { SITE_TYPE_MEDIAWIKI, newSite, type Site } from '../site.js'

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

/** Language of every special wiki: Wikibase's SiteMatrixParser::getSpecialSites sets `en` ("todo: get this from $wgConf"). */
export const SPECIAL_SITE_LANGUAGE = 'en'

/**
 * Sites of a Wikimedia site matrix (`action=sitematrix` → its `sitematrix` value, or the
 * whole API answer) as Wikibase's SiteMatrixParser (lib/includes/Sites/SiteMatrixParser.php)
 * builds them: one `mediawiki` site per wiki, global id = database name, group = the
 * entry's matrix code (`wiki` → `wikipedia`, its expandGroup). Language entries give their
 * language code. Special wikis (`specials`) get the language `en` and their matrix code as
 * interwiki id (getSpecialSites calls addInterwikiId only, no navigation id), so commonswiki
 * is group `commons`, arwikimedia group `arwikimedia`. Then `siteGroup` as Wikibase's
 * SitesBuilder::addInterwikiIdsToGroup: every site of that group gets its language code as
 * interwiki and navigation id.
 */
export function parseSiteMatrix (json: unknown, options: SiteMatrixOptions = {}): Site[] {
  const matrix = unwrap(json)
  const articlePath = options.articlePath ?? '/wiki/$1'
  const scriptPath = options.scriptPath ?? '/w/$1'
  const sites: Site[] = []
  const make = (entry: MatrixSite, language: string, interwikiIds: string[] = []): Site => {
    const group = groupOfMatrixCode(entry.code)
    const languageIds = options.siteGroup === group && language !== '' ? [language] : []
    return newSite({
      globalId: entry.dbname as Site['globalId'],
      type: SITE_TYPE_MEDIAWIKI,
      group,
      language,
      data: { paths: { [PATH_FILE]: entry.url + scriptPath, [PATH_PAGE]: entry.url + articlePath } },
      interwikiIds: [...interwikiIds, ...languageIds],
      navigationIds: languageIds
    })
  }
  for (const [key, value] of Object.entries(matrix)) {
    if (key === 'count') continue
    if (key === 'specials') {
      for (const [index, entry] of expectArray(value, 'specials').entries()) {
        const special = matrixSite(entry, `specials[${index}]`)
        sites.push(make(special, SPECIAL_SITE_LANGUAGE, [special.code]))
      }
      continue
    }
    const language = expectObject(value, key)
    const code = language.code
    if (typeof code !== 'string') throw new SiteListFormatError('site matrix', `entry ${key} has no language code`)
    for (const [index, entry] of expectArray(language.site ?? [], `${key}.site`).entries()) {
      sites.push(make(matrixSite(entry, `${key}.site[${index}]`), code))
    }
  }
  return sites
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
  // The url is not checked here: the paths made of it are, per site, by the store's validator
  // (site-url-policy.ts), so one bad entry is reported and skipped like a bad site of any file.
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
