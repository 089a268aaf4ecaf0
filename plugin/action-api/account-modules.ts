import type { HostUser } from '../../hooks/contract.js'
import { ApiError } from './api-errors.js'
import type { ApiCall, ApiModule } from './api-module.js'
import { csrfToken } from './session/request-identity.js'
import { userHasRight } from '../repo/user-rights.js'

/**
 * The core modules the Wikibase tools need around the entity modules: `meta=tokens|userinfo`
 * of `query` (query-module.ts), `login` (bot passwords, checked by the host's
 * `authenticate` service; the session is stored server-side, see session/api-sessions.ts)
 * and `logout` (ends the session: its cookie and tokens stop working).
 */

/** The login token of the caller's session, starting an anonymous session when there is none. */
async function loginToken (call: ApiCall): Promise<string> {
  let session = call.identity.session
  if (session === null) {
    session = await call.sessions.start(null)
    call.setSession(session)
  }
  return call.sessions.token('login', `session:${session.id}`)
}

/** Token types MediaWiki has that this repo answers with the csrf token. */
export const TOKEN_TYPES = ['csrf', 'login', 'patrol', 'rollback', 'userrights', 'watch'] as const

const CSRF_LIKE_TOKENS: ReadonlySet<string> = new Set(['watch', 'patrol', 'rollback', 'userrights'])

export async function tokens (call: ApiCall): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const types = call.params.has('type') ? call.params.list('type') : ['csrf']
  for (const type of types) {
    if (type === 'csrf') out.csrftoken = csrfToken(call.identity, call.sessions)
    else if (type === 'login') out.logintoken = await loginToken(call)
    else if (CSRF_LIKE_TOKENS.has(type)) out[`${type}token`] = csrfToken(call.identity, call.sessions)
    else throw new ApiError('unknown_type', `Unrecognized value for parameter "type": ${type}.`)
  }
  return out
}

export async function userinfo (call: ApiCall): Promise<Record<string, unknown>> {
  const user = call.user
  if (user.anonymous) return { id: 0, name: user.name, anon: '' }
  const bot = await userHasRight({ host: call.deps.host, user }, 'bot')
  return { id: user.id, name: user.name, ...(bot ? { groups: ['bot', 'user'] } : {}) }
}

const FAILED = 'Incorrect username or password entered. Please try again.'

const loginModule: ApiModule = {
  // ApiLogin::getAllowedParams
  params: { lgname: {}, lgpassword: {}, lgtoken: {}, lgdomain: {} },
  mustBePosted: true,
  run: async call => {
    const { params } = call
    const name = params.string('lgname') ?? ''
    const password = params.string('lgpassword') ?? ''
    const given = params.string('lgtoken')
    if (given === undefined || given === '') {
      // The pre-1.27 two-step flow bots still use: first call returns the token (and the session cookie).
      return { login: { result: 'NeedToken', token: await loginToken(call) } }
    }
    const session = call.identity.session
    if (session === null || !call.sessions.tokenMatches('login', `session:${session.id}`, given)) {
      return { login: { result: 'WrongToken' } }
    }
    if (name === '' || password === '') return { login: { result: 'Failed', reason: FAILED } }
    const authenticate = call.deps.host?.services.authenticate
    if (authenticate === undefined) {
      return { login: { result: 'Failed', reason: 'This wiki does not offer bot password logins (its host has no authenticate service).' } }
    }
    const user: HostUser | null = await authenticate(name, password)
    if (user === null || user.anonymous) return { login: { result: 'Failed', reason: FAILED } }
    // A new session id on login, as MediaWiki: the anonymous one (its login token) ends.
    await call.sessions.end(session.id)
    call.setSession(await call.sessions.start({ id: user.id, name: user.name, bot: user.bot }))
    return { login: { result: 'Success', lguserid: user.id, lgusername: user.name } }
  }
}

const logoutModule: ApiModule = {
  params: { token: { required: true } },
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    // Ends the plugin's own session server-side: its cookie and every token bound to it stop
    // working at once. A host-authenticated caller logs out at the host.
    const session = call.identity.session
    if (session !== null) await call.sessions.end(session.id)
    call.setSession(null)
    return {}
  }
}

export const ACCOUNT_MODULES: Readonly<Record<string, ApiModule>> = {
  login: loginModule,
  logout: logoutModule
}
