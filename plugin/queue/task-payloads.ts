import Type, { type Static } from 'typebox'
import { ENTITY_ID_PATTERN as EntityIdPattern } from '../../hooks/ids.js'

/** A global site id in a payload: hooks/ids.ts isSiteGlobalId's rule (letters, digits, _, - and .), one pattern for every task. */
const SiteIdString = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$' })

/**
 * Every task of the plugin, declared once: task name → payload schema. `addJob` is typed
 * against this map and each task validates its payload with the same schema at run time.
 */
export const DispatchChangesPayload = Type.Union([
  /** One run over the undispatched changes of a shard (many entities; repo's dispatch-shard.ts). */
  Type.Object({
    // Shards are fewer than 1024 (the bound of repoSettings.dispatchShards).
    shard: Type.Integer({ minimum: 0, maximum: 1023 })
  }, { additionalProperties: false }),
  /** As queued before dispatch was sharded (jobs still waiting): dispatches the entity's shard. */
  Type.Object({
    entityId: Type.String({ pattern: EntityIdPattern })
  }, { additionalProperties: false })
])

/**
 * One wb_changes row as shipped to clients: a StoredChange (plugin/changes/stored-change.ts),
 * `info` the change_info JSON text. Jobs already queued and clients of other versions read
 * it: the field names and their encoding stay as they are.
 */
export const ChangeRowFields = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  type: Type.String({ pattern: '^wikibase-[a-z]+~[a-z]+$' }),
  time: Type.String({ pattern: '^[0-9]{14}$' }),
  object_id: Type.String({ pattern: EntityIdPattern }),
  revision_id: Type.Integer({ minimum: 0 }),
  user_id: Type.Integer({ minimum: 0 }),
  info: Type.String()
}, { additionalProperties: false })

export const EntityChangeNotificationPayload = Type.Object({
  /** The repo that sent the changes. */
  repoSiteId: Type.String({ minLength: 1 }),
  changes: Type.Array(ChangeRowFields)
}, { additionalProperties: false })

/** Client: drain the inbox rows (wbc_change_inbox) that `repoSiteId` pushed. */
export const HandleInboxPayload = Type.Object({
  repoSiteId: Type.String({ minLength: 1 })
}, { additionalProperties: false })

/**
 * All of one client's pending deliveries, in change order. `entityId` is what jobs queued
 * before delivery was per client carry; such a job delivers all of them too.
 */
export const DeliverChangesPayload = Type.Object({
  clientSiteId: SiteIdString,
  entityId: Type.Optional(Type.String({ pattern: EntityIdPattern }))
}, { additionalProperties: false })

/**
 * What graphile-worker's crontab adds to the payload of every job it schedules (0.17,
 * `makeJobForItem` in its cron.ts): `_cron: { ts, backfilled }`, the ISO time the run was due
 * and whether it was filled in for a time the worker was not running. Every payload of a
 * crontab task declares it (jobs/crontab.ts checks that at start-up), so that a cron run is
 * accepted while any other unknown key is still refused.
 */
export const CronRunPayload = Type.Object({
  ts: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$' }),
  backfilled: Type.Boolean()
}, { additionalProperties: false })

/** wikibase:reindexTerms takes nothing: it indexes every entity. */
export const ReindexTermsPayload = Type.Object({}, { additionalProperties: false })

/** wikibase:sweepOrphanSubscriptions takes nothing: the configured clients are the worker's. */
export const SweepOrphanSubscriptionsPayload = Type.Object({}, { additionalProperties: false })

/** wikibase:sweepChangeFeed: the retention is the worker's setting (repoSettings.changeFeedRetention). */
export const SweepChangeFeedPayload = Type.Object({
  /** Set when the crontab queued the job. */
  _cron: Type.Optional(CronRunPayload)
}, { additionalProperties: false })

/**
 * Client in remote mode: catch up from the repo's change feed (issue 19; jobs/pull-changes.ts).
 * Queued at the worker's start, by the crontab, or by hand.
 */
export const PullChangesPayload = Type.Object({
  repoSiteId: SiteIdString,
  /** Set when the crontab queued the job. */
  _cron: Type.Optional(CronRunPayload)
}, { additionalProperties: false })

export const ResubmitChangesPayload = Type.Object({
  /** Seconds; default: the repo setting resubmitMinimumAge. */
  minimumAge: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Set when the crontab (resubmitSchedule) queued the job. */
  _cron: Type.Optional(CronRunPayload)
}, { additionalProperties: false })

const PageRefPayload = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  namespace: Type.Integer(),
  title: Type.String({ minLength: 1 })
}, { additionalProperties: false })

/** Why pages are updated (MediaWiki's cause action/agent and root job parameters). */
const UpdateCausePayload = Type.Object({
  action: Type.String(),
  agent: Type.String(),
  rootJobSignature: Type.Optional(Type.String()),
  rootJobTimestamp: Type.Optional(Type.String())
}, { additionalProperties: false })

export const PurgeWebCachePayload = Type.Object({
  pages: Type.Array(PageRefPayload, { minItems: 1 }),
  cause: UpdateCausePayload
}, { additionalProperties: false })

export const RefreshLinksPayload = Type.Object({
  page: PageRefPayload,
  cause: UpdateCausePayload
}, { additionalProperties: false })

/**
 * wikibase:refreshPages takes nothing: it drains the wiki's set of pending refreshes
 * (wbc_pending_refresh) and requeues itself while pages are left.
 */
export const RefreshPagesPayload = Type.Object({}, { additionalProperties: false })

/** Cache tags (plugin/client/refresh/cache-tags.ts) one change made stale. */
export const PurgeCacheTagsPayload = Type.Object({
  tags: Type.Array(Type.String({ pattern: '^wb-[A-Za-z0-9._%-]{1,500}$' }), { minItems: 1, maxItems: 10_000 }),
  cause: UpdateCausePayload
}, { additionalProperties: false })

/** The (possibly coalesced) change; `id` is null for a coalesced one, `info` JSON text. */
const RCChangeRow = Type.Object({ ...ChangeRowFields.properties, id: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) }, { additionalProperties: false })

/** One change and the pages that get its recentchanges row. */
export const InjectRCRecordsEntry = Type.Object({
  change: RCChangeRow,
  /** Key of the change in wbc_injected_recent_changes (one row per change and page). */
  changeKey: Type.String({ minLength: 1 }),
  pages: Type.Array(PageRefPayload, { minItems: 1 }),
  rootJobSignature: Type.Optional(Type.String()),
  rootJobTimestamp: Type.Optional(Type.String())
}, { additionalProperties: false })

/**
 * Either the rows of a whole drained batch (`entries`, one per change and title batch), or the
 * shape of one change that jobs queued before the inbox still carry.
 */
export const InjectRCRecordsPayload = Type.Union([
  Type.Object({
    repoSiteId: Type.String({ minLength: 1 }),
    entries: Type.Array(InjectRCRecordsEntry, { minItems: 1 })
  }, { additionalProperties: false }),
  Type.Object({ repoSiteId: Type.String({ minLength: 1 }), ...InjectRCRecordsEntry.properties }, { additionalProperties: false })
])

/**
 * A client page title as a sitelink holds it, and a client user name: MediaWiki bounds both
 * to 255 bytes; control characters never occur in either.
 */
const ClientTitle = Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\u0000-\\u001f\\u007f]+$' })
const UpdateRepoCommon = {
  siteId: SiteIdString,
  entityId: Type.String({ pattern: '^Q[1-9][0-9]{0,18}$' }),
  user: ClientTitle,
  centralUserId: Type.Integer({ minimum: 0 })
}

/** Repo: UpdateRepoOnMoveJob's parameters (a client page moved). */
export const UpdateRepoOnMovePayload = Type.Object({
  ...UpdateRepoCommon, oldTitle: ClientTitle, newTitle: ClientTitle
}, { additionalProperties: false })

/** Repo: UpdateRepoOnDeleteJob's parameters (a client page deleted). */
export const UpdateRepoOnDeletePayload = Type.Object({
  ...UpdateRepoCommon, title: ClientTitle
}, { additionalProperties: false })

/** Client: queue one of the repo jobs above on the repo's queue (queued in the move/delete transaction). */
export const PushUpdateRepoPayload = Type.Union([
  Type.Object({ task: Type.Literal('wikibase:updateRepoOnMove'), params: UpdateRepoOnMovePayload }, { additionalProperties: false }),
  Type.Object({ task: Type.Literal('wikibase:updateRepoOnDelete'), params: UpdateRepoOnDeletePayload }, { additionalProperties: false })
])

/**
 * Repo revisions whose visibility changed, each with its new `rev_deleted` bits (Wikibase's
 * RepoRevisionIdentifier plus the visibilityBitFlag; revision-visibility.ts has the bits).
 * At most 50 per job: ApiRevisionDelete's limit of ids per request.
 */
const RevisionVisibilities = Type.Array(Type.Object({
  revisionId: Type.Integer({ minimum: 1 }),
  visibility: Type.Integer({ minimum: 0, maximum: 15 })
}, { additionalProperties: false }), { minItems: 1, maxItems: 50 })

/** Repo: DispatchChangeVisibilityNotificationJob (queued with the revisions' new bits). */
export const DispatchChangeVisibilityPayload = Type.Object({
  entityId: Type.String({ pattern: EntityIdPattern }),
  revisions: RevisionVisibilities
}, { additionalProperties: false })

/** Client: ChangeVisibilityNotificationJob (the repo's revisions whose injected rows change). */
export const ChangeVisibilityNotificationPayload = Type.Object({
  repoSiteId: SiteIdString,
  entityId: Type.String({ pattern: EntityIdPattern }),
  revisions: RevisionVisibilities
}, { additionalProperties: false })

/** Repo: DispatchChangeDeletionNotificationJob (an entity's page was deleted). */
export const DispatchChangeDeletionPayload = Type.Object({
  entityId: Type.String({ pattern: EntityIdPattern })
}, { additionalProperties: false })

/** Client: ChangeDeletionNotificationJob (drop the rows injected from the entity's changes). */
export const ChangeDeletionNotificationPayload = Type.Object({
  repoSiteId: SiteIdString,
  entityId: Type.String({ pattern: EntityIdPattern })
}, { additionalProperties: false })

/**
 * Client: AddUsagesForPageJob (a rendering saved to the host's cache found usages the page's
 * rows lack). Usages as identity strings (`Q42#L.en`).
 */
export const AddUsagesForPagePayload = Type.Object({
  page: PageRefPayload,
  usages: Type.Array(Type.String({ pattern: '^[QPL][1-9][0-9]*#(S|L|D|A|T|C|CQR|O|X)(\\.[^\\u0000-\\u001f]{1,255})?$' }), { minItems: 1, maxItems: 10_000 })
}, { additionalProperties: false })

/** Client in remote mode: send the subscription outbox to the repo (plugin/remote/subscription-sync.ts); takes nothing. */
export const SyncSubscriptionsPayload = Type.Object({}, { additionalProperties: false })

/** Farm client: write the usage-count outbox's fresh counts to the repo (plugin/client/usage/usage-count-sync.ts); takes nothing. */
export const SyncUsageCountsPayload = Type.Object({}, { additionalProperties: false })

export const TaskPayloads = {
  'wikibase:purgeWebCache': PurgeWebCachePayload,
  'wikibase:refreshLinks': RefreshLinksPayload,
  'wikibase:refreshPages': RefreshPagesPayload,
  'wikibase:purgeCacheTags': PurgeCacheTagsPayload,
  'wikibase:addUsagesForPage': AddUsagesForPagePayload,
  'wikibase:injectRCRecords': InjectRCRecordsPayload,
  'wikibase:dispatchChanges': DispatchChangesPayload,
  'wikibase:deliverChanges': DeliverChangesPayload,
  'wikibase:resubmitChanges': ResubmitChangesPayload,
  'wikibase:reindexTerms': ReindexTermsPayload,
  'wikibase:sweepOrphanSubscriptions': SweepOrphanSubscriptionsPayload,
  'wikibase:sweepChangeFeed': SweepChangeFeedPayload,
  'wikibase:entityChangeNotification': EntityChangeNotificationPayload,
  'wikibase:handleInbox': HandleInboxPayload,
  'wikibase:pullChanges': PullChangesPayload,
  'wikibase:pushUpdateRepo': PushUpdateRepoPayload,
  'wikibase:updateRepoOnMove': UpdateRepoOnMovePayload,
  'wikibase:updateRepoOnDelete': UpdateRepoOnDeletePayload,
  'wikibase:dispatchChangeVisibility': DispatchChangeVisibilityPayload,
  'wikibase:changeVisibilityNotification': ChangeVisibilityNotificationPayload,
  'wikibase:dispatchChangeDeletion': DispatchChangeDeletionPayload,
  'wikibase:changeDeletionNotification': ChangeDeletionNotificationPayload,
  'wikibase:syncSubscriptions': SyncSubscriptionsPayload,
  'wikibase:syncUsageCounts': SyncUsageCountsPayload
} as const

export type TaskName = keyof typeof TaskPayloads
export type TaskPayload<N extends TaskName> = Static<(typeof TaskPayloads)[N]>
