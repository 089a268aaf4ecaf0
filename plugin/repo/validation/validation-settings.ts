import { WIKIBASE_URL_SCHEMES } from '../../options.js'
import type { SitePageInfoLookup } from '../normalization/site-page-info-lookup.js'

/**
 * The limits and allow-lists entity validation applies, named and defaulted as Wikibase's
 * repo settings (repo/config/Wikibase.default.php: `string-limits`, `urlSchemes`; lib/config/
 * WikibaseLib.default.php: `maxSerializedEntitySize` = `$wgMaxArticleSize`, 2048 KiB).
 * The plugin reads them from its `repoSettings` option (plugin/options.ts).
 */
export interface StringLimits {
  /** Labels, descriptions and aliases (`string-limits.multilang.length`). */
  multilang: number
  /** The text of a monolingual text value (`string-limits.VT:monolingualtext.length`). */
  monolingualtext: number
  /** String values: string, external-id, math, musical-notation (`string-limits.VT:string.length`). */
  string: number
  /** URL values, in bytes (`string-limits.PT:url.length`). */
  url: number
}

export interface EntityValidationSettings {
  stringLimits: StringLimits
  /** URL schemes a url value may use (`urlSchemes`). */
  urlSchemes: readonly string[]
  /** The largest serialized entity, in KiB (`maxSerializedEntitySize`). */
  maxSerializedEntitySize: number
  /**
   * Badge items that let a sitelink point at a redirect (`redirectBadgeItems`, default []):
   * a link without one has a redirect on the client replaced by its target, and a conflict
   * is reported as `sitelink-conflict-redirects-supported` when the list is not empty.
   */
  redirectBadgeItems: readonly string[]
  /** How sitelink titles are checked on the client (redirects); absent: local title rules only. */
  sitePageInfo?: SitePageInfoLookup
}

export const WIKIBASE_STRING_LIMITS: StringLimits = Object.freeze({ multilang: 250, monolingualtext: 400, string: 400, url: 500 })

export const WIKIBASE_VALIDATION_DEFAULTS: EntityValidationSettings = Object.freeze({
  stringLimits: WIKIBASE_STRING_LIMITS,
  urlSchemes: WIKIBASE_URL_SCHEMES,
  maxSerializedEntitySize: 2048,
  redirectBadgeItems: []
})

/** Settings from the plugin's `repoSettings` (Wikibase's setting names). */
export interface RepoValidationOptions {
  'string-limits': Record<'multilang' | 'VT:monolingualtext' | 'VT:string' | 'PT:url', { length: number }>
  urlSchemes: string[]
  maxSerializedEntitySize: number
  redirectBadgeItems: string[]
}

export function validationSettingsOf (repo: RepoValidationOptions): EntityValidationSettings {
  const limits = repo['string-limits']
  return {
    stringLimits: {
      multilang: limits.multilang.length,
      monolingualtext: limits['VT:monolingualtext'].length,
      string: limits['VT:string'].length,
      url: limits['PT:url'].length
    },
    urlSchemes: [...new Set(repo.urlSchemes.map(s => s.toLowerCase()))],
    maxSerializedEntitySize: repo.maxSerializedEntitySize,
    redirectBadgeItems: [...new Set(repo.redirectBadgeItems)]
  }
}
