import type { SiteGlobalId } from '../../hooks/ids.js'

/** The two site types with behaviour of their own; any other type is kept as it is (generic links). */
export const SITE_TYPE_MEDIAWIKI = 'mediawiki'
export const SITE_TYPE_UNKNOWN = 'unknown'
export const SITE_GROUP_NONE = 'none'
export const SITE_SOURCE_LOCAL = 'local'

/** `interwiki`: a local interwiki prefix. `equivalent`: a navigation id (language links). */
export type SiteIdentifierType = 'interwiki' | 'equivalent'

/**
 * Type-dependent data (`site_data`). `paths` maps a path type (`link`, `page_path`,
 * `file_path`, …) to a URL template; every other key is kept as it came.
 */
export interface SiteData {
  paths?: Record<string, string>
  [key: string]: unknown
}

/**
 * A known site (RFC points 1–14). Global fields come from the farm-wide source;
 * `forward`, `config` and the local prefixes belong to the wiki holding the row.
 */
export interface Site {
  readonly globalId: SiteGlobalId
  readonly type: string
  readonly group: string
  readonly source: string
  /** '' when unknown. */
  readonly language: string
  readonly data: Readonly<SiteData>
  readonly forward: boolean
  readonly config: Readonly<Record<string, unknown>>
  /** Local interwiki prefixes, sorted, no duplicates. */
  readonly interwikiIds: readonly string[]
  /** Local navigation (language link) ids, sorted, no duplicates. */
  readonly navigationIds: readonly string[]
  /**
   * The `site_id` of the stored row (Site::getInternalId): set on every site read from the
   * registry, absent on a site not saved yet. Writes match sites by global id, not by this.
   */
  readonly internalId?: number
}

export type SiteFields = Partial<Omit<Site, 'globalId'>> & { globalId: SiteGlobalId }

/** A site with MediaWiki core's defaults for whatever is not given. */
export function newSite (fields: SiteFields): Site {
  return {
    globalId: fields.globalId,
    type: fields.type ?? SITE_TYPE_UNKNOWN,
    group: fields.group ?? SITE_GROUP_NONE,
    source: fields.source ?? SITE_SOURCE_LOCAL,
    language: fields.language ?? '',
    data: fields.data ?? {},
    forward: fields.forward ?? false,
    config: fields.config ?? {},
    interwikiIds: sortedUnique(fields.interwikiIds ?? []),
    navigationIds: sortedUnique(fields.navigationIds ?? []),
    ...(fields.internalId === undefined ? {} : { internalId: fields.internalId })
  }
}

export function identifiersOf (site: Site, type: SiteIdentifierType): readonly string[] {
  return type === 'interwiki' ? site.interwikiIds : site.navigationIds
}

function sortedUnique (values: readonly string[]): string[] {
  return [...new Set(values)].sort()
}
