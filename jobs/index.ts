import type { TaskDefinition } from '../plugin/queue/task-definition.js'
import { makeDispatchChangesTask, type DispatchChangesDeps } from './dispatch-changes.js'
import { makeDeliverChangesTask, type DeliverChangesDeps } from './deliver-changes.js'
import { makeResubmitChangesTask, type ResubmitChangesDeps } from './resubmit-changes.js'
import { makeReindexTermsTask, type ReindexTermsDeps } from './reindex-terms.js'
import { makeSweepOrphanSubscriptionsTask, type SweepOrphanSubscriptionsDeps } from './sweep-orphan-subscriptions.js'
import { makeSweepChangeFeedTask, type SweepChangeFeedDeps } from './sweep-change-feed.js'
import { makeEntityChangeNotificationTask, type EntityChangeNotificationDeps } from './entity-change-notification.js'
import { makeHandleInboxTask, type HandleInboxDeps } from './handle-inbox.js'
import { makePullChangesTask, type PullChangesDeps } from './pull-changes.js'
import { makePurgeWebCacheTask, type PurgeWebCacheDeps } from './purge-web-cache.js'
import { makeRefreshLinksTask, type RefreshLinksDeps } from './refresh-links.js'
import { makeRefreshPagesTask, type RefreshPagesDeps } from './refresh-pages.js'
import { makePurgeCacheTagsTask, type PurgeCacheTagsDeps } from './purge-cache-tags.js'
import { makeAddUsagesForPageTask, type AddUsagesForPageDeps } from './add-usages-for-page.js'
import { makeInjectRCRecordsTask, type InjectRCRecordsDeps } from './inject-rc-records.js'
import { makeSyncSubscriptionsTask, type SyncSubscriptionsDeps } from './sync-subscriptions.js'
import { makeSyncUsageCountsTask, type SyncUsageCountsDeps } from './sync-usage-counts.js'
import { makePushUpdateRepoTask, type PushUpdateRepoDeps } from './push-update-repo.js'
import { makeUpdateRepoOnDeleteTask, makeUpdateRepoOnMoveTask, type UpdateRepoDeps } from './update-repo.js'
import { makeDispatchChangeDeletionTask, makeDispatchChangeVisibilityTask, type DispatchChangeModificationDeps } from './dispatch-change-modification.js'
import {
  makeChangeDeletionNotificationTask, makeChangeVisibilityNotificationTask, type ChangeModificationNotificationDeps
} from './change-modification-notification.js'

/** What the repo's tasks work with (dispatch, delivery, the resubmit sweep, the term index backfill). */
export type RepoTaskDeps = DispatchChangesDeps & DeliverChangesDeps & ResubmitChangesDeps & ReindexTermsDeps & SweepOrphanSubscriptionsDeps
  & SweepChangeFeedDeps & UpdateRepoDeps
  & DispatchChangeModificationDeps

/** What the client's tasks work with (change notifications and the page updates they queue). */
export type ClientTaskDeps = EntityChangeNotificationDeps & HandleInboxDeps & PurgeWebCacheDeps & RefreshLinksDeps & RefreshPagesDeps & PurgeCacheTagsDeps
  & InjectRCRecordsDeps & PushUpdateRepoDeps & SyncSubscriptionsDeps & SyncUsageCountsDeps
  & ChangeModificationNotificationDeps & AddUsagesForPageDeps

/** The dependencies of each role the wiki has; null for a role it does not have. */
export interface TaskDeps {
  repo: RepoTaskDeps | null
  client: ClientTaskDeps | null
  /** A client in remote mode (issue 19): its catch-up from the repo's change feed; null or absent otherwise. */
  remotePull?: PullChangesDeps | null
}

/** The tasks a wiki runs, by role. Each file in jobs/ makes one task from its deps. */
export function tasksFor (deps: TaskDeps): Array<TaskDefinition<any>> {
  const tasks: Array<TaskDefinition<any>> = []
  if (deps.repo !== null) {
    tasks.push(makeDispatchChangesTask(deps.repo), makeDeliverChangesTask(deps.repo), makeResubmitChangesTask(deps.repo), makeReindexTermsTask(deps.repo),
      makeSweepOrphanSubscriptionsTask(deps.repo), makeUpdateRepoOnMoveTask(deps.repo), makeUpdateRepoOnDeleteTask(deps.repo),
      makeDispatchChangeVisibilityTask(deps.repo), makeDispatchChangeDeletionTask(deps.repo), makeSweepChangeFeedTask(deps.repo))
  }
  if (deps.client !== null) {
    const client = deps.client
    tasks.push(makeEntityChangeNotificationTask(client), makeHandleInboxTask(client), makePurgeWebCacheTask(client), makeRefreshLinksTask(client),
      makeRefreshPagesTask(client), makePurgeCacheTagsTask(client), makeInjectRCRecordsTask(client),
      makePushUpdateRepoTask(client), makeChangeVisibilityNotificationTask(client), makeChangeDeletionNotificationTask(client),
      makeAddUsagesForPageTask(client), makeSyncSubscriptionsTask(client), makeSyncUsageCountsTask(client))
  }
  if (deps.remotePull !== undefined && deps.remotePull !== null) tasks.push(makePullChangesTask(deps.remotePull))
  return tasks
}
