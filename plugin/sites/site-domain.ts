import { getLinkPath } from './site-paths.js'
import type { Site } from './site.js'

const URL_START = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?\/\/([^/?#]*)/

/** The host of the site's link path (Site::getDomain), or null when it has none. */
export function siteDomain (site: Pick<Site, 'type' | 'data'>): string | null {
  const path = getLinkPath(site)
  if (path === null) return null
  const authority = URL_START.exec(path)?.[2]
  if (authority === undefined) return null
  const host = authority.replace(/^.*@/, '').replace(/:\d*$/, '')
  return host === '' ? null : host
}

/** The scheme of the link path without `://` (`https`); '' when protocol-relative or unknown. */
export function siteProtocol (site: Pick<Site, 'type' | 'data'>): string {
  const path = getLinkPath(site)
  return path === null ? '' : (URL_START.exec(path)?.[1] ?? '')
}

/** `en.wikipedia.org` → `gro.aidepikiw.ne.` (site_domain); no domain → `.`. */
export function reverseDomain (domain: string | null): string {
  return domain === null ? '.' : `${[...domain].reverse().join('')}.`
}

/** The inverse of reverseDomain: `gro.aidepikiw.ne.` → `en.wikipedia.org`, `.` → null. */
export function unreverseDomain (stored: string): string | null {
  const body = stored.endsWith('.') ? stored.slice(0, -1) : stored
  return body === '' ? null : [...body].reverse().join('')
}
