import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { ChangeDeletionNotificationPayload, ChangeVisibilityNotificationPayload } from '../plugin/queue/task-payloads.js'
import type { HostServices } from '../hooks/contract.js'

/** What the client's change modification jobs work with. */
export interface ChangeModificationNotificationDeps {
  host: { services: Pick<HostServices, 'updateRecentChangesVisibility' | 'deleteRecentChanges'> } | undefined
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>
}

/**
 * wikibase:changeVisibilityNotification (client/includes/ChangeModification/
 * ChangeVisibilityNotificationJob.php): the rows injected from the repo revisions get their
 * new `rc_deleted`, one host call per visibility. Setting bits is idempotent.
 */
export function makeChangeVisibilityNotificationTask (deps: ChangeModificationNotificationDeps): TaskDefinition<typeof ChangeVisibilityNotificationPayload> {
  return defineTask({
    name: 'wikibase:changeVisibilityNotification',
    payload: ChangeVisibilityNotificationPayload,
    run: async ({ repoSiteId, entityId, revisions }) => {
      const update = deps.host?.services.updateRecentChangesVisibility
      if (update === undefined) {
        deps.log.warn({ repoSiteId, entityId },
          'changeVisibilityNotification: the host has no updateRecentChangesVisibility; recent changes keep their visibility')
        return
      }
      const byVisibility = new Map<number, Array<{ repoRevisionId: number, entityId: string }>>()
      for (const { revisionId, visibility } of revisions) {
        byVisibility.set(visibility, [...byVisibility.get(visibility) ?? [], { repoRevisionId: revisionId, entityId }])
      }
      for (const [visibility, rows] of byVisibility) await update(rows, visibility)
    }
  })
}

/**
 * wikibase:changeDeletionNotification (client/includes/ChangeModification/
 * ChangeDeletionNotificationJob.php): the rows injected from the deleted entity's revisions
 * are deleted. A second run finds none.
 */
export function makeChangeDeletionNotificationTask (deps: ChangeModificationNotificationDeps): TaskDefinition<typeof ChangeDeletionNotificationPayload> {
  return defineTask({
    name: 'wikibase:changeDeletionNotification',
    payload: ChangeDeletionNotificationPayload,
    run: async ({ repoSiteId, entityId }) => {
      const remove = deps.host?.services.deleteRecentChanges
      if (remove === undefined) {
        deps.log.warn({ repoSiteId, entityId }, 'changeDeletionNotification: the host has no deleteRecentChanges; injected recent changes stay')
        return
      }
      const deleted = await remove(entityId)
      deps.log.info({ repoSiteId, entityId, deleted }, 'changeDeletionNotification: injected recent changes deleted')
    }
  })
}
