import type { InboxDrainResult } from './changes/inbox-drain.js'
import type { FastifyBaseLogger } from 'fastify'
import type { ClientHostServices, ParserContext, WikiHost } from '../../hooks/contract.js'
import type { WikiDatabase } from '../db/wiki-database.js'
import type { ClientSettings } from '../options.js'
import type { EntityChange } from '../changes/entity-change.js'
import type { StoredChangeRow } from '../changes/stored-change.js'
import type { RepoReader } from '../repo-reader/repo-reader.js'
import type { SiteLookup } from '../sites/site-lookup.js'
import type { ClientDataAccessConfig } from './data-access/client-parse-session.js'
import type { EntityAccess } from './data-access/entity-access.js'
import type { ChangeHandlerDeps, HandledChange, RootJobParams } from './changes/change-handler.js'
import type { RecentChangeFactoryDeps } from './changes/recent-change-factory.js'
import type { SqlUsageTracker } from './usage/sql-usage-tracker.js'
import type { EntityUsageModifierLimits } from './usage/usage-deduplicator.js'
import type { DisabledUsageAspects } from './usage/usage-accumulator.js'
import type { UsageUpdater } from './usage/usage-updater.js'
import type { DataUpdateDeps } from './usage/data-update-handler.js'
import type { ParserCacheSaveDeps } from './usage/parser-cache-save-handler.js'
import type { SubscriptionSyncDeps } from '../remote/subscription-sync.js'
import type { DescriptionPropAnswer, DescriptionPropRequest } from './api/description-prop.js'

/**
 * The client role's services, built once per plugin instance by ./wire.ts: what its hook
 * handlers and tasks (jobs/: handleInbox, entityChangeNotification, purgeWebCache, refreshLinks,
 * injectRCRecords) are made from. A type only: it is held by the runtime and read by tests.
 */
export interface ClientServices extends DataUpdateDeps, ParserCacheSaveDeps {
  /** This wiki's own database and queue. */
  db: WikiDatabase
  /**
   * The repo's database (`db` when the wiki is its own repo): UpdateRepo jobs go on its queue.
   * Null in remote mode (the repo is reached over HTTP only).
   */
  repoDb: WikiDatabase | null
  /** The repo's global site id. */
  repoSiteId: string
  /** Remote mode: what wikibase:syncSubscriptions sends the subscription outbox with; null for a farm client. */
  subscriptionSync: SubscriptionSyncDeps | null
  settings: ClientSettings
  host: WikiHost<ClientHostServices> | undefined
  log: FastifyBaseLogger
  config: ClientDataAccessConfig
  /** What this client reads of its repo (its database, or over HTTP in remote mode). */
  repoReader: RepoReader
  tracker: SqlUsageTracker
  updater: UsageUpdater
  sites: SiteLookup
  modifierLimits: EntityUsageModifierLimits
  disabledUsageAspects: DisabledUsageAspects
  entityUsagePerPageLimit: number
  /** The entity-access API bound to a parse. */
  entityAccess: (context: ParserContext) => EntityAccess
  /** What the change handler works with. */
  changeHandler: ChangeHandlerDeps
  /** ChangeHandler::handleChanges of this client (the entityChangeNotification task calls it; handleInbox drains through drainInbox). */
  handleChanges: (rows: readonly StoredChangeRow[], repoSiteId: string, root?: Readonly<RootJobParams>) => Promise<HandledChange[]>
  /** One run of wikibase:handleInbox: drains a batch of `repoSiteId`'s changes from the inbox. */
  drainInbox: (repoSiteId: string) => Promise<InboxDrainResult>
  /** The RecentChangeFactory's lookups for one change (the injectRCRecords task uses them). */
  recentChangeDeps: (change: EntityChange, repoSiteId: string, language: string) => Promise<RecentChangeFactoryDeps>
  /**
   * `prop=description` of these pages (api/description-prop.ts): local and central short
   * descriptions as the client's settings allow, with `desccontinue` when pages are left.
   */
  describePages: (request: DescriptionPropRequest) => Promise<DescriptionPropAnswer>
  /** Releases what the services hold (the SiteLookup's change listener); called on close. */
  close: () => void
}
