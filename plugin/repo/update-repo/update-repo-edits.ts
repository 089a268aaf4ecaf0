import { entityMap, type WikibaseEntity } from '../../changes/wikibase-entity.js'

/**
 * The item edits of the repo's UpdateRepo jobs, as pure functions (Wikibase's
 * repo/includes/UpdateRepo/UpdateRepoOnMoveJob.php and UpdateRepoOnDeleteJob.php: verifyValid,
 * applyChanges, getSummary). Each answers the edited item, or null when the update no longer
 * applies (verifyValid false): the sitelink was changed since the client queued the job, so the
 * later edit wins and a replayed job changes nothing.
 */

export interface MoveParams { siteId: string, oldTitle: string, newTitle: string }
export interface DeleteParams { siteId: string, title: string }

function siteLinkOf (entity: WikibaseEntity, siteId: string): { title: string, badges: string[] } | null {
  if (entity.type !== 'item') return null
  const sitelinks = entityMap(entity.sitelinks)
  // Own keys only: a site id such as `__proto__` is no sitelink.
  return Object.hasOwn(sitelinks, siteId) ? sitelinks[siteId] ?? null : null
}

function withSiteLinks (entity: WikibaseEntity, edit: (links: Record<string, unknown>) => void): WikibaseEntity {
  const sitelinks: Record<string, unknown> = { ...entityMap(entity.sitelinks) }
  edit(sitelinks)
  return { ...entity, sitelinks: sitelinks as WikibaseEntity['sitelinks'] }
}

/** UpdateRepoOnMoveJob: the sitelink to the old title now names the new one, its badges kept. */
export function moveSiteLink (entity: WikibaseEntity, params: MoveParams): WikibaseEntity | null {
  const current = siteLinkOf(entity, params.siteId)
  if (current === null || current.title !== params.oldTitle) return null
  return withSiteLinks(entity, links => {
    Object.defineProperty(links, params.siteId, {
      value: { site: params.siteId, title: params.newTitle, badges: [...current.badges] }, enumerable: true, writable: true, configurable: true
    })
  })
}

/** UpdateRepoOnDeleteJob: the sitelink to the deleted title goes. */
export function removeSiteLink (entity: WikibaseEntity, params: DeleteParams): WikibaseEntity | null {
  const current = siteLinkOf(entity, params.siteId)
  if (current === null || current.title !== params.title) return null
  return withSiteLinks(entity, links => { delete links[params.siteId] })
}

/**
 * The edit summaries as Wikibase's SummaryFormatter writes them: `clientsitelink-update` with
 * the site as language and `site:old`, `site:new` as comment arguments (no summary arguments);
 * `clientsitelink-remove` with no language, the site as comment argument and the title as its
 * one summary argument.
 */
export function moveSummary (params: MoveParams): string {
  return `/* clientsitelink-update:0|${params.siteId}|${params.siteId}:${params.oldTitle}|${params.siteId}:${params.newTitle} */`
}

export function deleteSummary (params: DeleteParams): string {
  return `/* clientsitelink-remove:1||${params.siteId} */ ${params.title}`
}
