import t from 'tap'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Issue 23, item 7: a host type-checks against the plugin's sources with a tsconfig of its own
 * that names nothing of the plugin's: no TS7016 for `@wikimedia/language-data`, the ids
 * (`PageId` …) come with the main entry. The host is the guide's minimal host, in a folder of
 * the package (so `fastify-wikibase` resolves to it, as an installed package would).
 */
t.test('a host file type-checks with a fresh tsconfig that includes only it', async t => {
  const guide = await readFile(new URL('../../docs/host-guide.md', import.meta.url), 'utf8')
  const host = guide.match(/<!-- host-guide:minimal-host -->\s*```ts\n([\s\S]*?)```/)?.[1]
  t.ok(host, 'the guide has its minimal host')
  const dir = await mkdtemp(`${ROOT}.host-typecheck-`)
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  await writeFile(`${dir}/host.ts`, `${host!}
// The ids come with the main entry too.
import type { EntityId as MainEntityId, PageId as MainPageId, SiteGlobalId as MainSiteGlobalId } from 'fastify-wikibase'
export type Ids = [MainEntityId, MainPageId, MainSiteGlobalId]
`)
  await writeFile(`${dir}/tsconfig.json`, JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
    files: ['host.ts']
  }))
  const child = spawn(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, '-p', `${dir}/tsconfig.json`], { cwd: dir })
  let output = ''
  child.stdout.on('data', d => { output += String(d) })
  child.stderr.on('data', d => { output += String(d) })
  const code = await new Promise<number | null>(resolve => child.on('exit', resolve))
  t.equal(output, '', 'no type errors')
  t.equal(code, 0)
})
