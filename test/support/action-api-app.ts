import Fastify, { type FastifyInstance } from 'fastify'
import wikibase, { type WikibaseOptions } from '../../plugin/index.js'
import type { HostUser } from '../../hooks/contract.js'
import { freshDatabase, testPool } from './test-database.js'
import { createTestHost, type TestHost } from './test-host.js'

interface Teardown { teardown: (fn: () => unknown) => void }

export const USERS: Readonly<Record<string, HostUser>> = {
  Editor: { id: 7, name: 'Editor', anonymous: false, bot: false },
  Admin: { id: 8, name: 'Admin', anonymous: false, bot: false },
  Bot: { id: 9, name: 'Bot', anonymous: false, bot: true }
}

export interface ActionApiApp {
  app: FastifyInstance
  host: TestHost
  /** GET /w/api.php as `user` (format=json added). */
  get: (params: Record<string, string>, user?: string) => Promise<any>
  /** POST /w/api.php as `user` with that user's csrf token (format=json added). */
  post: (params: Record<string, string>, user?: string) => Promise<any>
}

/**
 * A repo wiki with the test host whose callers are the host's users (header `x-test-user`,
 * as a host sets `request.wikiUser`), and helpers that call its action API.
 */
export async function startActionApiApp (t: Teardown, label: string, options: Partial<WikibaseOptions> = {}): Promise<ActionApiApp> {
  const url = await freshDatabase(t, label)
  const host = createTestHost({ pool: testPool(t, url) })
  const app = Fastify({ logger: { level: process.env.TEST_LOG_LEVEL ?? 'silent' } })
  app.addHook('onRequest', async request => {
    const name = request.headers['x-test-user']
    if (typeof name === 'string' && USERS[name] !== undefined) request.wikiUser = USERS[name]
  })
  await app.register(wikibase, {
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' }, worker: { enabled: false }, host, ...options
  })
  await app.ready()
  // The host's pages (titles that are no entity pages) live in the wiki's database.
  host.attach(app)
  t.teardown(async () => { await app.close() })
  const headers = (user: string | undefined): Record<string, string> => user === undefined ? {} : { 'x-test-user': user }
  const get = async (params: Record<string, string>, user?: string): Promise<any> => {
    const response = await app.inject({ method: 'GET', url: '/w/api.php', query: { format: 'json', ...params }, headers: headers(user) })
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${response.body}`)
    return response.json()
  }
  const post = async (params: Record<string, string>, user?: string): Promise<any> => {
    const token = (await get({ action: 'query', meta: 'tokens' }, user)).query.tokens.csrftoken as string
    const response = await app.inject({
      method: 'POST', url: '/w/api.php', headers: { ...headers(user), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ format: 'json', token, ...params }).toString()
    })
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${response.body}`)
    return response.json()
  }
  return { app, host, get, post }
}
