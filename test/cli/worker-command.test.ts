import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createItems, drained, startFarm, usePages } from '../../bench/lib/farm.js'
import { loadWorkerConfig, workerWikis, WorkerFlagError } from '../../cli/worker-config.js'

const BIN = fileURLToPath(new URL('../../bin/fastify-wikibase.js', import.meta.url))
const CONFIG = fileURLToPath(new URL('./fixtures/worker-farm.config.ts', import.meta.url))

interface Worker { child: ChildProcess, metricsPort: number, exited: Promise<number | string | null> }

/** `fastify-wikibase worker …` as a child process; resolves once its wikis run. */
async function startWorker (args: string[], env: NodeJS.ProcessEnv): Promise<Worker> {
  const child = spawn(process.execPath, [BIN, 'worker', ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } })
  const exited = new Promise<number | string | null>(resolve => { child.once('exit', (code, signal) => { resolve(code ?? signal) }) })
  const metricsPort = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: { type?: string, metricsPort?: number }) => { if (message.type === 'worker-ready') resolve(message.metricsPort!) })
    void exited.then(code => { reject(new Error(`worker exited before it was ready (${String(code)})`)) })
    setTimeout(() => { reject(new Error('worker not ready within 120 s')) }, 120_000).unref()
  })
  return { child, metricsPort, exited }
}

t.test('the flags choose the wikis; a bad flag names itself', async t => {
  const farm = [{ siteId: 'repowiki', roles: ['repo' as const] }, { siteId: 'clientwiki', roles: ['client' as const], database: 'postgres://c/x' }]
  t.same(workerWikis(farm, { roles: 'repo', database: 'postgres://r/y', concurrency: '3' }, {}), [
    { siteId: 'repowiki', roles: ['repo'], database: 'postgres://r/y', worker: { enabled: true, concurrency: 3 } },
    { siteId: 'clientwiki', roles: ['client'], database: 'postgres://c/x', worker: { enabled: true, concurrency: 3 } }
  ])
  t.same(workerWikis([{ ...farm[1]!, worker: { enabled: false, pollInterval: 100 } }], { roles: 'repo', site: 'clientwiki' }, {}),
    [{ siteId: 'clientwiki', roles: ['client'], database: 'postgres://c/x', worker: { enabled: true, pollInterval: 100 } }], 'web processes\' enabled:false is overridden')
  t.same(workerWikis(null, { roles: 'repo,client', site: 'mywiki' }, { DATABASE_URL: 'postgres://e/z' }),
    [{ siteId: 'mywiki', roles: ['repo', 'client'], database: 'postgres://e/z', worker: { enabled: true } }])
  const refused: Array<[string, () => unknown, RegExp]> = [
    ['unknown site', () => workerWikis(farm, { roles: 'repo', site: 'nowiki', database: 'x' }, {}), /--site nowiki: .*repowiki, clientwiki/],
    ['concurrency 0', () => workerWikis(farm, { roles: 'repo', concurrency: '0', database: 'x' }, {}), /--concurrency/],
    ['concurrency text', () => workerWikis(farm, { roles: 'repo', concurrency: 'many', database: 'x' }, {}), /--concurrency/],
    ['bad roles', () => workerWikis(null, { roles: 'repo,repo', database: 'x' }, {}), /--roles/],
    ['no database', () => workerWikis(null, { roles: 'repo' }, {}), /no database for wiki/]
  ]
  for (const [name, call, message] of refused) t.throws(call, message, name)
  t.throws(() => workerWikis(null, { roles: 'x' }, {}), WorkerFlagError)
})

t.test('a JSON config holds one wiki or a farm; anything else is refused with the file named', async t => {
  const dir = t.testdir({})
  const write = async (name: string, text: string): Promise<string> => { await writeFile(join(dir, name), text); return join(dir, name) }
  const farm = [{ siteId: 'repowiki', roles: ['repo'] }, { siteId: 'clientwiki', roles: ['client'] }]
  t.same((await loadWorkerConfig(await write('farm.json', JSON.stringify(farm)))).wikis, farm)
  t.same((await loadWorkerConfig(await write('one.json', JSON.stringify(farm[0])))).wikis, [farm[0]])
  await t.rejects(loadWorkerConfig(await write('broken.json', '{')), /--config .*broken\.json: /)
  await t.rejects(loadWorkerConfig(await write('nosite.json', '[{"roles":["repo"]}]')), /nosite\.json: wiki 0 is not plugin options with a siteId/)
})

t.test('two worker processes and a web process (worker.enabled: false) on one farm', async t => {
  // startFarm's 'child' layout: the repo and client apps here run with the worker off, as web processes do.
  const farm = await startFarm({ label: 'workercmd', clients: 1, workers: 'child', worker: { concurrency: 2, pollInterval: 200, heartbeatInterval: 500, deadAfter: 3000 } })
  t.teardown(async () => { await farm.close() })
  const [item] = await createItems(farm, 1)
  await usePages(farm, [item!], 1, 'L.en')
  const env = { WIKIBASE_WORKER_SPEC: JSON.stringify(farm.definitions) }
  const workers = await Promise.all([0, 1].map(async () => await startWorker(['--config', CONFIG, '--concurrency', '2', '--metrics-port', '0'], env)))
  t.teardown(() => { for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL') })

  // The edit through the repo's web process (its REST route; the test host's user header).
  const edit = await farm.repo.app.inject({ method: 'PUT', url: `/w/rest.php/wikibase/v1/entities/items/${item!}/labels/en`,
    headers: { 'x-test-user': 'editor' }, payload: { label: 'edited by the web process', comment: 'worker command test' } })
  t.equal(edit.statusCode, 200, 'the web process saved the edit')
  t.ok(await drained(farm, 90_000), 'every queue drained and the change was delivered')
  const client = farm.clients[0]!
  const { rows } = await client.pool.query<{ id: string }>(
    "SELECT row->'rc_params'->'wikibase-repo-change'->>'object_id' AS id FROM host.recentchanges")
  t.ok(rows.some(r => r.id.toUpperCase() === item!.toUpperCase()), `the edit of ${item!} is in ${client.siteId}'s recentchanges`)

  const scrapes = await Promise.all(workers.map(async w => await (await fetch(`http://127.0.0.1:${w.metricsPort}/metrics`)).text()))
  for (const text of scrapes) {
    t.match(text, /wikibase_worker_queue_jobs\{site="repowiki"\} 0/, 'the repo\'s queue length')
    t.match(text, new RegExp(`wikibase_worker_queue_jobs\\{site="${client.siteId}"\\} 0`), 'the client\'s queue length')
  }
  t.match(scrapes.join('\n'), /wikibase_worker_jobs_succeeded_total\{site="repowiki",task="wikibase:dispatchChanges"\} [1-9]/, 'a worker counted the dispatch')
  t.equal((await fetch(`http://127.0.0.1:${workers[0]!.metricsPort}/other`)).status, 404)

  for (const w of workers) w.child.kill('SIGTERM')
  t.same(await Promise.all(workers.map(async w => await w.exited)), [0, 0], 'both workers exit 0 on SIGTERM')
})
