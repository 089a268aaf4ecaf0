import t from 'tap'
import { readFile, rm, writeFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { freshDatabase } from './support/test-database.js'
import { conformanceSubtests } from './support/conformance-subtests.js'
import type { HostConformanceAdapter } from '../testing/index.js'

/** The guide's minimal host, as written in docs/host-guide.md (its one `minimal-host` code block). */
async function minimalHostSource (): Promise<string> {
  const guide = await readFile(new URL('../docs/host-guide.md', import.meta.url), 'utf8')
  const match = guide.match(/<!-- host-guide:minimal-host -->\s*```ts\n([\s\S]*?)```/)
  if (match === null) throw new Error('docs/host-guide.md has no minimal-host code block')
  return match[1]!
}

t.test('the host guide\'s minimal host is under 300 lines and passes the conformance kit', async t => {
  const source = await minimalHostSource()
  t.ok(source.split('\n').length <= 300, `${source.split('\n').length} lines`)
  // In the package's root, so that `fastify-wikibase`, `/hooks` and `/testing` resolve as for a host (package self-reference).
  const file = new URL('../.host-guide-minimal.snippet.ts', import.meta.url)
  await writeFile(file, source)
  t.teardown(async () => { await rm(file, { force: true }) })
  const { startMinimalWiki } = await import(file.href) as { startMinimalWiki: (url: string) => Promise<{ app: FastifyInstance, adapter: HostConformanceAdapter }> }
  const { app, adapter } = await startMinimalWiki(await freshDatabase(t, 'hostguide'))
  t.teardown(async () => { await app.close() })
  // The minimal host leaves out the optional page services of the action API (action=parse, action=edit).
  await conformanceSubtests(t, { app, adapter }, ['parsePage (optional)', 'editPage (optional)', 'purgeCacheTags (optional)'])
})
