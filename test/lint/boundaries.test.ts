// The import-boundary rules (.dependency-cruiser.cjs) fail on deliberate violations and pass a tree
// that keeps the layers: two small fixture trees laid out like the repository (test/lint/fixtures/).
import t from 'tap'
import { resolve } from 'node:path'
import { spawn } from 'node:child_process'
import { cruiseWithProjectRules, repositoryRoot, violationsOf } from '../../scripts/dependency-graph.js'

const fixture = (name: string): string => resolve(repositoryRoot, 'test/lint/fixtures', name)
const FOLDERS = ['plugin', 'hooks', 'jobs', 'example-wiki', 'test']
// An npm package resolves to a path through the repository's node_modules; name it by the package.
const readable = (line: string): string => line.replace(/(?:\.\.\/)*node_modules\/((?:@[^/]+\/)?[^/]+)\/\S*/, 'npm:$1')

t.test('every rule fails on its deliberate violation, with its name, and nothing else fails', async t => {
  const result = await cruiseWithProjectRules(fixture('violations'), FOLDERS)
  t.strictSame(violationsOf(result).map(readable), [
    'changes-are-pure: plugin/changes/entity-change.ts → npm:pg',
    'changes-are-pure: plugin/changes/php-json.ts → fs',
    'changes-import-only-changes-and-ids: plugin/changes/site-aware.ts → plugin/sites/site.ts',
    'client-not-to-repo: plugin/client/usage-updater.ts → plugin/repo/entity-store.ts',
    'example-wiki-uses-public-entries: example-wiki/wiki-app.ts → plugin/sites/site.ts',
    'hooks-import-no-plugin: hooks/contract.ts → plugin/repo/dispatch/dispatch-routes.ts',
    'no-circular-in-plugin: plugin/http/json-depth.ts → plugin/http/request-guard.ts',
    'no-test-code-in-production: plugin/db/pool-set.ts → test/support/test-host.ts',
    'not-to-unresolvable: plugin/db/pool-set.ts → ./no-such-module.js',
    'only-top-imports-wiring: jobs/dispatch-changes.ts → plugin/index.ts',
    'production-not-to-dev-dep: plugin/http/storable-strings.ts → npm:tap',
    'queue-imports-no-domain: plugin/queue/task-list.ts → plugin/repo/entity-store.ts',
    'repo-not-to-client: plugin/repo/entity-output.ts → plugin/client/language-fallback.ts',
    'roles-import-no-jobs: plugin/client/change-handler.ts → jobs/dispatch-changes.ts',
    'runtime-only-in-wiring: plugin/repo/dispatch/dispatch-routes.ts → plugin/runtime.ts',
    'shared-imports-no-role-or-job: plugin/queue/task-list.ts → plugin/repo/entity-store.ts',
    'shared-imports-no-role-or-job: plugin/sites/site.ts → plugin/repo/entity-store.ts'
  ])
  // `npm run lint` fails the build on errors; the example wiki's reach past the entries only warns.
  t.equal(result.summary.error, 16)
  t.equal(result.summary.warn, 1)
})

t.test('a tree in the target layout that keeps every boundary passes', async t => {
  const result = await cruiseWithProjectRules(fixture('clean'), FOLDERS)
  t.strictSame(violationsOf(result), [])
  // The fixture is really cruised: every module of it, and the imports between the layers resolve.
  t.equal(result.summary.totalCruised, 26)
  const plugin = result.modules.find(module => module.source === 'plugin/index.ts')
  t.strictSame(plugin?.dependencies.map(dependency => dependency.resolved).sort(), ['jobs/dispatch-changes.ts', 'plugin/hook-table.ts', 'plugin/runtime.ts'])
})

/** The depcruise command as `npm run lint` runs it, on a fixture tree: its exit code and output. */
async function depcruise (tree: string): Promise<{ code: number | null, output: string }> {
  const bin = resolve(repositoryRoot, 'node_modules/.bin/depcruise')
  const args = [...FOLDERS, '--config', resolve(repositoryRoot, '.dependency-cruiser.cjs'),
    '--ts-config', resolve(repositoryRoot, 'tsconfig.json'), '--output-type', 'err']
  const child = spawn(bin, args, { cwd: fixture(tree) })
  let output = ''
  child.stdout.on('data', chunk => { output += String(chunk) })
  child.stderr.on('data', chunk => { output += String(chunk) })
  const code = await new Promise<number | null>(resolve => child.on('exit', resolve))
  return { code, output }
}

t.test('the depcruise command of npm run lint exits non-zero on the violations and zero on the clean tree', async t => {
  const broken = await depcruise('violations')
  t.not(broken.code, 0, broken.output)
  t.match(broken.output, /error queue-imports-no-domain: plugin\/queue\/task-list\.ts → plugin\/repo\/entity-store\.ts/)
  t.match(broken.output, /16 errors, 1 warnings/)
  const clean = await depcruise('clean')
  t.equal(clean.code, 0, clean.output)
  t.match(clean.output, /no dependency violations found/)
})
