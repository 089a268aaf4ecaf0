/**
 * The repo of the cross-process tests (remote-processes.ts) as a process of its own: the
 * example engine with the plugin as repo (and client of itself, as the example's repowiki),
 * its own database, the fixture entities, its first sysop, and the remote clients of
 * REMOTE_TEST_REPO (JSON, {@link RepoProcessSpec}) registered with their tokens. Answers over
 * IPC `{ type: 'ready', url, tokens }` once it listens, or `{ type: 'failed', message }`;
 * SIGTERM closes it, SIGKILL is the crash. Every step is idempotent: a restart on the same
 * database finds everything done and the same tokens.
 */
import { ensureFirstSysop } from '../../example-wiki/engine/first-sysop.js'
import { ensureRemoteClient } from '../../example-wiki/remote-client-registration.js'
import { farmSites, seedEntities, seedEntityPages, seedRepoPages, seedSites, type FarmWiki } from '../../example-wiki/seed/seed.js'
import { buildWikiApp, type WikiApp } from '../../example-wiki/wiki-app.js'
import { runWikiChild, sendToParent } from '../../example-wiki/wiki-child-process.js'

export interface RepoProcessSpec {
  siteId: string
  database: string
  host: string
  port: number
  adminPassword: string
  /** Remote clients to register: their base URL (with a trailing slash) is their push URL without it. */
  remoteClients: FarmWiki[]
  logLevel: string
  pollInterval: number
}

async function start (spec: RepoProcessSpec): Promise<WikiApp> {
  const url = `http://${spec.host}:${spec.port}/`
  const wikis: FarmWiki[] = [{ siteId: spec.siteId, language: 'en', url }, ...spec.remoteClients]
  const built = await buildWikiApp({
    siteId: spec.siteId,
    language: 'en',
    roles: ['repo', 'client'],
    database: spec.database,
    clients: [],
    repoId: spec.siteId,
    farm: () => wikis.map(w => ({ siteId: w.siteId, url: w.url })),
    logger: { level: spec.logLevel },
    pollInterval: spec.pollInterval
  })
  try {
    await ensureFirstSysop([built.wiki.db], spec.adminPassword)
    await built.app.listen({ port: spec.port, host: spec.host })
    await seedSites(built, farmSites(wikis))
    await seedEntities(built)
    await seedEntityPages(built)
    await seedRepoPages(built)
    const tokens: Record<string, string> = {}
    for (const client of spec.remoteClients) tokens[client.siteId] = await ensureRemoteClient(built, client.siteId, client.url.replace(/\/$/, ''))
    sendToParent({ type: 'ready', url, tokens })
    return built
  } catch (error) {
    await built.app.close()
    throw error
  }
}

await runWikiChild(async () => await start(JSON.parse(process.env.REMOTE_TEST_REPO ?? 'null') as RepoProcessSpec))
