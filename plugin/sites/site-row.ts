import type { SiteGlobalId } from '../../hooks/ids.js'
import { reverseDomain, siteDomain, siteProtocol } from './site-domain.js'
import { newSite, type Site, type SiteData } from './site.js'

/** One `sites` row with its `site_identifiers`, as the store reads and writes it. */
export interface SiteRow {
  site_global_key: string
  site_type: string
  site_group: string
  site_source: string
  site_language: string
  site_protocol: string
  site_domain: string
  site_data: SiteData
  site_forward: boolean
  site_config: Record<string, unknown>
  interwiki: string[]
  equivalent: string[]
}

/** The row of a site; protocol and the reversed domain are derived from its link path. */
export function siteToRow (site: Site): SiteRow {
  return {
    site_global_key: site.globalId,
    site_type: site.type,
    site_group: site.group,
    site_source: site.source,
    site_language: site.language,
    site_protocol: siteProtocol(site),
    site_domain: reverseDomain(siteDomain(site)),
    site_data: site.data,
    site_forward: site.forward,
    site_config: site.config,
    interwiki: [...site.interwikiIds],
    equivalent: [...site.navigationIds]
  }
}

/** The site of a row; a stored row (with `site_id`) gives the site its internal id. */
export function rowToSite (row: SiteRow & { site_id?: number }): Site {
  return newSite({
    internalId: row.site_id,
    globalId: row.site_global_key as SiteGlobalId,
    type: row.site_type,
    group: row.site_group,
    source: row.site_source,
    language: row.site_language,
    data: row.site_data,
    forward: row.site_forward,
    config: row.site_config,
    interwikiIds: row.interwiki,
    navigationIds: row.equivalent
  })
}

/** Rows are equal when every column and identifier is (jsonb compared without key order). */
export function sameRow (a: SiteRow, b: SiteRow): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

function canonicalJson (value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v)
}
