import type { FastifyBaseLogger } from 'fastify'
import type { WikiHost } from '../hooks/contract.js'
import { parseEntityId, type SiteGlobalId } from '../hooks/ids.js'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { UpdateRepoOnDeletePayload, UpdateRepoOnMovePayload } from '../plugin/queue/task-payloads.js'
import type { WikibaseEntity } from '../plugin/changes/wikibase-entity.js'
import { editEntity, type EditContext } from '../plugin/repo/entities/entity-editor.js'
import { EntityEditError } from '../plugin/repo/entities/entity-errors.js'
import type { EntityValidationSettings } from '../plugin/repo/validation/validation-settings.js'
import { getSite } from '../plugin/sites/site-store.js'
import { deleteSummary, moveSiteLink, moveSummary, removeSiteLink } from '../plugin/repo/update-repo/update-repo-edits.js'
import { repoUserFor } from '../plugin/repo/update-repo/update-repo-user.js'

/** What the repo's UpdateRepo jobs work with. */
export interface UpdateRepoDeps {
  updateRepo: {
    db: WikiDatabase
    host: WikiHost | undefined
    validation: EntityValidationSettings
    /** The clients this repo serves: a job for any other site is refused. */
    clientSiteIds: ReadonlySet<SiteGlobalId>
    log: FastifyBaseLogger
    /** `repoSettings.dispatchDelay`: the edit's dispatch waits as every other edit's does. */
    dispatchDelayMs?: number
    /** `repoSettings.dispatchShards`: the shard of the edit's change. */
    dispatchShards?: number
    /** `repoSettings.protectEntitiesUsedOnMoreThan`: a client user's edit meets the usage rule as any edit. */
    protectEntitiesUsedOnMoreThan?: number | null
  }
}

interface Common { siteId: string, entityId: string, user: string, centralUserId: number }

/**
 * UpdateRepoJob::run: as the client user's repo account, load the item, check the update still
 * applies, edit through the entity editor (the wbsetsitelink path: rights, protection,
 * validation, sitelink uniqueness, recentchanges row, dispatch to every client). An update
 * that no longer applies is a null edit. What the repo refuses (no such user, no right,
 * protected, conflict, item gone) is logged and the job ends, as Wikibase's returns true; a
 * database failure throws and the job is retried.
 */
async function runUpdate (
  deps: UpdateRepoDeps['updateRepo'], job: Common, apply: (entity: WikibaseEntity) => WikibaseEntity | null, comment: string, pageGone?: string
): Promise<void> {
  const context = { site: job.siteId, item: job.entityId, user: job.user }
  if (!deps.clientSiteIds.has(job.siteId as SiteGlobalId)) {
    deps.log.warn(context, 'fastify-wikibase: UpdateRepo job for a site that is not a client of this repo; dropped')
    return
  }
  const user = await repoUserFor(deps.host?.services, job)
  if (user === null) {
    deps.log.info(context, 'fastify-wikibase: UpdateRepo: the client user has no account on the repo; sitelink not updated')
    return
  }
  if (pageGone !== undefined && await stillExists(deps, job.siteId, pageGone)) {
    deps.log.info(context, 'fastify-wikibase: UpdateRepoOnDelete: the page exists on the client; sitelink kept')
    return
  }
  try {
    const ctx: EditContext = {
      db: deps.db,
      host: deps.host,
      user,
      validation: deps.validation,
      terms: 'action-api',
      dispatchDelayMs: deps.dispatchDelayMs ?? 0,
      ...(deps.dispatchShards === undefined ? {} : { dispatchShards: deps.dispatchShards }),
      protectEntitiesUsedOnMoreThan: deps.protectEntitiesUsedOnMoreThan ?? null,
      onHostError: err => { deps.log.warn({ ...context, err }, 'fastify-wikibase: UpdateRepo: the host rights check failed; refused') }
    }
    const result = await editEntity(ctx,
      parseEntityId(job.entityId), entity => apply(entity) ?? entity, { comment })
    if (result.change === null) deps.log.info(context, 'fastify-wikibase: UpdateRepo: the sitelink changed since; nothing to do')
  } catch (error) {
    if (!(error instanceof EntityEditError)) throw error
    deps.log.info({ ...context, err: error }, 'fastify-wikibase: UpdateRepo: the repo refused the sitelink update')
  }
}

/** UpdateRepoOnDeleteJob::verifyValid asks the client site whether the page exists again. */
async function stillExists (deps: UpdateRepoDeps['updateRepo'], siteId: string, title: string): Promise<boolean> {
  const lookup = deps.validation.sitePageInfo
  if (lookup === undefined) return false
  const site = await getSite(deps.db, siteId)
  if (site === null) return false
  return (await lookup(site, [title])).get(title)?.exists === true
}

/** wikibase:updateRepoOnMove (repo): the sitelink follows a moved client page. */
export function makeUpdateRepoOnMoveTask (deps: UpdateRepoDeps): TaskDefinition<typeof UpdateRepoOnMovePayload> {
  return defineTask({
    name: 'wikibase:updateRepoOnMove',
    payload: UpdateRepoOnMovePayload,
    run: async job => { await runUpdate(deps.updateRepo, job, entity => moveSiteLink(entity, job), moveSummary(job)) }
  })
}

/** wikibase:updateRepoOnDelete (repo): the sitelink to a deleted client page is removed. */
export function makeUpdateRepoOnDeleteTask (deps: UpdateRepoDeps): TaskDefinition<typeof UpdateRepoOnDeletePayload> {
  return defineTask({
    name: 'wikibase:updateRepoOnDelete',
    payload: UpdateRepoOnDeletePayload,
    run: async job => { await runUpdate(deps.updateRepo, job, entity => removeSiteLink(entity, job), deleteSummary(job), job.title) }
  })
}
