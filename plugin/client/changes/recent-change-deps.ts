import type { WikibaseRuntime } from '../../runtime.js'
import { changeMetadata, type EntityChange } from '../../changes/entity-change.js'
import { messageFormatter } from './client-messages.js'
import { clientServices } from '../client-services.js'
import type { RecentChangeFactoryDeps } from './recent-change-factory.js'

/**
 * The RecentChangeFactory's dependencies for one change. The factory is synchronous, so the
 * asynchronous lookups it needs (interwiki prefixes of the sites in the diff and of the
 * repo, the local user of the change's central user) are done here first.
 */
export async function recentChangeDeps (
  runtime: WikibaseRuntime, change: EntityChange, repoSiteId: string, language: string
): Promise<RecentChangeFactoryDeps> {
  const sites = clientServices(runtime)?.sites
  // An invalid compact diff was decoded as empty: no sites from it.
  const siteIds = new Set([repoSiteId, ...Object.keys(change.compactDiff.siteLinkChanges)])
  const interwiki = new Map<string, string | null>()
  for (const siteId of siteIds) interwiki.set(siteId, (await sites?.getSite(siteId))?.interwikiIds[0] ?? null)
  const central = changeMetadata(change).central_user_id ?? 0
  const lookup = runtime.host?.services.localUserIdForCentral
  const localForCentral = lookup !== undefined && central !== 0 ? await lookup(central) : 0
  const repo = runtime.repo
  return {
    localSiteId: runtime.self.siteId,
    interwikiIdOf: siteId => interwiki.get(siteId) ?? null,
    msg: messageFormatter({ language, repoName: repoSiteId }),
    repoInterwikiPrefix: interwiki.get(repoSiteId) ?? repoSiteId,
    localUserIdForCentral: lookup === undefined ? undefined : id => (id === central ? localForCentral : null),
    entitySourceIsLocal: repo !== null && repo.pool === runtime.self.pool && repo.dataSchema === runtime.self.dataSchema,
    onWarning: message => runtime.log.warn({ entityId: change.entityId }, message)
  }
}
