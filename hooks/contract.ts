/**
 * The contract between a host wiki and fastify-wikibase.
 *
 * The host owns pages, revisions, recentchanges and the parser; it fires the hooks below
 * on its hook bus and offers the services below. The plugin registers handlers and calls
 * services; it never reads or writes the host's own tables.
 */
import { createHooks, type Hookable } from 'hookable'
import type { PoolClient } from 'pg'
import type {} from 'fastify'
import type { EntityId, PageId } from './ids.js'
import type { PageServices } from './page-services.js'

// The package's `./hooks` entry is this file: the ids and the plugin's own hook events with it.
export {
  InvalidEntityIdError, entityTypeOf, isEntityId, isSiteGlobalId, numericIdOf, parseEntityId, parsePageId, parseSiteGlobalId,
  type EntityId, type EntityType, type PageId, type SiteGlobalId
} from './ids.js'
export type {
  ChangeAffectedPagesEvent, ChangeHandledEvent, ChangesCoalescedEvent, DispatchAfterEvent, DispatchBeforeEvent,
  UsageRecordedEvent, WikibaseHookBus, WikibaseHooks
} from './plugin-hooks.js'
export type {
  EditPageRequest, PageServiceFailure, PageServices, ParsedLink, ParsedPage, ParsePageRequest, SavedPageEdit
} from './page-services.js'

/** A client of the wiki's database inside an open transaction. */
export type Tx = PoolClient

/** A recentchanges row as the host saves it (MediaWiki's column names). */
export interface RecentChange {
  rc_id: number
  /** Whole seconds for every row (see `insertRecentChanges`). */
  rc_timestamp: Date
  rc_namespace: number
  rc_title: string
  rc_cur_id: number
  rc_this_oldid: number
  rc_last_oldid: number
  rc_user: number
  rc_user_text: string
  rc_comment: string
  rc_bot: boolean
  rc_minor: boolean
  rc_source: string
  /** null for a normal edit; 'delete' with action 'delete' | 'restore' for (un)deletions. */
  rc_log_type: string | null
  rc_log_action: string | null
  rc_params: Record<string, unknown> | null
}

export interface PageRef {
  id: PageId
  namespace: number
  /** Title text without namespace prefix, spaces as underscores (db key). */
  title: string
}

export interface PageRecord extends PageRef {
  latestRevisionId: number
  length: number
  contentLanguage: string
  /**
   * The page's title as the wiki shows it and as sitelinks to it are written: the namespace
   * name in the wiki's content language, a colon, the title with spaces (MediaWiki's
   * Title::getPrefixedText, e.g. `Categoria:Roma` on an Italian wiki). The plugin compares it
   * with sitelink page names (the per-page "linked"/"unlinked" recentchanges comments). A host
   * whose namespace names are not MediaWiki's canonical English ones must set it; without it
   * the canonical English names are assumed (`Category:Roma`).
   */
  prefixedText?: string
}

/** What a parse produced that the plugin cares about. */
export interface ParserOutput {
  /** Extension data, e.g. `wikibase-entity-usage` → identity strings. */
  extensionData: Map<string, unknown>
  /** Page properties, e.g. `wikibase_item` → `Q42`. */
  pageProps: Map<string, string>
  /**
   * Interlanguage links to show: site global id → { url, title, language }. A link whose
   * sitelink has badges carries `class` (`badge-Q…` and the `badgeClassNames` classes) and
   * `itemTitle` (the labels of the named badges), to put on the link's list item as MediaWiki's
   * skins do with `class` and `itemtitle`.
   */
  languageLinks: Array<{ siteId: string, title: string, url: string, language: string, class?: string, itemTitle?: string }>
  /**
   * The "In other projects" sidebar links of a page connected to an item, set by the plugin
   * (Wikibase's extension data `wikibase-otherprojects-sidebar`); absent or empty: no box.
   */
  otherProjects?: OtherProjectLink[]
  warnings: string[]
  /**
   * Parser options the rendering depends on (MediaWiki's ParserOutput::getUsedOptions), set by
   * the plugin: `userlang` when entity data was read in the user's language
   * (`allowDataAccessInUserLanguage`). A host that caches renderings keeps one per user
   * language for such an output, and serves it only to users of that language.
   */
  usedOptions?: Set<string>
}

/** One link of the "In other projects" box (Wikibase's OtherProjectsSidebarGenerator). */
export interface OtherProjectLink {
  siteId: string
  /** The site's group (`commons`, `wikivoyage`, …). */
  group: string
  /** Message key naming the project: `wikibase-otherprojects-<group>`. */
  msg: string
  /** `wb-otherproject-link wb-otherproject-<group>`, then the badge classes. */
  class: string
  href: string
  /** The linked page's title. */
  title: string
  /** The site's language, when it has one. */
  hreflang?: string
  /** The labels of the link's badges named in `badgeClassNames`, when it has badges. */
  itemTitle?: string
}

/** The parse in progress, handed to parser functions. */
export interface ParserContext {
  page: PageRef
  contentLanguage: string
  output: ParserOutput
  /**
   * The language of the user the page is rendered for (MediaWiki's ParserOptions user
   * language, e.g. from `?uselang=`); absent: the content language. Read only when the
   * client setting `allowDataAccessInUserLanguage` is on.
   */
  userLanguage?: string
}

export type ParserFunction = (context: ParserContext, args: string[]) => string | Promise<string>

/** How a parser function is written (MediaWiki's Parser::setFunctionHook flags). */
export interface ParserFunctionFlags {
  /**
   * Written without `#`: `{{SHORTDESC:…}}`, `{{noexternallanglinks:…}}` (MediaWiki's
   * SFH_NO_HASH). The name matches case-insensitively. A host that offers no such functions
   * ignores the flag and the function is then reached as `{{#name:…}}` only.
   */
  noHash?: boolean
}

/** A magic variable's value for one parse (`{{wbreponame}}`). */
export type ParserVariable = (context: ParserContext) => string

export interface ParserFunctionRegistry {
  setFunctionHook: (name: string, fn: ParserFunction, flags?: ParserFunctionFlags) => void
  /**
   * Optional for hosts: a magic variable `{{name}}` (case-insensitive; MediaWiki's
   * GetMagicVariableIDs + ParserGetVariableValueSwitch). Without it `{{wbreponame}}` is a
   * template call.
   */
  setVariable?: (name: string, value: ParserVariable) => void
  /**
   * Optional for hosts: a behaviour switch `__WORD__` (MediaWiki's GetDoubleUnderscoreIDs).
   * The host removes the switch from the text and sets the page prop `id` to `''` in the
   * parser output before ContentAlterParserOutput, as MediaWiki's Parser::handleDoubleUnderscore
   * does. Without it `__EXPECTED_UNCONNECTED_PAGE__` stays text and the page is listed as
   * unconnected.
   */
  setDoubleUnderscore?: (id: string, word: string) => void
}

/** Why pages are updated, for the host's logs and job dedup (MediaWiki's cause action/agent). */
export interface UpdateCause {
  action: string
  agent: string
  rootJobSignature?: string
  rootJobTimestamp?: string
}

/** A recentchanges row the plugin asks the host to insert for a repo change (rc_source 'wb'). */
export interface ExternalRecentChange extends Omit<RecentChange, 'rc_id' | 'rc_log_type' | 'rc_log_action'> {
  rc_log_type: null
  rc_log_action: ''
  rc_patrolled: number
  rc_deleted: boolean
  rc_old_len: number
  rc_new_len: number
}

export interface HostHooks {
  /**
   * After the host inserted a recentchanges row, inside the same transaction (MediaWiki fires
   * it for every row). Optional for hosts: the plugin registers no handler for it. An entity
   * edit's change is saved from what `recordEntityEdit` returns, so firing this for that row,
   * once, twice or with another client, makes no second change; not firing it loses nothing.
   */
  RecentChangeSave: (rc: RecentChange, tx: Tx) => void | Promise<void>
  /**
   * Once per parser instance, before its first parse and after the plugin registered (fire it
   * lazily, at the first parse): register parser functions. Names come without `#`
   * (`property` for `{{#property:…}}`); `args` are the text after the colon split at `|`.
   */
  ParserFirstCallInit: (parser: ParserFunctionRegistry) => void | Promise<void>
  /**
   * After a parse, before its output is used or its links are saved (MediaWiki's
   * ContentAlterParserOutput): plugins may add page props, language links and usages.
   * Optional for hosts: without it a connected page still gets its `S` usage (recorded at
   * LinksUpdateComplete) but no `wikibase_item` page prop and no language links.
   */
  ContentAlterParserOutput: (context: ParserContext) => void | Promise<void>
  /** After a page's link tables were written for a new parse, inside that transaction. */
  LinksUpdateComplete: (page: PageRecord, output: ParserOutput, tx: Tx) => void | Promise<void>
  /**
   * After the host saved a rendering of a page's latest revision to its parser cache outside
   * a links update (a page view that parsed afresh, e.g. for another user language), after
   * that write committed; `userLanguage` is the parse's. Optional for hosts: the plugin then
   * adds the usages this rendering found but the page's saved usages lack by a job
   * (`wikibase:addUsagesForPage`, Wikibase's DataUpdateHookHandler::onParserCacheSaveComplete);
   * without it such usages wait for the page's next links update.
   */
  ParserCacheSaveComplete: (page: PageRef, output: ParserOutput, userLanguage: string) => void | Promise<void>
  /**
   * After a page was deleted, inside the deletion's transaction. `info` (optional for hosts)
   * names who deleted it: without it the repo's sitelink to the page is not removed (the
   * plugin cannot attribute the repo edit), the page's usages are still pruned.
   */
  PageDeleteComplete: (page: PageRef, tx: Tx, info?: PageLifecycleInfo) => void | Promise<void>
  /**
   * After a page was moved (renamed, its id kept), inside the move's transaction. `info`
   * (optional for hosts) names who moved it and whether a redirect was left at the old title:
   * with it the repo's sitelink follows the page (Wikibase's UpdateRepoOnMove); without it the
   * repo is not told. A host that restores a deleted page re-parses it (LinksUpdateComplete)
   * so its usages and page props are recorded again; the repo is not told of a restore.
   */
  PageMoveComplete: (from: PageRef, to: PageRef, tx: Tx, info?: PageLifecycleInfo) => void | Promise<void>
}

/** Who moved or deleted a page, as MediaWiki's PageMoveComplete / PageDeleteComplete hooks say. */
export interface PageLifecycleInfo {
  user: HostUser
  /** Move only: the redirect page left at the old title, or null when the move suppressed it. */
  redirectPageId?: PageId | null
  reason?: string
}

/** A client page as the host's `sitePageInfo` describes it. */
export interface HostSitePageInfo {
  exists: boolean
  /** The title the redirect page points at; null for a page that is no redirect. */
  redirectTarget: string | null
}

/**
 * What every host offers, whatever its roles: the plugin opens transactions of the wiki's
 * database with it (it must be the database the plugin uses: registration checks).
 */
export interface CoreServices {
  /** Run `fn` in a transaction of the wiki's database. */
  transaction: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>
}

/** What a client wiki's host offers (required when `roles` has `client`). */
export interface ClientServices {
  /** Page ids of the given titles (namespace 0 unless prefixed); titles that do not exist are absent. */
  pageIdsForTitles: (titles: string[]) => Promise<Map<string, PageId>>
  /** Records of pages that exist, in the order of `ids`; missing ids are skipped. */
  pagesByIds: (ids: PageId[]) => Promise<PageRecord[]>
  /**
   * Optional. Of the given pages, those that are redirects, each with the title it points at
   * as the wiki writes titles (prefixed text, e.g. `Berlin (city)`, `Category:Roma`;
   * MediaWiki's redirect table). The action API's `action=query&titles=…&redirects` resolves
   * redirects with it, which is how a repo asks this wiki whether a sitelink's page is a
   * redirect (Wikibase's MediaWikiPageNameNormalizer). Without it no page is a redirect.
   */
  pageRedirectTargets?: (ids: PageId[]) => Promise<Map<PageId, string>>
  /**
   * Optional. The values of the named page props of these pages, as the host saved them from
   * each page's last parse (MediaWiki's PageProps::getProperties); a page without any of them
   * is absent. The client's description lookup (`prop=description`) reads `wikibase-shortdesc`
   * and `wikibase_item` with it; without it no page has a description.
   */
  pageProperties?: (ids: PageId[], names: string[]) => Promise<Map<PageId, Record<string, string>>>
  /** Re-parse pages and update their link tables (MediaWiki's RefreshLinks). */
  refreshLinks: (pages: PageRef[], cause: UpdateCause) => Promise<void>
  /** Drop rendered-page caches (MediaWiki's HTMLCacheUpdate). */
  purgeWebCache: (pages: PageRef[], cause: UpdateCause) => Promise<void>
  /**
   * Optional (beyond Wikibase). Drop every cached rendering that carries one of these cache
   * tags (a CDN's `xkey` / `Surrogate-Key` purge, the host's own render cache). A host that has
   * it tags each rendering with `app.wikibase.cacheTagsForPage(pageId)`; the plugin then purges
   * one change with one call (`wikibase:purgeCacheTags`) instead of purgeWebCache batches of
   * its pages. Tags: `wb-Q42`, `wb-Q42-L.en`, `wb-Q42-S` … (plugin/client/refresh/cache-tags.ts).
   */
  purgeCacheTags?: (tags: string[], cause: UpdateCause) => Promise<void>
  /**
   * Insert recentchanges rows for repo changes; returns their ids, in the order of `rows`.
   * Their `rc_timestamp` is the repo change's time in whole seconds (MediaWiki's TS_MW
   * precision), usually earlier in its second than a local edit saved just before. So a host
   * keeps one precision for every row of its recentchanges — whole seconds, as MediaWiki's
   * `rc_timestamp` — and lists them newest first by `rc_timestamp`, then `rc_id`: rows of one
   * second then show in the order they were saved (MediaWiki's WatchedItemQueryService
   * orders by `rc_timestamp DESC, rc_id DESC`). The host may fire RecentChangeSave for them
   * (MediaWiki does); the plugin does nothing with it.
   */
  insertRecentChanges: (rows: ExternalRecentChange[], tx?: Tx) => Promise<number[]>
}

/** What a repo wiki's host offers (`recordEntityEdit` required when `roles` has `repo`). */
export interface RepoServices {
  /**
   * Save an edit of an entity page as a host revision + recentchanges row, in `tx`, and say
   * what was saved. The plugin then writes the edit's change and its dispatch job in the same
   * `tx` from this answer: nothing else links the two (no hook to fire, no object to keep).
   * `pageId` is the entity page's id (0 when a deletion left none), `revisionId` the host
   * revision, `rcId` the recentchanges row; `timestamp` the row's `rc_timestamp`, when the host
   * wants the change to carry its time (default: the entity revision's, or now for a deletion
   * or restore). Anything else is a host error and fails the edit.
   */
  recordEntityEdit: (edit: EntityPageEdit, tx: Tx) => Promise<RecordedEntityEdit>
  /**
   * The registered user of this name, or null (MediaWiki's User::newFromName + isRegistered).
   * A client page move or deletion is applied to the repo's sitelink as the user of the client
   * user's name (Wikibase's UpdateRepoJob) when `localUserIdForCentral` does not know them;
   * without either service such updates are skipped.
   */
  userByName?: (name: string) => Promise<HostUser | null>
  /**
   * Optional. What a client wiki this host also runs says about its pages, asked when a
   * sitelink is saved: for each title (as the sitelink gives it, e.g. `Berlin (city)`) whether
   * the page exists and, for a redirect, the title it points at (`redirectTarget`, else null;
   * `exists` is then whether the target exists). A title the host cannot answer for is left
   * out (the sitelink is then refused as `no-external-page`, as Wikibase refuses a page its
   * client does not confirm). Return `undefined` for a site this host does not serve: the
   * plugin then asks the client's api.php over HTTP (`repoSettings.sitelinkPageLookup`).
   * Wikibase asks through MediaWikiPageNameNormalizer over HTTP only; a farm that holds every
   * wiki's database can answer without it. Asked only for MediaWiki sites with a `file_path`.
   */
  sitePageInfo?: (siteId: string, titles: readonly string[]) => Promise<Map<string, HostSitePageInfo> | undefined>
  /**
   * Repo, action API `list=recentchanges`: rows of the host's recentchanges table (the edits
   * `recordEntityEdit` saved and the rows `insertRecentChanges` inserted, with their change
   * tags), filtered and ordered as `query` says, at most `query.limit` of them. Without this
   * service `list=recentchanges` answers the error `recentchanges-unavailable`.
   */
  queryRecentChanges?: (query: RecentChangesQuery) => Promise<RecentChangeListing[]>
  /**
   * Repo, action API login: the user whose credentials these are, or null. `username` is as a
   * bot sends it (`User@BotName` for a MediaWiki bot password); the host decides what it
   * accepts. Without this service `action=login` answers `Failed`.
   */
  authenticate?: (username: string, password: string) => Promise<HostUser | null>
  /**
   * Client: set `rc_deleted` to `visibility` (MediaWiki's bits: 1 text, 2 comment, 4 user,
   * 8 suppressed) on every recentchanges row injected from one of these repo revisions: rows
   * with `rc_source = 'wb'` whose `rc_params['wikibase-repo-change']` has that `revision_id`
   * and `object_id` (Wikibase's ChangeVisibilityNotificationJob). Returns the rows changed.
   * Setting the same bits again changes nothing (jobs may run twice). Without this service
   * visibility changes on the repo do not reach this wiki's recent changes (logged).
   */
  updateRecentChangesVisibility?: (rows: Array<{ repoRevisionId: number, entityId: string }>, visibility: number) => Promise<number>
  /**
   * Client: delete every recentchanges row injected from a revision of this repo entity
   * (`rc_source = 'wb'`, `rc_params['wikibase-repo-change']` with this `object_id` and a
   * `revision_id` other than 0), as Wikibase's ChangeDeletionNotificationJob does for the
   * archived revisions when the entity's page is deleted on the repo; the row of the deletion
   * itself (revision 0) stays. Returns the rows deleted; none the second time. Without this
   * service the rows stay (logged).
   */
  deleteRecentChanges?: (entityId: string) => Promise<number>
}

/** What `recordEntityEdit` answers: what the host saved for the edit. */
export interface RecordedEntityEdit {
  pageId: number
  revisionId: number
  rcId: number
  /** The recentchanges row's `rc_timestamp`; absent: the change keeps the entity revision's time. */
  timestamp?: Date
}

/** Services either role may use; each has a documented default when absent. */
export interface OptionalServices {
  /** Central (farm-wide) user id of a local user, or 0 (MediaWiki's CentralIdLookup). */
  centralUserId?: (localUserId: number) => Promise<number>
  /** Local user id of a central user id, or 0. */
  localUserIdForCentral?: (centralUserId: number) => Promise<number>
  /**
   * Whether `user` holds `right` here, asked on every write (and read) of the plugin's routes
   * and editor, never cached across requests. Answer for the user as they are now (a right
   * removed a moment ago is gone). Without this service the plugin grants only `read` and
   * `edit` (with Wikibase's term rights that refine `edit`) and refuses everything else; a
   * service that throws counts as "no" (see plugin/repo/user-rights.ts).
   */
  userCan?: (user: HostUser, right: UserRight) => Promise<boolean>
}

/**
 * Every service a host may offer. Only `transaction` is always required; the client group is
 * required for a client wiki and `recordEntityEdit` for a repo wiki — registration checks the
 * host against the roles asked for and names what is missing (plugin/host-requirements.ts).
 * `parsePage` and `editPage` (the action API's page modules) are in hooks/page-services.ts.
 */
export type HostServices = CoreServices & Partial<ClientServices> & Partial<RepoServices> & OptionalServices & PageServices

/** The services of a host of a client wiki. */
export type ClientHostServices = HostServices & ClientServices
/** The services of a host of a repo wiki. */
export type RepoHostServices = HostServices & Pick<RepoServices, 'recordEntityEdit'>

/**
 * What `list=recentchanges` asks of the host (MediaWiki's ApiQueryRecentChanges parameters,
 * already checked and parsed by the plugin).
 */
export interface RecentChangesQuery {
  /** `older`: newest first (rc_timestamp DESC, rc_id DESC); `newer`: oldest first. */
  dir: 'older' | 'newer'
  /** Where the listing starts (inclusive): for `older` the latest time listed, for `newer` the earliest. */
  start?: Date
  /** Where it stops (inclusive): for `older` the earliest time listed, for `newer` the latest. */
  end?: Date
  /** Only these namespaces (absent: all). */
  namespaces?: number[]
  /** Only rows of these `rc_source` values (`mw.edit`, `mw.new`, `mw.log`, `wb`; absent: all). */
  sources?: string[]
  /**
   * Continue from this row: rows after it in `dir` order, the row itself included (MediaWiki's
   * `rccontinue` is the first row of the next batch: `rc_timestamp` then `rc_id`).
   */
  from?: { timestamp: Date, id: number }
  /** Most rows to return. */
  limit: number
}

/** A recentchanges row as `queryRecentChanges` returns it. */
export interface RecentChangeListing extends RecentChange {
  /** Content lengths before and after (null for log entries). */
  rc_old_len: number | null
  rc_new_len: number | null
  /** The change tags of the row (an entity edit's are `EntityPageEdit.tags`). */
  tags: string[]
}

export interface HostUser {
  id: number
  name: string
  anonymous: boolean
  /**
   * The user is a bot account (shown as such). Whether an edit may be flagged as a bot edit is
   * still asked of `userCan(user, 'bot')` on each request.
   */
  bot: boolean
}

/**
 * The rights the plugin asks a host about, with MediaWiki's and Wikibase's names
 * (MediaWiki: MainConfigSchema::GroupPermissions / AvailableRights; Wikibase: repo
 * extension.json AvailableRights). What each write needs:
 * - create an entity: `edit` + `createpage` (MediaWiki: a new page needs both), a property
 *   also `property-create`;
 * - change labels, descriptions or aliases: `edit` + `item-term` / `property-term`
 *   (Wikibase's EntityPermissionChecker, ACTION_EDIT_TERMS);
 * - any other edit, sitelinks included: `edit` (Wikibase has no separate sitelink right);
 * - delete / undelete an entity: `delete` / `undelete`;
 * - flag an edit as a bot edit: `bot` (without it the flag is ignored, as MediaWiki does);
 * - read entities (REST GET, wbgetentities, Special:EntityData): `read`;
 * - turn an item into a redirect (wbcreateredirect): `edit` + `item-redirect`;
 * - merge two items (wbmergeitems): `edit` + `item-merge`, and `item-redirect` for the
 *   redirect of the emptied source;
 * - protect an entity page (action=protect): `protect`;
 * - edit a protected entity page: the right of its protection level, `editprotected` for
 *   `sysop`, `editsemiprotected` for `autoconfirmed` (MediaWiki's PermissionManager).
 * - apply change tags to an edit: `applychangetags`; create, activate and deactivate tags:
 *   `managechangetags`; delete them: `deletechangetags` (MediaWiki grants the first to `user`,
 *   the others to `sysop`).
 */
export type UserRight =
  | 'read' | 'edit' | 'createpage' | 'delete' | 'undelete' | 'protect' | 'bot'
  | 'item-term' | 'property-term' | 'property-create' | 'item-merge' | 'item-redirect'
  | 'editprotected' | 'editsemiprotected'
  | 'applychangetags' | 'managechangetags' | 'deletechangetags'
  | 'deleterevision' | 'suppressrevision' | 'deletedhistory' | 'deletedtext'

export const USER_RIGHTS: readonly UserRight[] = [
  'read', 'edit', 'createpage', 'delete', 'undelete', 'protect', 'bot',
  'item-term', 'property-term', 'property-create', 'item-merge', 'item-redirect',
  'editprotected', 'editsemiprotected',
  'applychangetags', 'managechangetags', 'deletechangetags',
  'deleterevision', 'suppressrevision', 'deletedhistory', 'deletedtext'
]

export interface EntityPageEdit {
  entityId: EntityId
  user: HostUser
  comment: string
  /**
   * A bot edit (the recentchanges row's `rc_bot`): the client asked for it and the user holds
   * `bot` (MediaWiki ignores the flag otherwise). The change the plugin saves carries the same.
   * The plugin always sets it; absent means false.
   */
  bot?: boolean
  /** Repo revision id of the entity revision this edit saved (0 for deletions). */
  revisionId: number
  parentRevisionId: number
  kind: 'edit' | 'create' | 'delete' | 'restore'
  /**
   * Size in bytes of the entity's content before and after the edit, for the host's
   * `rc_old_len` / `rc_new_len` (and its page revision's length): the length of the blob
   * Wikibase stores for a revision, `json_encode()` of the entity without the page and
   * revision data around it (plugin/repo/entities/entity-content-size.ts). `oldSize` is 0 for a
   * creation, as MediaWiki's RecentChange::notifyNew records it; both are null for a deletion
   * or a restore, which are log entries (MediaWiki records no lengths for those).
   */
  oldSize: number | null
  newSize: number | null
  /**
   * Change tags applied to the edit (MediaWiki's `tags` of an edit: the client asked for them
   * and the plugin checked that each is defined, active and applicable by this user). The
   * host stores them with the edit's recentchanges row (MediaWiki's change_tag rows of the
   * rc_id) so that `queryRecentChanges` answers them. Absent or empty: no tags.
   */
  tags?: string[]
}

/**
 * How a host tells the plugin who is making a request: set these in an `onRequest` hook (it
 * runs before the plugin's routes).
 */
declare module 'fastify' {
  interface FastifyRequest {
    /** The user the host authenticated; without it the plugin's own action-API session, else anonymous. */
    wikiUser?: HostUser
    /**
     * The host's session id when `wikiUser` came from a cookie session (a browser sends it by
     * itself, so a cross-site page could ride on it). The plugin then binds CSRF tokens to this
     * id (action API `meta=tokens`) and a REST write must carry that token in its body
     * (`token`). Leave it unset for credentials a browser does not send by itself (OAuth,
     * API keys, the host's own in-process calls): such requests are safe against CSRF.
     */
    wikiSessionId?: string
  }
}

export type HostHookBus = Hookable<HostHooks>

export interface WikiHost<S extends HostServices = HostServices> {
  hooks: HostHookBus
  services: S
}

/** For hosts: a typed hook bus plus the services they implement. */
export function createWikiHost<S extends HostServices> (services: S): WikiHost<S> {
  return { hooks: createHooks<HostHooks>(), services }
}
