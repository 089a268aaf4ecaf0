import type { HostUser } from '../../../hooks/contract.js'
import { ApiError } from './api-errors.js'
import type { ApiCall, ApiModule } from './api-module.js'
import { ANONYMOUS_TOKEN } from './api-session.js'
import { DEFAULT_NAMESPACES } from './entity-output.js'

/**
 * The core modules the Wikibase tools need around the entity modules: `query` with
 * `meta=tokens|siteinfo|userinfo`, `login` (bot passwords, checked by the host's
 * `authenticate` service; the session lives in a signed cookie) and `logout`.
 */

/** What a token is bound to: the session, else (host-authenticated callers) the user. */
function tokenBinding (call: ApiCall): string | null {
  if (call.session?.user !== undefined) return `session:${call.session.sid}`
  if (!call.user.anonymous) return `user:${call.user.id}:${call.user.name}`
  return null
}

export function csrfToken (call: ApiCall): string {
  const binding = tokenBinding(call)
  return binding === null ? ANONYMOUS_TOKEN : call.sessions.token('csrf', binding)
}

export function csrfTokenMatches (call: ApiCall, given: string): boolean {
  const binding = tokenBinding(call)
  return binding === null ? given === ANONYMOUS_TOKEN : call.sessions.tokenMatches('csrf', binding, given)
}

/** The login token of the caller's session, starting an anonymous session when there is none. */
function loginToken (call: ApiCall): string {
  let session = call.session
  if (session === null) {
    session = call.sessions.newSession()
    call.setSession(session)
  }
  return call.sessions.token('login', `session:${session.sid}`)
}

function tokens (call: ApiCall): Record<string, string> {
  const out: Record<string, string> = {}
  const types = call.params.has('type') ? call.params.list('type') : ['csrf']
  for (const type of types) {
    if (type === 'csrf') out.csrftoken = csrfToken(call)
    else if (type === 'login') out.logintoken = loginToken(call)
    else if (type === 'watch' || type === 'patrol' || type === 'rollback' || type === 'userrights') out[`${type}token`] = csrfToken(call)
    else throw new ApiError('unknown_type', `Unrecognized value for parameter "type": ${type}.`)
  }
  return out
}

function siteinfo (call: ApiCall): Record<string, unknown> {
  const props = call.params.has('siprop') ? call.params.list('siprop') : ['general']
  const ns = call.namespaces ?? DEFAULT_NAMESPACES
  const request = call.request
  const server = `${request.protocol}://${request.headers.host ?? request.hostname}`
  const prefix = call.runtime.options.routePrefix
  const out: Record<string, unknown> = {}
  for (const prop of props) {
    if (prop === 'general') {
      out.general = {
        mainpage: 'Main Page',
        base: `${server}${prefix}/wiki/Main_Page`,
        sitename: call.runtime.options.siteId,
        generator: 'fastify-wikibase',
        case: 'first-letter',
        lang: 'en',
        server,
        servername: request.hostname,
        articlepath: `${prefix}/wiki/$1`,
        scriptpath: `${prefix}/w`,
        script: `${prefix}/w/index.php`,
        wikiid: call.runtime.options.siteId,
        'wikibase-conceptbaseuri': `${server}${prefix}/entity/`
      }
    } else if (prop === 'namespaces') {
      const namespaces: Record<string, Record<string, unknown>> = {
        '-1': { id: -1, case: 'first-letter', name: 'Special', canonical: 'Special', '*': 'Special' }
      }
      const add = (id: number, name: string, model?: string): void => {
        namespaces[String(id)] = { id, case: 'first-letter', ...(model === undefined ? {} : { defaultcontentmodel: model }), subpages: '', canonical: name, content: '', '*': name }
      }
      add(0, '', ns.item === 0 ? 'wikibase-item' : undefined)
      if (ns.item !== 0) add(ns.item, 'Item', 'wikibase-item')
      add(ns.property, 'Property', 'wikibase-property')
      out.namespaces = namespaces
    }
  }
  return out
}

function userinfo (call: ApiCall): Record<string, unknown> {
  const user = call.user
  return user.anonymous ? { id: 0, name: user.name, anon: '' } : { id: user.id, name: user.name, ...(user.bot ? { groups: ['bot', 'user'] } : {}) }
}

const queryModule: ApiModule = {
  run: async call => {
    const query: Record<string, unknown> = {}
    for (const meta of call.params.list('meta')) {
      if (meta === 'tokens') query.tokens = tokens(call)
      else if (meta === 'siteinfo') Object.assign(query, siteinfo(call))
      else if (meta === 'userinfo') query.userinfo = userinfo(call)
      else throw new ApiError('unknown_meta', `Unrecognized value for parameter "meta": ${meta}.`)
    }
    return { batchcomplete: '', query }
  }
}

const FAILED = 'Incorrect username or password entered. Please try again.'

const loginModule: ApiModule = {
  mustBePosted: true,
  run: async call => {
    const { params } = call
    const name = params.string('lgname') ?? ''
    const password = params.string('lgpassword') ?? ''
    const given = params.string('lgtoken')
    if (given === undefined || given === '') {
      // The pre-1.27 two-step flow bots still use: first call returns the token (and the session cookie).
      return { login: { result: 'NeedToken', token: loginToken(call) } }
    }
    const session = call.session
    if (session === null || !call.sessions.tokenMatches('login', `session:${session.sid}`, given)) {
      return { login: { result: 'WrongToken' } }
    }
    if (name === '' || password === '') return { login: { result: 'Failed', reason: FAILED } }
    const authenticate = call.runtime.host?.services.authenticate
    if (authenticate === undefined) return { login: { result: 'Failed', reason: 'This wiki does not offer bot password logins (its host has no authenticate service).' } }
    const user: HostUser | null = await authenticate(name, password)
    if (user === null || user.anonymous) return { login: { result: 'Failed', reason: FAILED } }
    call.setSession(call.sessions.newSession(user)) // a new session id on login, as MediaWiki
    return { login: { result: 'Success', lguserid: user.id, lgusername: user.name } }
  }
}

const logoutModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    call.setSession(null)
    return {}
  }
}

export const ACCOUNT_MODULES: Readonly<Record<string, ApiModule>> = {
  query: queryModule,
  login: loginModule,
  logout: logoutModule
}
