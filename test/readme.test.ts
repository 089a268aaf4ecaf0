import t from 'tap'
import { readFile, writeFile, rm } from 'node:fs/promises'
import { spawn } from 'node:child_process'
import { freshDatabase, testPool } from './support/test-database.js'

async function snippet (name: string): Promise<string> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
  const match = readme.match(new RegExp(`<!-- readme-snippet:${name} -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``))
  if (match === null) throw new Error(`README has no snippet ${name}`)
  return match[1]!
}

async function runTs (file: string, env: Record<string, string>): Promise<{ code: number | null, output: string }> {
  const child = spawn('npx', ['tsx', file], { env: { ...process.env, ...env }, cwd: new URL('..', import.meta.url) })
  let output = ''
  child.stdout.on('data', d => { output += String(d) })
  child.stderr.on('data', d => { output += String(d) })
  const code = await new Promise<number | null>(resolve => child.on('exit', resolve))
  return { code, output }
}

t.test('the README\'s "register the plugin" snippet runs as written', async t => {
  const url = await freshDatabase(t, 'readme')
  const file = new URL('../.readme-register.snippet.ts', import.meta.url)
  await writeFile(file, await snippet('register'))
  t.teardown(async () => { await rm(file, { force: true }) })
  const { code, output } = await runTs(file.pathname, { DATABASE_URL: url })
  t.equal(code, 0, output)
  t.match(output, /"clients":\["enwiki"\].*wikibase ready/)
  const { rows } = await testPool(t, url).query<{ n: number }>(
    "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'enwiki' AND table_name IN ('wb_changes', 'wbc_entity_usage', 'sites')")
  t.equal(rows[0]!.n, 3, 'it created the repo, client and shared tables')
  const sites = await testPool(t, url).query("SELECT site_global_key AS id, site_group AS g, site_language AS l, site_data->'paths' AS paths FROM enwiki.sites")
  t.same(sites.rows, [{ id: 'enwiki', g: 'wikipedia', l: 'en', paths: { page_path: 'https://en.example.org/wiki/$1' } }], 'the wiki registered itself as a site')
})
