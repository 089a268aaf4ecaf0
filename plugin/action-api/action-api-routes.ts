import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { HostUser, WikiHost } from '../../hooks/contract.js'
import { ApiError, apiErrorOf, missingParam } from './api-errors.js'
import type { ApiCall, ApiModule, ApiModuleDeps } from './api-module.js'
import { ApiParams } from './api-params.js'
import { unrecognizedParams, validateParams, type ApiWarning, type ParamSpecs } from './param-validator.js'
import { MAIN_PARAMS } from './main-params.js'
import { warningsOutput } from './api-warnings.js'
import { isFormatVersion2 } from './api-format.js'
import { formatApiError } from './api-error-formatter.js'
import { queryModuleOf } from './query-module.js'
import { mergeModuleSets, type ApiModuleSet } from './api-module-set.js'
import type { ApiSessions, LiveSession } from './session/api-sessions.js'
import { csrfTokenMatches, identify } from './session/request-identity.js'
import { userHasRight } from '../repo/user-rights.js'
import { DEFAULT_NAMESPACES, type EntityNamespaces } from '../repo/action-api/entity-output.js'
import { installRequestInputGuard } from '../http/request-input-guard.js'
import { maxLagError, retryAfterSeconds, type Lag } from './max-lag.js'

/**
 * The MediaWiki action API of every wiki, `<routePrefix>/w/api.php` (GET and form POST): ApiMain's
 * part (parameters, errors, warnings, tokens, maxlag, assert) here, the modules from the wiki's
 * roles (api-module-set.ts: the repo's Wikibase tools use — wikibase-edit, wikibase-sdk,
 * wikibase-cli —, the client's). Registered in its own encapsulated scope: its form-body parser
 * and error handler (action API error JSON, HTTP 200 for client mistakes) stay inside, as do
 * the roles' routes that share them (`roleRoutes`: the repo's `Special:EntityData`).
 */
export interface ActionApiOptions {
  /** Namespaces of entity pages (`ns` and `title` in answers), overriding the deps' (`repoSettings.entityNamespaces`). */
  namespaces?: EntityNamespaces
}

/** What the action API works with. */
export interface ActionApiDeps extends ApiModuleDeps {
  sessions: ApiSessions
  /** Default body limit of the API's routes (bytes). */
  bodyLimit: number
  maxRequestJsonDepth: number
  /** Namespaces of entity pages (the `repoSettings.entityNamespaces` option); default Wikibase's, items 120, properties 122. */
  namespaces?: EntityNamespaces
  /** The modules of the wiki's roles, merged in order (wiki-module-sets.ts). */
  moduleSets: readonly ApiModuleSet[]
  /** The lag `maxlag` compares with (the repo's: dispatch lag); absent: none. */
  currentLag?: () => Promise<Lag>
  /** Routes of a role in the API's scope (its parser and error handler). */
  roleRoutes?: (app: FastifyInstance, scope: { routePrefix: string, namespaces: EntityNamespaces }) => void
}

export const API_PATH = '/w/api.php'
/** A wiki without replicas or dispatch backlog. */
const NO_LAG: Lag = { lag: 0, type: 'db', host: 'all' }
const FORM = 'application/x-www-form-urlencoded'

/** The action modules of these sets with `query` over their submodules. */
export function modulesOfSets (sets: readonly ApiModuleSet[]): Readonly<Record<string, ApiModule>> {
  const merged = mergeModuleSets(...sets)
  return { ...merged.modules, query: queryModuleOf(merged) }
}

/** The modules this host has: a host page module only with its service (else its action is unknown, `badvalue`). */
export function modulesOf (sets: readonly ApiModuleSet[], host: WikiHost | undefined): Readonly<Record<string, ApiModule>> {
  return Object.fromEntries(Object.entries(modulesOfSets(sets)).filter(([, module]) => module.available?.(host) ?? true))
}

/** Form bodies as PHP reads them: the last of repeated keys wins. */
export function parseFormBody (text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text))
}

/**
 * Parameters MediaWiki refuses in the query string of a POST (`mustpostparams`): tokens and
 * passwords (ApiBase PARAM_SENSITIVE / token parameters), so they never land in URLs and logs
 * and a cross-site link cannot carry them.
 */
export const POST_BODY_ONLY_PARAMS = ['token', 'lgtoken', 'lgpassword'] as const

function queryStringParams (request: FastifyRequest): string[] {
  const query = request.query as Record<string, unknown> | undefined
  return query === undefined || query === null ? [] : POST_BODY_ONLY_PARAMS.filter(name => Object.hasOwn(query, name))
}

async function checkAssert (params: ApiParams, user: HostUser, hasBotRight: () => Promise<boolean>): Promise<void> {
  const assert = params.string('assert')
  if (assert === 'user' && user.anonymous) throw new ApiError('assertuserfailed', 'You are no longer logged in, so the action could not be completed.')
  if (assert === 'bot' && !await hasBotRight()) throw new ApiError('assertbotfailed', 'You do not have the "bot" right, so the action could not be completed.')
  if (assert === 'anon' && !user.anonymous) throw new ApiError('assertanonfailed', 'You are no longer logged out, so the action could not be completed.')
  const named = params.string('assertuser')
  if (named !== undefined && named !== user.name) {
    throw new ApiError('assertnameduserfailed', `You are no longer logged in as "${named}", so the action could not be completed.`)
  }
}

/** The warnings of calls in progress and the module path they are in, for the error handler. */
const pendingWarnings = new WeakMap<FastifyRequest, { params: ApiParams, warnings: ApiWarning[], module: string }>()

/** The answer with the call's warnings first, plus MediaWiki's warning for parameters no module declared. */
function withWarnings (result: Record<string, unknown>, params: ApiParams, warnings: ApiWarning[], known: ReadonlySet<string>): Record<string, unknown> {
  const unknown = unrecognizedParams(params.all().keys(), known)
  const all = unknown === null ? warnings : [...warnings, unknown]
  if (all.length === 0) return result
  return { warnings: warningsOutput(all, isFormatVersion2(params), params.string('errorformat') ?? 'bc'), ...result }
}

export function registerActionApiRoutes (fastify: FastifyInstance, deps: ActionApiDeps, options: ActionApiOptions = {}): void {
  const { db, host, sessions } = deps
  const moduleDeps: ApiModuleDeps = {
    db, host, siteId: deps.siteId, routePrefix: deps.routePrefix, validation: deps.validation, restrictionLevels: deps.restrictionLevels,
    protectEntitiesUsedOnMoreThan: deps.protectEntitiesUsedOnMoreThan ?? null, roles: deps.roles,
    extensions: deps.moduleSets.flatMap(set => set.extensions ?? []),
    ...(deps.dispatchDelayMs === undefined ? {} : { dispatchDelayMs: deps.dispatchDelayMs }),
    ...(deps.dispatchShards === undefined ? {} : { dispatchShards: deps.dispatchShards }),
    client: deps.client ?? null
  }
  const modules = modulesOf(deps.moduleSets, host)
  /** ApiMain's parameters, `action` being one of the modules. */
  const mainParams: ParamSpecs = { ...MAIN_PARAMS, action: { type: Object.keys(modules), required: true } }
  void fastify.register(async app => {
    const prefix = deps.routePrefix
    const namespaces = options.namespaces ?? deps.namespaces ?? DEFAULT_NAMESPACES
    const cookiePath = prefix === '' ? '/' : prefix
    app.addHook('onRoute', route => { route.bodyLimit ??= deps.bodyLimit })
    const inputLimits = { maxJsonDepth: deps.maxRequestJsonDepth }
    installRequestInputGuard(app, inputLimits)

    if (app.hasContentTypeParser(FORM)) app.removeContentTypeParser(FORM)
    app.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => { done(null, parseFormBody(body as string)) })

    app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const { statusCode, body, unexpected } = apiErrorOf(error, request.routeOptions.bodyLimit)
      if (unexpected) request.log.error({ err: error }, 'action API: unexpected error')
      // Warnings found before the error stay in the answer, as MediaWiki keeps them beside `error`.
      const pending = pendingWarnings.get(request)
      const errorFormat = pending?.params.string('errorformat') ?? 'bc'
      const v2 = pending === undefined ? false : isFormatVersion2(pending.params)
      const answer = formatApiError(body.error, {
        format: errorFormat, v2, module: pending?.module ?? 'main', apiUrl: `${request.protocol}://${request.host}${prefix}${API_PATH}`
      })
      const withWarnings = pending === undefined || pending.warnings.length === 0
        ? answer
        : { warnings: warningsOutput(pending.warnings, v2, errorFormat), ...answer }
      return await reply.code(statusCode).header('mediawiki-api-error', body.error.code)
        .header('cache-control', 'private, must-revalidate, max-age=0').send(withWarnings)
    })

    const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
      const params = new ApiParams(request.query, request.body, inputLimits)
      const warnings: ApiWarning[] = []
      const pending = { params, warnings, module: 'main' }
      pendingWarnings.set(request, pending)
      const validate = (path: string, specs: ParamSpecs): void => {
        const { changed, warnings: found } = validateParams(path, specs, params.all())
        params.replace(changed)
        warnings.push(...found)
      }
      // ApiMain's parameters first: an unknown action or format is `badvalue`, none is `missingparam`.
      validate('main', mainParams)

      const maxLag = params.integer('maxlag')
      if (maxLag !== undefined) {
        const problem = maxLagError(deps.currentLag === undefined ? NO_LAG : await deps.currentLag(), maxLag)
        if (problem !== null) {
          void reply.header('retry-after', String(retryAfterSeconds(maxLag)))
            .header('x-database-lag', String(Math.trunc(problem.extra.lag as number)))
          throw problem
        }
      }

      const action = params.required('action')
      const module = modules[action]!
      if (module.mustBePosted === true && request.method !== 'POST') throw new ApiError('mustbeposted', `The "${action}" module requires a POST request.`)

      if (request.method === 'POST') {
        const inQuery = queryStringParams(request)
        if (inQuery.length > 0) {
          const found = `parameter${inQuery.length === 1 ? ' was' : 's were'} found in the query string`
          throw new ApiError('mustpostparams', `The following ${found}, but must be in the POST body: ${inQuery.join(', ')}.`, { params: inQuery })
        }
      }

      const identity = await identify(request, sessions, host)
      const user = identity.user
      const rights = { host, user, onHostError: (err: unknown) => { request.log.warn({ err }, 'action API: the host rights check failed; refused') } }
      let nextSession: LiveSession | null | undefined
      const call: ApiCall = {
        params, user, identity, request, reply, deps: moduleDeps, sessions, namespaces, warnings,
        apiPath: `${prefix}${API_PATH}`,
        setSession: s => { nextSession = s }
      }
      await checkAssert(params, user, async () => await userHasRight(rights, 'bot'))
      if (module.readMode === true && !await userHasRight(rights, 'read')) {
        throw new ApiError('readapidenied', 'You need read permission to use this module.')
      }
      // From here on, errors are the module's (ApiMain::setupModule has the module die for a bad token).
      pending.module = action
      if (module.needsToken === 'csrf') {
        const token = params.string('token')
        if (token === undefined || token === '') throw missingParam('token')
        if (!csrfTokenMatches(identity, sessions, token)) throw new ApiError('badtoken', 'Invalid CSRF token.')
      }
      const known = new Set(Object.keys(mainParams))
      for (const [path, specs] of [[action, module.params ?? {}] as const, ...(module.submodules?.(params) ?? [])]) {
        validate(path, specs)
        for (const name of Object.keys(specs)) known.add(name)
      }
      const result = withWarnings(await module.run(call), params, call.warnings, known)
      if (nextSession !== undefined) void reply.header('set-cookie', sessions.setCookie(nextSession, cookiePath))
      return await reply.header('cache-control', 'private, must-revalidate, max-age=0').type('application/json; charset=utf-8').send(result)
    }

    app.get(`${prefix}${API_PATH}`, handle)
    app.post(`${prefix}${API_PATH}`, handle)
    deps.roleRoutes?.(app, { routePrefix: prefix, namespaces })
  })
}
