import { InvalidSitePathError, MissingSitePathError } from './site-errors.js'
import { getLinkPath, getPath, PATH_FILE, PATH_PLACEHOLDER } from './site-paths.js'
import { siteUrlProblem } from './site-url-policy.js'
import { SITE_TYPE_MEDIAWIKI, type Site } from './site.js'
import { phpTrim, rawUrlEncode, wfUrlencode } from './title-encoding.js'

/**
 * Every `$1` of the template replaced by `value`, verbatim, as PHP's str_replace does in
 * Site::getPageUrl and MediaWikiSite::getFileUrl. Not String#replace(All): its replacement
 * string interprets `$$`, `$&`, `` $` ``, `$'` and `$<name>`, which page titles and file
 * paths may hold.
 */
export function fillPlaceholder (template: string, value: string): string {
  return template.split(PATH_PLACEHOLDER).join(value)
}

/**
 * The URL of a page on the site (facts §7.20): the link path with every `$1` replaced by
 * the encoded page name. Without a page name: the raw link path (still holding `$1`).
 * No link path, or one that is not an http(s) or protocol-relative URL (a row written
 * around the validator must not become a `javascript:` href): null. Generic sites encode
 * with rawurlencode; MediaWiki sites trim the name, turn spaces into underscores and
 * encode with wfUrlencode.
 */
export function pageUrl (site: Pick<Site, 'type' | 'data'>, pageName?: string): string | null {
  const path = getLinkPath(site)
  if (typeof path !== 'string' || siteUrlProblem(path) !== null) return null
  if (pageName === undefined) return path
  return fillPlaceholder(path, encodePageName(site, pageName))
}

function encodePageName (site: Pick<Site, 'type'>, pageName: string): string {
  if (site.type !== SITE_TYPE_MEDIAWIKI) return rawUrlEncode(pageName)
  return wfUrlencode(phpTrim(pageName).replaceAll(' ', '_'))
}

/**
 * A URL under the site's file path (MediaWikiSite::getFileUrl): `$1` replaced by `path`
 * verbatim; without `path` the file path itself. A site without file path throws, and so
 * does one whose file path is not an http(s) or protocol-relative URL.
 */
export function fileUrl (site: Pick<Site, 'globalId' | 'data'>, path?: string): string {
  const filePath = getPath(site, PATH_FILE)
  if (filePath === null) throw new MissingSitePathError(site.globalId, PATH_FILE)
  const problem = typeof filePath === 'string' ? siteUrlProblem(filePath) : 'is not a string'
  if (problem !== null) throw new InvalidSitePathError(site.globalId, PATH_FILE, String(filePath), problem)
  return path === undefined ? filePath : fillPlaceholder(filePath, path)
}
