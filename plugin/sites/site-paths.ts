import { SITE_TYPE_MEDIAWIKI, type Site } from './site.js'

/** Path types: a generic site links through `link`; a MediaWiki site through `page_path`. */
export const PATH_LINK = 'link'
export const PATH_PAGE = 'page_path'
export const PATH_FILE = 'file_path'

/** The path type a site's page links use (Site::getLinkPathType / MediaWikiSite's override). */
export function linkPathType (site: Pick<Site, 'type'>): string {
  return site.type === SITE_TYPE_MEDIAWIKI ? PATH_PAGE : PATH_LINK
}

export function sitePaths (site: Pick<Site, 'data'>): Readonly<Record<string, string>> {
  const paths = site.data.paths
  return paths !== null && typeof paths === 'object' ? paths : {}
}

/** The path of a type, or null when the site has none. */
export function getPath (site: Pick<Site, 'data'>, pathType: string): string | null {
  return Object.hasOwn(sitePaths(site), pathType) ? sitePaths(site)[pathType] ?? null : null
}

/** A copy of the site with the path set (a second call for the same type overwrites). */
export function setPath<S extends Site> (site: S, pathType: string, path: string): S {
  return { ...site, data: { ...site.data, paths: { ...sitePaths(site), [pathType]: path } } }
}

export function removePath<S extends Site> (site: S, pathType: string): S {
  const { [pathType]: _removed, ...paths } = sitePaths(site)
  return { ...site, data: { ...site.data, paths } }
}

export function getLinkPath (site: Pick<Site, 'type' | 'data'>): string | null {
  return getPath(site, linkPathType(site))
}

export function setLinkPath<S extends Site> (site: S, path: string): S {
  return setPath(site, linkPathType(site), path)
}

/** The `$1` placeholder a page name (or file path) replaces. */
export const PATH_PLACEHOLDER = '$1'
