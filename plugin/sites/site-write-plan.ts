import { sameRow, siteToRow, type SiteRow } from './site-row.js'
import type { Site } from './site.js'

export interface StoredSiteRow extends SiteRow { site_id: number }

/** What a write of `incoming` does to the registry: rows to insert, rows to update, the rest. */
export interface SiteWritePlan {
  inserts: SiteRow[]
  updates: StoredSiteRow[]
  unchanged: string[]
}

/** Pure: compares each incoming site's row with the stored one of the same global id. */
export function planSiteWrite (stored: ReadonlyMap<string, StoredSiteRow>, incoming: readonly Site[]): SiteWritePlan {
  const plan: SiteWritePlan = { inserts: [], updates: [], unchanged: [] }
  for (const site of incoming) {
    const row = siteToRow(site)
    const current = stored.get(site.globalId)
    if (current === undefined) plan.inserts.push(row)
    else if (sameRow(withoutId(current), row)) plan.unchanged.push(site.globalId)
    else plan.updates.push({ ...row, site_id: current.site_id })
  }
  return plan
}

function withoutId ({ site_id: _id, ...row }: StoredSiteRow): SiteRow {
  return row
}
