/**
 * remotewiki's process: one client wiki of the example engine whose plugin reaches its repo
 * over HTTP only (issue 19's remote mode). Started by remote-process.ts — by `npm run example`
 * (server.ts) and by the cross-process tests (test/support/remote-processes.ts) — with
 * EXAMPLE_REMOTE_WIKI (JSON, {@link RemoteWikiSpec}: its own database, its port, the repo's
 * URL, the farm's wikis for sites and links) and EXAMPLE_REMOTE_TOKEN (its credential, apart
 * so the spec can be logged). It is given no connection string of the repo's database.
 * Answers over IPC `{ type: 'ready', url, createdSysop }` once it listens, or
 * `{ type: 'failed', message }`; SIGTERM/SIGINT close it (jobs finish), SIGKILL is the crash.
 */
import { ensureFirstSysop } from './engine/first-sysop.js'
import { refreshAllPages } from './farm.js'
import type { RemoteWikiSpec } from './remote-process.js'
import { farmSites, seedClientPages, seedSites } from './seed/seed.js'
import { buildWikiApp, type WikiApp } from './wiki-app.js'
import { runWikiChild, sendToParent } from './wiki-child-process.js'

async function start (spec: RemoteWikiSpec, token: string): Promise<WikiApp> {
  const built = await buildWikiApp({
    siteId: spec.siteId,
    language: spec.language,
    roles: ['client'],
    database: spec.database,
    repo: { siteId: spec.repo.siteId, url: spec.repo.url, token },
    repoId: spec.repo.siteId,
    farm: () => spec.farm.map(w => ({ siteId: w.siteId, url: w.url })),
    logger: { level: spec.logLevel },
    pollInterval: spec.pollInterval
  })
  try {
    const createdSysop = await ensureFirstSysop([built.wiki.db], spec.adminPassword)
    await built.app.listen({ port: spec.port, host: spec.host })
    if (spec.seed !== false) {
      const sitesChanged = await seedSites(built, farmSites(spec.farm))
      await seedClientPages(built)
      if (sitesChanged) await refreshAllPages(built.wiki)
    }
    sendToParent({ type: 'ready', url: `http://${spec.host}:${spec.port}/`, createdSysop })
    return built
  } catch (error) {
    await built.app.close()
    throw error
  }
}

await runWikiChild(async () => {
  const token = process.env.EXAMPLE_REMOTE_TOKEN ?? ''
  if (token === '') throw new Error('EXAMPLE_REMOTE_TOKEN is not set')
  return await start(JSON.parse(process.env.EXAMPLE_REMOTE_WIKI ?? 'null') as RemoteWikiSpec, token)
})
