import Type, { type Static } from 'typebox'
import Value from 'typebox/value'
import type { Pool } from 'pg'
import { InvalidOptionError } from './errors.js'
import { assertHostServices } from './host-requirements.js'
import { configuredSites, type ConfiguredSite } from './sites/configured-sites.js'
import type { Site } from './sites/site.js'
import { schemaProblems } from './schema-problems.js'
import { DEFAULT_MAX_JSON_DEPTH } from './http/json-depth.js'
import type { SiteGlobalId } from '../hooks/ids.js'
import type { WikiHost } from '../hooks/contract.js'

/** Default of the `maxPatchOperations` option (the REST API's bound on one JSON Patch). */
export const DEFAULT_MAX_PATCH_OPERATIONS = 1000

/** Wikibase.default.php `urlSchemes` (current versions include `ircs`): the `repoSettings.urlSchemes` default. */
export const WIKIBASE_URL_SCHEMES: readonly string[] = Object.freeze(['bzr', 'cvs', 'ftp', 'git', 'http', 'https', 'irc', 'ircs', 'mailto', 'ssh', 'svn'])

const Identifier = Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$', description: 'a lower-case SQL identifier' })
const SiteId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$', description: 'a global site id such as enwiki' })
const ConnectionString = Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// connection string' })

const SchemaNames = Type.Object({
  data: Type.Optional(Identifier),
  queue: Type.Optional(Identifier)
}, { additionalProperties: false })

/**
 * A wiki as a site of the sites table (registered at start, see `registerSites`): its group
 * (default `none`), content language (default none) and URL templates with `$1` for the
 * title (`https://en.example.org/wiki/$1`) and for a script (`https://en.example.org/w/$1`).
 */
const SiteDescription = {
  group: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{1,32}$', description: 'a site group such as wikipedia' })),
  language: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{1,32}$', description: 'a language code such as en' })),
  pagePath: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  filePath: Type.Optional(Type.String({ minLength: 1, maxLength: 500 }))
}

/** How this wiki reaches another wiki: its database (default: this wiki's own) and schemas; and its site. */
const WikiConnection = Type.Object({
  siteId: SiteId,
  database: Type.Optional(ConnectionString),
  schema: Type.Optional(SchemaNames),
  /**
   * Remote mode (issue 19; only for a client's `repo`): the repo's base URL, absolute http(s)
   * and including the repo's routePrefix (where its `/wiki/Special:EntityData/…`, `/w/…` and
   * `/wikibase/v1/…` are). With `token` and without `database`/`schema`: the client reads and
   * subscribes over HTTP only and never connects to the repo's database.
   */
  url: Type.Optional(Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://[^\\s]+$', description: 'an absolute http(s) URL' })),
  /** Remote mode: the credential `fastify-wikibase clients add` printed on the repo (sent as `Authorization: Bearer`). */
  token: Type.Optional(Type.String({ minLength: 16, maxLength: 512, pattern: '^[A-Za-z0-9_\\-.~+/]+=*$', description: 'the token clients add printed' })),
  ...SiteDescription
}, { additionalProperties: false })

const UsageAspectCode = Type.Enum(['S', 'L', 'D', 'A', 'T', 'C', 'CQR', 'O', 'X'])

/** Client settings, named and defaulted as in Wikibase's WikibaseClient.default.php. */
const ClientSettings = Type.Object({
  injectRecentChanges: Type.Boolean({ default: true }),
  /**
   * Which repo changes become recentchanges rows (plugin/client/changes/recent-change-filter.ts):
   * `all` (Wikibase's behaviour) or `skipQualOrRefOnly` (no row for a page that only qualifier,
   * reference or rank changes of statements it uses affected; the page is still refreshed).
   */
  recentChangesFilter: Type.Union([Type.Literal('all'), Type.Literal('skipQualOrRefOnly')], { default: 'all' }),
  showExternalRecentChanges: Type.Boolean({ default: true }),
  purgeCacheBatchSize: Type.Integer({ minimum: 1, default: 300 }),
  recentChangesBatchSize: Type.Integer({ minimum: 1, default: 300 }),
  /**
   * Changes one wikibase:handleInbox run takes from a repo's inbox and handles as one batch
   * (coalesced together, one set of page updates). Beyond Wikibase (issue 18).
   */
  inboxBatchSize: Type.Integer({ minimum: 1, maximum: 10_000, default: 500 }),
  /** Pages one run of the page refresh drain (wikibase:refreshPages) hands the host's refreshLinks. */
  pageRefreshBatchSize: Type.Integer({ minimum: 1, maximum: 10_000, default: 100 }),
  /** Pages per second the drain refreshes at most; 0: as fast as the worker can. */
  pageRefreshRate: Type.Number({ minimum: 0, maximum: 1_000_000, default: 0 }),
  /**
   * A page viewed while its refresh is pending: `render` it fresh (the host re-renders instead
   * of serving its cache), or serve it and `mark` it as being updated.
   */
  pendingRefreshView: Type.Enum(['render', 'mark'], { default: 'render' }),
  entityUsageModifierLimits: Type.Record(Type.String(), Type.Integer({ minimum: 1 }), { default: { D: 30, L: 30, C: 10 } }),
  entityUsagePerPageLimit: Type.Integer({ minimum: 1, default: 100 }),
  addEntityUsagesBatchSize: Type.Integer({ minimum: 1, default: 500 }),
  disabledUsageAspects: Type.Union([Type.Array(UsageAspectCode), Type.Record(Type.String(), UsageAspectCode)], { default: [] }),
  enableImplicitDescriptionUsage: Type.Boolean({ default: false }),
  allowLocalShortDesc: Type.Boolean({ default: false }),
  /**
   * The repo's name as `{{wbreponame}}` writes it. Wikibase's default is the message
   * `wikibase-repo-name`, "Wikidata" in English; here the text itself.
   */
  repoSiteName: Type.String({ minLength: 1, maxLength: 255, default: 'Wikidata' }),
  allowDataTransclusion: Type.Boolean({ default: true }),
  allowArbitraryDataAccess: Type.Boolean({ default: true }),
  allowDataAccessInUserLanguage: Type.Boolean({ default: false }),
  entityAccessLimit: Type.Integer({ minimum: 1, default: 250 }),
  /** `getReferencedEntityId` calls one parse may make (Wikibase's referencedEntityIdAccessLimit). */
  referencedEntityIdAccessLimit: Type.Integer({ minimum: 0, maximum: 1000, default: 3 }),
  /** Intermediate entities `getReferencedEntityId` searches through (referencedEntityIdMaxDepth). */
  referencedEntityIdMaxDepth: Type.Integer({ minimum: 0, maximum: 100, default: 4 }),
  /** Entities one `getReferencedEntityId` call may load (referencedEntityIdMaxReferencedEntityVisits). */
  referencedEntityIdMaxReferencedEntityVisits: Type.Integer({ minimum: 1, maximum: 10_000, default: 50 }),
  /**
   * The order of properties for `getPropertyOrder` / `orderProperties` (Wikibase reads it from
   * the page MediaWiki:Wikibase-SortedProperties); empty: no order (getPropertyOrder → null).
   */
  propertyOrder: Type.Array(Type.String({ pattern: '^P[1-9][0-9]{0,9}$' }), { maxItems: 10_000, uniqueItems: true, default: [] }),
  /** A client page moved or deleted updates the repo's sitelink to it (UpdateRepoOnMove / OnDelete). */
  propagateChangesToRepo: Type.Boolean({ default: true }),
  /**
   * Badge item → extra CSS class of a sidebar link with that badge (Wikibase's
   * `badgeClassNames`); named badges also give the link their label as title and are the ones
   * Special:PagesWithBadges offers.
   */
  badgeClassNames: Type.Record(Type.String({ pattern: '^Q[1-9][0-9]{0,9}$' }), Type.String({ minLength: 1, maxLength: 100 }), { default: {} }),
  /** Site ids the "In other projects" box links to (Wikibase's `otherProjectsLinks`); empty: one per other site group. */
  otherProjectsLinks: Type.Array(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$' }), { maxItems: 100, uniqueItems: true, default: [] }),
  /**
   * Remote mode (`repo.url`): milliseconds one request to the repo may take (connect to last
   * byte); longer: aborted (a render then reads the entity as missing, uncached). Default 10 s.
   */
  remoteRepoTimeout: Type.Integer({ minimum: 100, maximum: 600_000, default: 10_000 }),
  /** Remote mode: bytes of one answer of the repo read at most (larger: refused as invalid). Default 8 MiB. */
  remoteRepoMaxResponseBytes: Type.Integer({ minimum: 1024, maximum: 256 * 1024 * 1024, default: 8 * 1024 * 1024 })
}, { additionalProperties: false, default: {} })

const StringLimit = (length: number) =>
  Type.Object({ length: Type.Integer({ minimum: 1, maximum: 1_000_000, default: length }) }, { additionalProperties: false, default: {} })

const RepoSettings = Type.Object({
  /** Milliseconds the dispatch job waits after an edit; edits within it share one dispatch run. */
  dispatchDelay: Type.Integer({ minimum: 0, default: 0 }),
  /**
   * Dispatch shards: an entity's changes are dispatched by the one job of its shard, which
   * takes the changes of all the shard's entities in a run; shards run in parallel.
   */
  dispatchShards: Type.Integer({ minimum: 1, maximum: 1024, default: 8 }),
  /** Changes one dispatch run (and one delivery run to a client) takes at most; more: it runs again. */
  dispatchBatchSize: Type.Integer({ minimum: 1, maximum: 100_000, default: 1000 }),
  /** Rows older than this (seconds) are re-queued for dispatch by the resubmit sweep. */
  resubmitMinimumAge: Type.Integer({ minimum: 1, default: 300 }),
  /** Crontab line of the resubmit sweep; '' turns it off. */
  resubmitSchedule: Type.String({ default: '*/5 * * * *' }),
  /**
   * How far back (graphile-worker crontab `fill`, e.g. `1h`, `30m`, `1d`) sweeps that were
   * due while no worker ran are run when the worker starts (collapsed into one job); '' for none.
   */
  resubmitBackfill: Type.String({ pattern: '^([0-9]+[smhdw])*$', default: '1h' }),
  /**
   * Seconds the public change feed (GET …/wikibase/v1/changes) keeps a change; the crontab's
   * hourly wikibase:sweepChangeFeed deletes older entries. Default 7 days.
   */
  changeFeedRetention: Type.Integer({ minimum: 60, maximum: 10 * 365 * 86_400, default: 7 * 86_400 }),
  /** Seconds between the heartbeat comments of an idle change feed stream; 0: none. */
  changeFeedHeartbeat: Type.Integer({ minimum: 0, maximum: 3600, default: 15 }),
  /**
   * Requests each remote client (issue 19; `fastify-wikibase clients add`) may make to the
   * repo's `…/wikibase/v1/clients/{siteId}/…` routes per `timeWindow` seconds, counted per
   * credential in each repo process; beyond it 429 with `retry-after`. Default 600 per 60 s.
   */
  remoteClientRateLimit: Type.Object({
    max: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600 }),
    timeWindow: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 })
  }, { additionalProperties: false, default: {} }),
  /** Entity validation limits, as Wikibase's repo settings of the same names (Wikibase.default.php). */
  'string-limits': Type.Object({
    multilang: StringLimit(250),
    'VT:monolingualtext': StringLimit(400),
    'VT:string': StringLimit(400),
    'PT:url': StringLimit(500)
  }, { additionalProperties: false, default: {} }),
  urlSchemes: Type.Array(Type.String({ pattern: '^([A-Za-z][A-Za-z0-9+.-]{0,31}|\\*)$' }), { default: [...WIKIBASE_URL_SCHEMES] }),
  /** KiB; the serialized entity of every write must fit (Wikibase: $wgMaxArticleSize, 2048). */
  maxSerializedEntitySize: Type.Integer({ minimum: 1, maximum: 64 * 1024, default: 2048 }),
  /** Badge items that mark an intended sitelink to a redirect (Wikibase's `redirectBadgeItems`). */
  redirectBadgeItems: Type.Array(Type.String({ pattern: '^Q[1-9][0-9]{0,9}$' }), { maxItems: 50, default: [] }),
  /** Ask a client's api.php whether a new sitelink's page is a redirect (sites with a file path). */
  sitelinkPageLookup: Type.Boolean({ default: true }),
  /**
   * Protection levels `action=protect` offers (MediaWiki's $wgRestrictionLevels without '').
   * Editing a page protected at `sysop` needs `editprotected`, at `autoconfirmed`
   * `editsemiprotected`, at any other level the right of that name.
   */
  restrictionLevels: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9-]{0,59}$' }), { maxItems: 20, uniqueItems: true, default: ['autoconfirmed', 'sysop'] }),
  /**
   * Beyond Wikibase: an entity used on more pages than this, summed over all clients, can be
   * edited only with `editsemiprotected` (as if protected at `autoconfirmed`); null: off.
   */
  protectEntitiesUsedOnMoreThan: Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000_000 }), Type.Null()], { default: null }),
  /**
   * Namespaces of entity pages (Wikibase's `entityNamespaces`: Item 120, Property 122; their
   * talk namespaces are the next ids). Action API answers (`ns`, `title`, siteinfo) use them;
   * a host must keep its entity pages there. 0 puts items in the main namespace (Wikidata).
   */
  entityNamespaces: Type.Object({
    // Even: a subject namespace (MediaWiki's talk namespace of N is N + 1).
    item: Type.Integer({ minimum: 0, maximum: 100_000, multipleOf: 2, default: 120 }),
    property: Type.Integer({ minimum: 0, maximum: 100_000, multipleOf: 2, default: 122 })
  }, { additionalProperties: false, default: {} })
}, { additionalProperties: false, default: {} })

const WorkerSettings = Type.Object({
  /** Run the job queue in this process; false for web-only nodes (run workers elsewhere). */
  enabled: Type.Boolean({ default: true }),
  concurrency: Type.Integer({ minimum: 1, maximum: 100, default: 4 }),
  pollInterval: Type.Integer({ minimum: 50, default: 2000 }),
  /** ms between heartbeats of this process's workers. */
  heartbeatInterval: Type.Integer({ minimum: 100, default: 10_000 }),
  /** ms without a heartbeat after which a worker is dead and its locked jobs run again elsewhere. */
  deadAfter: Type.Integer({ minimum: 1000, default: 60_000 })
}, { additionalProperties: false, default: {} })

/** The JSON-describable part of the options; `pool` and `host` are objects checked by hand. */
export const WikibaseOptionsSchema = Type.Object({
  siteId: SiteId,
  roles: Type.Array(Type.Enum(['repo', 'client']), { minItems: 1, maxItems: 2, uniqueItems: true }),
  database: Type.Optional(ConnectionString),
  schema: Type.Optional(SchemaNames),
  repo: Type.Optional(WikiConnection),
  clients: Type.Optional(Type.Array(WikiConnection)),
  /** This wiki as a site (group, language, paths), registered with the others. */
  site: Type.Optional(Type.Object(SiteDescription, { additionalProperties: false })),
  /** Add this wiki, its repo and its clients to the sites table at start, unless there already. */
  registerSites: Type.Boolean({ default: true }),
  worker: WorkerSettings,
  client: ClientSettings,
  repoSettings: RepoSettings,
  /** Prefix of the HTTP routes the plugin adds. */
  routePrefix: Type.String({ pattern: '^(/[A-Za-z0-9._-]+)*$', default: '' }),
  /**
   * Largest request body the plugin's routes accept, in bytes (larger: 413). Default: 2 MiB,
   * Wikibase's maxSerializedEntitySize, plus room for the request around the entity.
   */
  bodyLimit: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024, default: 2 * 1024 * 1024 + 64 * 1024 }),
  /**
   * Key that signs the repo's action-API session cookies; every process of the wiki must get
   * the same one. Without it a secret generated once and kept in the wiki's database is used.
   */
  sessionSecret: Type.Optional(Type.String({ minLength: 32, maxLength: 1024, description: 'at least 32 characters' })),
  /** Seconds an unused action-API session lives (MediaWiki's $wgObjectCacheSessionExpiry, 3600). */
  sessionExpiry: Type.Integer({ minimum: 60, maximum: 365 * 24 * 3600, default: 3600 }),
  /**
   * Deepest nesting of arrays/objects in a JSON request body or JSON parameter (deeper: 400,
   * checked on the raw text before parsing). Default 64 (plugin/http/json-depth.ts).
   */
  maxRequestJsonDepth: Type.Integer({ minimum: 8, maximum: 512, default: DEFAULT_MAX_JSON_DEPTH }),
  /** Most operations one JSON Patch request may hold (more: 400). Default 1000. */
  maxPatchOperations: Type.Integer({ minimum: 1, maximum: 100_000, default: DEFAULT_MAX_PATCH_OPERATIONS })
}, { additionalProperties: false })

export type WikibaseJsonOptions = Static<typeof WikibaseOptionsSchema>
export type ClientSettings = Static<typeof ClientSettings>
export type RepoSettings = Static<typeof RepoSettings>
export type WorkerSettings = Static<typeof WorkerSettings>
export type Role = 'repo' | 'client'

export type WikibaseOptions = Partial<Omit<WikibaseJsonOptions, 'siteId' | 'roles' | 'worker' | 'client' | 'repoSettings'>> & {
  siteId: string
  roles: Role[]
  worker?: Partial<WorkerSettings>
  client?: Partial<ClientSettings>
  repoSettings?: Partial<RepoSettings>
  /** The host's pool instead of `database` (default: the host's @fastify/postgres pool). */
  pool?: Pool
  /** The host wiki's hook bus and services (hooks/contract.ts). */
  host?: WikiHost
}

export interface WikiEndpoint {
  siteId: SiteGlobalId
  /** undefined: the same database as this wiki. */
  database: string | undefined
  dataSchema: string
  queueSchema: string
}

/** A repo reached over HTTP only (remote mode, issue 19): the client's `repo` with `url` and `token`. */
export interface RemoteRepo {
  siteId: SiteGlobalId
  /** The repo's base URL including its routePrefix, without a trailing slash. */
  url: string
  /** The client's credential on the repo (`Authorization: Bearer`). */
  token: string
}

export interface ResolvedOptions {
  siteId: SiteGlobalId
  roles: ReadonlySet<Role>
  database: string | undefined
  pool: Pool | undefined
  host: WikiHost | undefined
  self: WikiEndpoint
  /** Where the client role finds its repo's database; null when this wiki is not a client or its repo is remote. */
  repo: WikiEndpoint | null
  /** The client role's repo over HTTP (remote mode: `repo.url` given); null otherwise. */
  remoteRepo: RemoteRepo | null
  /** Clients a repo dispatches to, by site id (includes itself when it is both). */
  clients: ReadonlyMap<SiteGlobalId, WikiEndpoint>
  /** Sites added to the sites table at start when missing (none when `registerSites` is false). */
  sites: readonly Site[]
  worker: WorkerSettings
  client: ClientSettings
  repoSettings: RepoSettings
  routePrefix: string
  bodyLimit: number
  /** undefined: the secret generated and kept in the database. */
  sessionSecret: string | undefined
  sessionExpiry: number
  maxRequestJsonDepth: number
  maxPatchOperations: number
}

const DEFAULT_DATA_SCHEMA = 'public'
const DEFAULT_QUEUE_SCHEMA = 'wikibase_jobs'

export function resolveOptions (raw: unknown): ResolvedOptions {
  if (raw === null || typeof raw !== 'object') throw new InvalidOptionError('', 'must be an object')
  const { pool, host, ...json } = raw as Record<string, unknown>
  const withDefaults = Value.Default(WikibaseOptionsSchema, withoutUndefined(json))
  const problem = schemaProblems(WikibaseOptionsSchema, withDefaults)[0]
  if (problem !== undefined) throw new InvalidOptionError(problem.path, problem.message)
  const options = withDefaults as WikibaseJsonOptions
  checkPool(pool)
  checkHost(host)
  if (pool !== undefined && options.database !== undefined) {
    throw new InvalidOptionError('pool', 'cannot be given together with "database"; pass one of them')
  }
  const { item, property } = options.repoSettings.entityNamespaces
  if (item === property || property === 0) {
    throw new InvalidOptionError('repoSettings.entityNamespaces', 'items and properties need namespaces of their own (properties not in the main namespace)')
  }
  const roles = new Set(options.roles as Role[])
  assertHostServices(host as WikiHost | undefined, roles)
  const self = endpoint({ siteId: options.siteId, schema: options.schema }, undefined)
  const remoteRepo = roles.has('client') ? resolveRemoteRepo(options, roles) : null
  for (const [i, client] of (options.clients ?? []).entries()) {
    if (client.url !== undefined || client.token !== undefined) {
      const option = `clients.${i}.${client.url !== undefined ? 'url' : 'token'}`
      throw new InvalidOptionError(option, 'only a client\'s repo is reached over HTTP; remote clients are registered with `fastify-wikibase clients add`')
    }
  }
  if (!roles.has('client') && options.repo !== undefined && (options.repo.url !== undefined || options.repo.token !== undefined)) {
    throw new InvalidOptionError('repo.url', 'is only for a client wiki')
  }
  return {
    siteId: self.siteId,
    roles,
    database: options.database,
    pool: pool as Pool | undefined,
    host: host as WikiHost | undefined,
    self,
    repo: roles.has('client') && remoteRepo === null ? resolveRepo(options, roles, self) : null,
    remoteRepo,
    clients: roles.has('repo') ? resolveClients(options, roles, self) : new Map(),
    sites: options.registerSites ? configuredSites(describedSites(options, roles)) : [],
    worker: options.worker,
    client: options.client,
    repoSettings: options.repoSettings,
    routePrefix: options.routePrefix,
    bodyLimit: options.bodyLimit,
    sessionSecret: options.sessionSecret,
    sessionExpiry: options.sessionExpiry,
    maxRequestJsonDepth: options.maxRequestJsonDepth,
    maxPatchOperations: options.maxPatchOperations
  }
}

/** This wiki, its repo (client role) and its clients (repo role), as the options describe them. */
function describedSites (options: WikibaseJsonOptions, roles: Set<Role>): ConfiguredSite[] {
  const input = (siteId: string, d: Partial<Record<'group' | 'language' | 'pagePath' | 'filePath', string>> = {}): ConfiguredSite['input'] => ({
    globalId: siteId,
    ...(d.group === undefined ? {} : { group: d.group }),
    ...(d.language === undefined ? {} : { language: d.language }),
    ...(d.pagePath === undefined ? {} : { pagePath: d.pagePath }),
    ...(d.filePath === undefined ? {} : { filePath: d.filePath })
  })
  const described: ConfiguredSite[] = [{ option: 'site', input: input(options.siteId, options.site) }]
  if (roles.has('client') && options.repo !== undefined) described.push({ option: 'repo', input: input(options.repo.siteId, options.repo) })
  if (roles.has('repo')) {
    for (const [i, client] of (options.clients ?? []).entries()) described.push({ option: `clients.${i}`, input: input(client.siteId, client) })
  }
  return described
}

function endpoint (connection: Static<typeof WikiConnection>, ownDatabase: string | undefined): WikiEndpoint {
  return {
    siteId: connection.siteId as SiteGlobalId,
    database: connection.database ?? ownDatabase,
    dataSchema: connection.schema?.data ?? DEFAULT_DATA_SCHEMA,
    queueSchema: connection.schema?.queue ?? DEFAULT_QUEUE_SCHEMA
  }
}

function resolveRepo (options: WikibaseJsonOptions, roles: Set<Role>, self: WikiEndpoint): WikiEndpoint {
  if (options.repo === undefined) {
    if (roles.has('repo')) return self
    throw new InvalidOptionError('repo', 'is required for a client wiki that is not its own repo')
  }
  if (roles.has('repo') && options.repo.siteId !== options.siteId) {
    throw new InvalidOptionError('repo.siteId', `must be this wiki's own siteId (${options.siteId}) when the wiki is both repo and client`)
  }
  return options.repo.siteId === options.siteId ? self : endpoint(options.repo, options.database)
}

/**
 * Remote mode: `repo.url` and `repo.token` together, without a database or schemas of the
 * repo, on a wiki that is not a repo itself; null when the repo is reached through a database.
 */
function resolveRemoteRepo (options: WikibaseJsonOptions, roles: Set<Role>): RemoteRepo | null {
  const repo = options.repo
  if (repo === undefined || (repo.url === undefined && repo.token === undefined)) return null
  if (repo.url === undefined) throw new InvalidOptionError('repo.url', 'is required with repo.token (the repo\'s base URL)')
  if (repo.token === undefined) throw new InvalidOptionError('repo.token', 'is required with repo.url (the credential `clients add` printed)')
  if (roles.has('repo')) throw new InvalidOptionError('repo.url', 'cannot be given to a wiki that is a repo itself (its repo is its own database)')
  const httpOnly = 'cannot be given together with repo.url: a remote repo is reached over HTTP only'
  if (repo.database !== undefined) throw new InvalidOptionError('repo.database', httpOnly)
  if (repo.schema !== undefined) throw new InvalidOptionError('repo.schema', httpOnly)
  if (repo.siteId === options.siteId) throw new InvalidOptionError('repo.siteId', 'must differ from this wiki\'s siteId')
  let url: URL
  try {
    url = new URL(repo.url)
  } catch {
    throw new InvalidOptionError('repo.url', 'must be an absolute http(s) URL')
  }
  const extras = url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== ''
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || extras) {
    throw new InvalidOptionError('repo.url', 'must be an http(s) base URL without query, fragment or credentials')
  }
  return { siteId: repo.siteId as SiteGlobalId, url: url.href.replace(/\/+$/, ''), token: repo.token }
}

function resolveClients (options: WikibaseJsonOptions, roles: Set<Role>, self: WikiEndpoint): Map<SiteGlobalId, WikiEndpoint> {
  const clients = new Map<SiteGlobalId, WikiEndpoint>()
  for (const [index, client] of (options.clients ?? []).entries()) {
    if (clients.has(client.siteId as SiteGlobalId)) {
      throw new InvalidOptionError(`clients.${index}.siteId`, `repeats the client ${client.siteId}`)
    }
    const resolved = client.siteId === options.siteId ? self : endpoint(client, options.database)
    clients.set(resolved.siteId, resolved)
  }
  // A wiki that is also a client dispatches to itself (Wikibase adds repoSiteId → own DB).
  if (roles.has('client') && !clients.has(self.siteId)) clients.set(self.siteId, self)
  return clients
}

/** `{ siteId: undefined }` means "not given", so it must read as missing, not as a wrong type. */
function withoutUndefined (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)]))
}

function checkPool (pool: unknown): void {
  if (pool === undefined) return
  const p = pool as Partial<Pool>
  if (typeof p !== 'object' || p === null || typeof p.query !== 'function' || typeof p.connect !== 'function') {
    throw new InvalidOptionError('pool', 'must be a pg Pool (an object with query() and connect())')
  }
}

function checkHost (host: unknown): void {
  if (host === undefined) return
  const h = host as Partial<WikiHost>
  if (typeof h !== 'object' || h === null || typeof h.hooks?.hook !== 'function' || typeof h.services !== 'object') {
    throw new InvalidOptionError('host', 'must be a wiki host made with createWikiHost() (hooks and services)')
  }
}
