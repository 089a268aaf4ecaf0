import Type from 'typebox'
import { ChangeRowFields } from '../../queue/task-payloads.js'
import { formatProblems, schemaProblems } from '../../schema-problems.js'
import { remotePaths } from '../../remote/remote-wire.js'
import type { StoredChangeRow } from '../../changes/stored-change.js'

/** Feed events asked for per page (the feed allows up to 500). */
export const PULL_PAGE_SIZE = 200

/** The largest feed page read; a page of PULL_PAGE_SIZE events is far below it. */
const MAX_PAGE_BYTES = 16 * 1024 * 1024

/** What a client needs of a JSON page of the repo's change feed (plugin/repo/change-feed/feed-routes.ts). */
const FeedPageSchema = Type.Object({
  changes: Type.Array(Type.Object({
    id: Type.Integer({ minimum: 1 }),
    change: Type.Union([ChangeRowFields, Type.Null()])
  }), { maxItems: 500 }),
  continue: Type.String({ pattern: '^(0|[1-9][0-9]{0,14})$' }),
  more: Type.Boolean()
})

/**
 * `since` for a first pull: a time no entry has, so the feed starts after its newest entry
 * (feed-store.ts feedIdBefore) — by the repo's count, whatever this wiki's clock says.
 */
const FROM_NEWEST = '9999-12-31T23:59:59Z'

/** One page read: the changes of its events that carry one (feed order), and the feed id read up to. */
export interface PulledPage {
  changes: StoredChangeRow[]
  /** The feed id to read after next time: the page's `continue` (past entries filtered out for this client too). */
  next: number
  more: boolean
}

export interface FeedPullRequest {
  /** The repo's base URL, its routePrefix included. */
  repoUrl: string
  token: string
  /** This client: the feed gives only changes to entities it subscribes to. */
  siteId: string
  /** Read after this feed id; null: from now on (a first pull: what came before was pushed, or not needed). */
  after: number | null
  timeoutMs: number
}

/**
 * Reads one JSON page of the repo's change feed for this client (`subscriber=`), with its
 * bearer token. Throws on no answer within the timeout, a non-200 answer, or a page that is
 * not a feed page (the job fails and graphile-worker retries it with backoff).
 */
export async function pullFeedPage (request: FeedPullRequest): Promise<PulledPage> {
  const query = new URLSearchParams({
    subscriber: request.siteId,
    since: request.after === null ? FROM_NEWEST : String(request.after),
    limit: String(PULL_PAGE_SIZE)
  })
  const url = `${request.repoUrl.replace(/\/+$/, '')}${remotePaths.changes}?${query.toString()}`
  const response = await fetch(url, {
    headers: { accept: 'application/json', authorization: `Bearer ${request.token}` },
    redirect: 'error',
    signal: AbortSignal.timeout(request.timeoutMs)
  })
  const text = await boundedText(response, MAX_PAGE_BYTES)
  if (response.status !== 200) throw new Error(`change feed of the repo answered HTTP ${response.status}: ${text.slice(0, 300)}`)
  let page: unknown
  try {
    page = JSON.parse(text)
  } catch {
    throw new Error('change feed of the repo answered something that is not JSON')
  }
  const problems = schemaProblems(FeedPageSchema, page)
  if (problems.length > 0) throw new Error(`change feed page not understood: ${formatProblems(problems.slice(0, 3)).join('; ')}`)
  const { changes, continue: next, more } = page as { changes: Array<{ change: StoredChangeRow | null }>, continue: string, more: boolean }
  return { changes: changes.flatMap(event => event.change === null ? [] : [event.change]), next: Number(next), more }
}

/** The answer's text, refused beyond `limit` bytes (read in chunks: a huge answer is not buffered whole). */
async function boundedText (response: Response, limit: number): Promise<string> {
  if (response.body === null) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of response.body) {
    size += chunk.byteLength
    if (size > limit) {
      await response.body.cancel().catch(() => {})
      throw new Error(`change feed page larger than ${limit} bytes`)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}
