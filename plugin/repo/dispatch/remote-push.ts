import { randomUUID } from 'node:crypto'
import type { StoredChangeRow } from '../../changes/stored-change.js'
import { PUSH_HEADERS, signPush } from '../../remote/push-signature.js'
import { MAX_PUSH_BODY_BYTES, remotePaths, type ChangePushBody } from '../../remote/remote-wire.js'
import { pushChunks } from './push-chunks.js'
import type { RemoteClient } from '../remote-clients/active-remote-clients.js'

/** A push the client did not accept: its site and why (never the body). */
export class RemotePushError extends Error {
  constructor (readonly site: string, readonly status: number | null, message: string) {
    super(message)
    this.name = 'RemotePushError'
  }
}

/**
 * Pushes change rows (any entities, in change order) to a remote client: `POST
 * <pushUrl>/wikibase/v1/push` with a ChangePushBody (several, in order, when the rows take
 * more than half the client's body limit: ./push-chunks.ts), signed with the client's push key over
 * the exact bytes sent (plugin/remote/push-signature.ts), a fresh push id per attempt. A 2xx
 * answer means the client committed the rows to its inbox; anything else — no connection,
 * no answer within `timeoutMs`, a redirect, a 4xx or 5xx — throws, and the caller leaves the
 * rows to the client's delivery job. Redirects are not followed: the signed batch goes to
 * the registered URL only.
 */
export async function pushToRemoteClient (
  client: RemoteClient, repoSiteId: string, rows: readonly StoredChangeRow[], timeoutMs: number, now: () => number = Date.now
): Promise<void> {
  // In order, one push after the other; a failed one stops the rest (the delivery job sends
  // them all again, and the client keeps each change once).
  for (const chunk of pushChunks(rows, MAX_PUSH_BODY_BYTES / 2)) await pushOnce(client, repoSiteId, chunk, timeoutMs, now)
}

async function pushOnce (
  client: RemoteClient, repoSiteId: string, rows: readonly StoredChangeRow[], timeoutMs: number, now: () => number
): Promise<void> {
  const body: ChangePushBody = { repo: repoSiteId, client: client.siteId, changes: [...rows] }
  const text = JSON.stringify(body)
  const id = randomUUID()
  const seconds = Math.floor(now() / 1000)
  let response: Response
  try {
    response = await fetch(client.pushUrl.replace(/\/+$/, '') + remotePaths.push, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [PUSH_HEADERS.id]: id,
        [PUSH_HEADERS.timestamp]: String(seconds),
        [PUSH_HEADERS.signature]: signPush(client.pushKey, id, seconds, text)
      },
      body: text,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs)
    })
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describe(error)
    throw new RemotePushError(client.siteId, null, `push to ${client.siteId} failed: ${reason}`)
  }
  // Read (and drop) the answer either way, so the connection goes back to the pool.
  const answer = await response.text().catch(() => '')
  if (response.status < 200 || response.status > 299) {
    throw new RemotePushError(client.siteId, response.status, `push to ${client.siteId} refused: HTTP ${response.status} ${answer.slice(0, 200)}`)
  }
}

function describe (error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = (error as Error & { cause?: unknown }).cause
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message
}
