import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import { WikibaseError } from '../../errors.js'
import { withTransaction, type WikiDatabase } from '../../db/wiki-database.js'
import { acceptRemoteChanges } from './remote-inbox.js'
import { checkPush, PUSH_HEADERS } from '../../remote/push-signature.js'
import { MAX_PUSH_BODY_BYTES, remotePaths, type ChangePushAnswer } from '../../remote/remote-wire.js'
import { parsePushBody } from './change-push-body.js'
import { recordPushId, sweepPushIds } from './push-replay-store.js'

/** What the push receiver of a client in remote mode works with. */
export interface ChangePushRouteDeps {
  /** The client's routePrefix ('' for none). */
  routePrefix: string
  /** The client's own database: its inbox, its queue, the push ids it has seen. */
  db: WikiDatabase
  /** The repo's site id (`repo.siteId`): pushes of another repo are refused. */
  repoSiteId: string
  /** This client's site id: pushes meant for another client are refused. */
  siteId: string
  /** credentials.ts pushKey(token): the key the repo signs this client's pushes with. */
  pushKey: Buffer
  log: FastifyBaseLogger
  /** Seconds since the epoch; the test's clock. */
  now?: () => number
}

/**
 * POST {routePrefix}/wikibase/v1/push: a remote client's receiver of its repo's change
 * pushes (issue 19; the repo side is plugin/repo/dispatch/remote-push.ts). In order:
 * the signature over the exact body bytes and the timestamp (401 `malformed`,
 * `bad-signature`, `expired`); the body (400 `invalid-push`); then one transaction records
 * the push id (409 `replayed` if it was recorded before) and puts the changes into
 * wbc_change_inbox with their drain job (./remote-inbox.ts: pushToInbox, as the repo's push
 * does for a farm client, without the changes handled already). So a push is
 * accepted at most once, and its rows and job commit together, before the 200.
 */
export function registerChangePushRoute (app: FastifyInstance, deps: ChangePushRouteDeps): void {
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000))
  void app.register(async context => {
    context.setErrorHandler(async (error, request, reply) => {
      const { status, code, message } = answerOf(error)
      if (status >= 500) request.log.error({ err: error }, 'change push failed')
      return await reply.code(status).send({ code, message })
    })
    // The signature is over the bytes sent: keep the text exactly as received (no parse,
    // no normalisation by any guard of an enclosing scope, which sees only this string).
    const raw = new WeakMap<FastifyRequest, string>()
    if (context.hasContentTypeParser('application/json')) context.removeContentTypeParser('application/json')
    context.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_PUSH_BODY_BYTES }, (request, body, done) => {
      raw.set(request, body as string)
      done(null, '')
    })
    context.post(`${deps.routePrefix}${remotePaths.push}`, { bodyLimit: MAX_PUSH_BODY_BYTES }, async (request): Promise<ChangePushAnswer> => {
      const text = raw.get(request) ?? ''
      const header = (name: string): string | undefined => {
        const value = request.headers[name]
        return typeof value === 'string' ? value : undefined
      }
      const headers = { id: header(PUSH_HEADERS.id), timestamp: header(PUSH_HEADERS.timestamp), signature: header(PUSH_HEADERS.signature) }
      const check = checkPush(deps.pushKey, headers, text, now())
      if (!check.ok) {
        request.log.warn({ reason: check.reason }, 'change push refused')
        throw new PushRefusal(401, check.reason, PUSH_REFUSALS[check.reason])
      }
      const body = parsePushBody(text, { repo: deps.repoSiteId, client: deps.siteId })
      if (!body.ok) throw new PushRefusal(400, 'invalid-push', `Invalid push: ${body.message}`)
      const accepted = await withTransaction(deps.db.pool, async tx => {
        if (!await recordPushId(tx, deps.db, headers.id!)) return false
        await acceptRemoteChanges(tx, deps.db, deps.repoSiteId, body.changes)
        return true
      })
      if (!accepted) throw new PushRefusal(409, 'replayed', `Push ${headers.id!} was accepted before; a push is accepted once`)
      // Best effort and after the answer's commit: a sweep that fails is done by the next push.
      await sweepPushIds(deps.db.pool, deps.db).catch((err: unknown) => { deps.log.warn({ err }, 'change push: sweeping old push ids failed') })
      return { accepted: body.changes.length }
    })
  })
}

/** A push refused: the status and `{ code, message }` it is answered with. */
class PushRefusal extends WikibaseError {
  constructor (override readonly statusCode: number, override readonly code: string, message: string) {
    super(message)
    this.name = 'PushRefusal'
  }
}

/** The answer to an error: `{ code, message }`, as the change feed's errors; a client's mistake is a 4xx, never a 5xx. */
function answerOf (error: unknown): { status: number, code: string, message: string } {
  // PushRefusal, and the request-input guard's errors of an enclosing scope.
  if (error instanceof WikibaseError && error.statusCode < 500) return { status: error.statusCode, code: error.code, message: error.message }
  const fastifyError = error as Partial<FastifyError>
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, code: 'request-too-large', message: `A push body is at most ${MAX_PUSH_BODY_BYTES} bytes` }
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, code: 'invalid-request', message: fastifyError.message ?? 'bad request' }
  }
  return { status: 500, code: 'unexpected-error', message: 'Unexpected error' }
}

const PUSH_REFUSALS = {
  malformed: `The push lacks a valid ${PUSH_HEADERS.id}, ${PUSH_HEADERS.timestamp} or ${PUSH_HEADERS.signature} header`,
  'bad-signature': 'The push signature does not match the body (wrong key or altered body)',
  expired: 'The push timestamp is outside the replay window of this wiki\'s clock'
} as const
