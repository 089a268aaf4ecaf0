import { onSitesChanged } from './site-change-signal.js'
import { loadSites, readSitesVersion, type SiteDatabase } from './site-store.js'
import type { Site, SiteIdentifierType } from './site.js'

export interface SiteLookupOptions {
  /**
   * How long a cached copy is served before the registry's fingerprint (readSitesVersion)
   * is read again. Writes in this process invalidate at once; writes elsewhere are
   * seen within this time. Default 1000 ms; 0 checks on every call.
   */
  recheckMs?: number
  now?: () => number
}

interface Snapshot {
  version: string
  sites: readonly Site[]
  byGlobalId: ReadonlyMap<string, Site>
  byIdentifier: ReadonlyMap<string, Site>
}

/**
 * Read access to a wiki's sites with an in-process cache (SiteLookup / CachingSiteStore).
 * The whole registry (about a thousand rows for Wikimedia) is loaded at once and indexed by
 * global id and by local prefix. Every lookup on the pool a write goes through drops its copy
 * at once; a lookup on another pool is stale until reset() or its next fingerprint check
 * (with `recheckMs: Infinity`, until reset() only, as a second DBSiteStore instance).
 */
export class SiteLookup {
  readonly #db: SiteDatabase
  readonly #recheckMs: number
  readonly #now: () => number
  readonly #unsubscribe: () => void
  #snapshot: Snapshot | null = null
  #checkedAt = -Infinity
  #loading: Promise<Snapshot> | null = null

  constructor (db: SiteDatabase, options: SiteLookupOptions = {}) {
    this.#db = db
    this.#recheckMs = options.recheckMs ?? 1000
    this.#now = options.now ?? Date.now
    this.#unsubscribe = onSitesChanged(db.pool, db.dataSchema, () => { this.reset() })
  }

  /** All sites, ordered by global id. */
  async getSites (): Promise<readonly Site[]> {
    return (await this.#current()).sites
  }

  async getSite (globalId: string): Promise<Site | null> {
    return (await this.#current()).byGlobalId.get(globalId) ?? null
  }

  async getSiteByInterwikiId (key: string): Promise<Site | null> {
    return await this.getSiteByIdentifier('interwiki', key)
  }

  /** The site a language link prefix (navigation id) leads to. */
  async getSiteByNavigationId (key: string): Promise<Site | null> {
    return await this.getSiteByIdentifier('equivalent', key)
  }

  async getSiteByIdentifier (type: SiteIdentifierType, key: string): Promise<Site | null> {
    return (await this.#current()).byIdentifier.get(`${type}:${key}`) ?? null
  }

  async getSitesInGroup (group: string): Promise<Site[]> {
    return (await this.getSites()).filter(site => site.group === group)
  }

  /**
   * Drops the cached copy; the next call reloads (DBSiteStore::reset). Writes through this
   * process's pool do this by themselves; a lookup on another pool (another process) keeps
   * its copy until reset() or until `recheckMs` has passed and the fingerprint differs.
   */
  reset (): void {
    this.#checkedAt = -Infinity
    this.#snapshot = null
  }

  /** Stops listening for in-process changes. */
  close (): void {
    this.#unsubscribe()
  }

  async #current (): Promise<Snapshot> {
    const snapshot = this.#snapshot
    if (snapshot !== null && this.#now() - this.#checkedAt < this.#recheckMs) return snapshot
    // Concurrent callers share one check/reload.
    this.#loading ??= this.#refresh(snapshot).finally(() => { this.#loading = null })
    return await this.#loading
  }

  async #refresh (cached: Snapshot | null): Promise<Snapshot> {
    const checkedAt = this.#now()
    const version = await readSitesVersion(this.#db)
    let snapshot = cached
    if (snapshot === null || snapshot.version !== version) {
      // Version read before the rows: a write in between makes the next check reload again.
      snapshot = index(version, await loadSites(this.#db))
    }
    this.#snapshot = snapshot
    this.#checkedAt = checkedAt
    return snapshot
  }
}

function index (version: string, sites: Site[]): Snapshot {
  const byIdentifier = new Map<string, Site>()
  for (const site of sites) {
    for (const key of site.interwikiIds) byIdentifier.set(`interwiki:${key}`, site)
    for (const key of site.navigationIds) byIdentifier.set(`equivalent:${key}`, site)
  }
  return { version, sites, byGlobalId: new Map(sites.map(site => [site.globalId, site])), byIdentifier }
}
