import type { Test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import wikibase from '../../../../plugin/index.js'
import { registerActionApiRoutes } from '../../../../plugin/action-api/action-api-routes.js'
import { registerRepoRoutes } from '../../../../plugin/repo/rest/repo-routes.js'
import { wireRepo } from '../../../../plugin/repo/wire.js'
import type { EditContext } from '../../../../plugin/repo/entities/entity-editor.js'
import type { HostUser, RepoHostServices } from '../../../../hooks/contract.js'
import { freshDatabase, testPool } from '../../../support/test-database.js'
import { addSites } from '../../../support/repo-test-wiki.js'
import { createTestHost, type TestHost } from '../../../support/test-host.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/** A repo with the action API and the REST API under one prefix, for tests of modules that both must agree with. */
export const PREFIX = '/mine'
export const V1 = `${PREFIX}/w/rest.php/wikibase/v1`
export const USERS: Record<string, HostUser> = {
  admin: { id: 1, name: 'Admin', anonymous: false, bot: false },
  editor: { id: 7, name: 'Editor', anonymous: false, bot: false },
  newbie: { id: 8, name: 'Newbie', anonymous: false, bot: false }
}

/** A repo with the action API and REST under PREFIX; `x-test-user` names the user (USERS); `services` added to the test host's. */
export async function startApiRepo (
  t: Test, label: string, repoSettings: Record<string, unknown> = {}, services: Partial<RepoHostServices> = {}
): Promise<{ app: FastifyInstance, host: TestHost, ctx: EditContext }> {
  const url = await freshDatabase(t, label)
  const host = createTestHost({ pool: testPool(t, url) })
  Object.assign(host.services, services)
  const app = Fastify({ logger: false })
  await app.register(wikibase,
    { siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' }, worker: { enabled: false }, host, repoSettings })
  await app.after()
  app.addHook('onRequest', async request => {
    const name = request.headers['x-test-user']
    if (typeof name === 'string') request.wikiUser = USERS[name]
  })
  const wired = await wireRepo(wikibaseInternals(app))
  registerActionApiRoutes(app, { ...wired.actionApi, routePrefix: PREFIX })
  registerRepoRoutes(app, { ...wired.restRoutes, routePrefix: PREFIX })
  await app.ready()
  t.teardown(async () => { await app.close() })
  await addSites(wikibaseInternals(app).self, ['enwiki'])
  return { app, host, ctx: { db: wikibaseInternals(app).self, host, user: USERS.admin! } }
}

/** An action API POST as `user`, with that user's csrf token unless `token` is given. */
export async function api (app: FastifyInstance, user: string, params: Record<string, string>): Promise<any> {
  const headers = { 'x-test-user': user }
  const tokens = await app.inject({ url: `${PREFIX}/w/api.php?action=query&meta=tokens&format=json`, headers })
  const token = tokens.json().query.tokens.csrftoken as string
  const response = await app.inject({
    method: 'POST', url: `${PREFIX}/w/api.php`, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ format: 'json', token, ...params }).toString()
  })
  if (response.statusCode !== 200) throw new Error(`${params.action ?? ''}: HTTP ${response.statusCode}, not 200`)
  return response.json()
}
