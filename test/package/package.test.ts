import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { freshDatabase } from '../support/test-database.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)
const LOCK = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> }
const FASTIFY = LOCK.packages['node_modules/fastify']!.version

/**
 * Issue 20: the package as a user gets it. `npm pack` (prepack builds dist/), the tarball
 * installed into a scratch project outside the repository (no TypeScript, no tsx there), and
 * used the ways the README says: a plain JavaScript server, a TypeScript host against the
 * published .d.ts, the CLI. Installs use the lockfile's versions from npm's cache.
 */
// Packing builds the package (tsc) and the install fetches from npm's cache: minutes on a busy machine.
t.setTimeout(1_500_000)
const scratch = await mkdtemp(join(tmpdir(), 'fastify-wikibase-package-'))
t.teardown(async () => { await rm(scratch, { recursive: true, force: true }) })
const inScratch = async (file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string, stderr: string }> =>
  await run(file, args, { cwd: scratch, env: { ...process.env, ...env }, timeout: 840_000, maxBuffer: 16 * 1024 * 1024 })

t.before(async () => {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: ROOT, timeout: 840_000, maxBuffer: 16 * 1024 * 1024 })
  const filename = (JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string }>)[0]!.filename
  await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }))
  await inScratch('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${filename}`, `fastify@${FASTIFY}`])
})

t.test('the tarball ships the build, migrations and docs, no sources or tests', async t => {
  const manifest = JSON.parse(await readFile(join(scratch, 'node_modules/fastify-wikibase/package.json'), 'utf8')) as { dependencies: Record<string, string> }
  t.notOk('tsx' in manifest.dependencies, 'tsx is no runtime dependency')
  const { stdout } = await inScratch('find', ['node_modules/fastify-wikibase', '-maxdepth', '1'])
  t.same(stdout.trim().split('\n').map(p => p.replace('node_modules/fastify-wikibase', '')).filter(p => p !== '').sort(),
    ['/CHANGELOG.md', '/LICENSE', '/README.md', '/bin', '/dist', '/migrations', '/package.json'])
  await t.resolves(inScratch('test', ['!', '-e', 'node_modules/typescript']), 'no TypeScript in the scratch project')
  const { stdout: keys } = await inScratch(process.execPath, ['-e', "import('fastify-wikibase').then(m => console.log(Object.keys(m).sort().join(',')))"])
  t.match(keys, /InvalidOptionError/)
  t.match(keys, /createWikiHost/)
  t.match(keys, /parseEntityId/)
  const { stdout: hooks } = await inScratch(process.execPath, ['-e', "import('fastify-wikibase/hooks').then(m => console.log(typeof m.createWikiHost))"])
  t.equal(hooks.trim(), 'function')
})

t.test('a plain JavaScript Fastify server registers the plugin as repo + client and serves an entity', async t => {
  const database = await freshDatabase(t, 'package')
  await writeFile(join(scratch, 'server.mjs'), `
import Fastify from 'fastify'
import wikibase, { InvalidOptionError } from 'fastify-wikibase'
const app = Fastify()
try {
  await app.register(wikibase, { siteId: 'pkgwiki', roles: ['repo', 'client'], database: process.env.DATABASE_URL, worker: { concurrency: 'many' } })
  await app.ready()
} catch (error) { console.log('options:', error instanceof InvalidOptionError, error.code) }
const ok = Fastify()
await ok.register(wikibase, { siteId: 'pkgwiki', roles: ['repo', 'client'], database: process.env.DATABASE_URL, worker: { enabled: false } })
await ok.ready()
console.log('facade:', Object.isFrozen(ok.wikibase), ok.wikibase.siteId, ok.wikibase.roles.join('+'), 'pool' in ok.wikibase)
if (process.argv[2] === 'serve') {
  const res = await ok.inject({ url: '/w/rest.php/wikibase/v1/entities/items/Q1' })
  console.log('entity:', res.statusCode, res.json().labels?.en)
}
await ok.close()
`)
  const first = await inScratch(process.execPath, ['server.mjs'], { DATABASE_URL: database })
  t.match(first.stdout, 'options: true invalid-option', 'InvalidOptionError with its code')
  t.match(first.stdout, 'facade: true pkgwiki repo+client false', 'a frozen facade without pools')
  await writeFile(join(scratch, 'Q1.json'), JSON.stringify({ type: 'item', id: 'Q1', labels: { en: { language: 'en', value: 'Package test' } } }))
  await inScratch('npx', ['fastify-wikibase', 'entities', 'import', 'Q1.json', '--database', database, '--site-id', 'pkgwiki'])
  const served = await inScratch(process.execPath, ['server.mjs', 'serve'], { DATABASE_URL: database })
  t.match(served.stdout, 'entity: 200 Package test')
})

t.test('npx fastify-wikibase --help and sites import run from the package', async t => {
  const { stdout } = await inScratch('npx', ['fastify-wikibase', '--help'])
  t.match(stdout, 'Usage: fastify-wikibase')
  const { stdout: worker } = await inScratch('npx', ['fastify-wikibase', 'worker', '--help'])
  t.match(worker, '--metrics-port', 'the worker command loads from dist')
  const database = await freshDatabase(t, 'packagecli')
  // The wiki has run once (the plugin migrated its database): the CLI maintains wikis, it does not create them.
  await inScratch(process.execPath, ['server.mjs'], { DATABASE_URL: database })
  const out = await inScratch('npx', ['fastify-wikibase', 'sites', 'import', join(ROOT, 'test/fixtures/sites/mediawiki-SiteImporterTest.xml'), '--no-progress', '--database', database])
  t.match(out.stdout + out.stderr, /\d+/, 'the import reports what it did')
})

t.test('a TypeScript host type-checks against the published .d.ts; a misuse does not', async t => {
  const dir = join(scratch, 'ts')
  await mkdir(dir, { recursive: true })
  const guide = await readFile(join(ROOT, 'docs/host-guide.md'), 'utf8')
  const host = guide.match(/<!-- host-guide:minimal-host -->\s*```ts\n([\s\S]*?)```/)?.[1]
  t.ok(host, 'the guide has its minimal host')
  await writeFile(join(dir, 'host.ts'), `${host!}
// Aliased: the guide's host may import some of these itself.
import type { EntityId as PkgEntityId, PageId as PkgPageId, SiteGlobalId as PkgSiteGlobalId, WikibaseFacade as PkgFacade } from 'fastify-wikibase'
export type Ids = [PkgEntityId, PkgPageId, PkgSiteGlobalId, PkgFacade['siteId']]
`)
  await writeFile(join(dir, 'misuse.ts'), `import Fastify from 'fastify'
import wikibase from 'fastify-wikibase'
const app = Fastify()
await app.register(wikibase, { siteId: 'x', roles: ['repo'] })
// The facade hands out no pool.
export const pool = app.wikibase.self.pool
`)
  const tsconfig = (files: string[]): string => JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] },
    files
  })
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc')
  await writeFile(join(dir, 'tsconfig.json'), tsconfig(['host.ts']))
  await writeFile(join(dir, 'tsconfig.misuse.json'), tsconfig(['misuse.ts']))
  const good = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir }).then(r => ({ code: 0, out: r.stdout }), (e: { code: number, stdout: string }) => ({ code: e.code, out: e.stdout }))
  t.same(good, { code: 0, out: '' }, 'the guide\'s host compiles')
  const bad = await run(process.execPath, [tsc, '-p', 'tsconfig.misuse.json'], { cwd: dir }).then(r => ({ code: 0, out: r.stdout }), (e: { code: number, stdout: string }) => ({ code: e.code, out: e.stdout }))
  t.not(bad.code, 0, 'tsc fails')
  t.match(bad.out, "error TS2339: Property 'self' does not exist on type 'WikibaseFacade'")
})

t.test('publint and arethetypeswrong find nothing wrong with the tarball', async t => {
  const { stdout } = await inScratch('ls', [])
  const tarball = join(scratch, stdout.split('\n').find(f => f.endsWith('.tgz'))!)
  await t.resolves(run(join(ROOT, 'node_modules/.bin/publint'), ['run', '--strict', join(scratch, 'node_modules/fastify-wikibase')], { cwd: ROOT }), 'publint')
  await t.resolves(run(join(ROOT, 'node_modules/.bin/attw'), [tarball, '--profile', 'esm-only'], { cwd: ROOT }), 'attw: node16 (ESM) and bundler')
})
