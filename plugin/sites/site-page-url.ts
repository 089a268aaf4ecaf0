import { MissingSitePathError } from './site-errors.js'
import { getLinkPath, getPath, PATH_FILE, PATH_PLACEHOLDER } from './site-paths.js'
import { SITE_TYPE_MEDIAWIKI, type Site } from './site.js'
import { phpTrim, rawUrlEncode, wfUrlencode } from './title-encoding.js'

/**
 * The URL of a page on the site (facts §7.20): the link path with every `$1` replaced by
 * the encoded page name. Without a page name: the raw link path (still holding `$1`).
 * No link path: null. Generic sites encode with rawurlencode; MediaWiki sites trim the
 * name, turn spaces into underscores and encode with wfUrlencode.
 */
export function pageUrl (site: Pick<Site, 'type' | 'data'>, pageName?: string): string | null {
  const path = getLinkPath(site)
  if (path === null || pageName === undefined) return path
  return path.replaceAll(PATH_PLACEHOLDER, encodePageName(site, pageName))
}

function encodePageName (site: Pick<Site, 'type'>, pageName: string): string {
  if (site.type !== SITE_TYPE_MEDIAWIKI) return rawUrlEncode(pageName)
  return wfUrlencode(phpTrim(pageName).replaceAll(' ', '_'))
}

/**
 * A URL under the site's file path (MediaWikiSite::getFileUrl): `$1` replaced by `path`
 * verbatim; without `path` the file path itself. A site without file path throws.
 */
export function fileUrl (site: Pick<Site, 'globalId' | 'data'>, path?: string): string {
  const filePath = getPath(site, PATH_FILE)
  if (filePath === null) throw new MissingSitePathError(site.globalId, PATH_FILE)
  return path === undefined ? filePath : filePath.replaceAll(PATH_PLACEHOLDER, path)
}
