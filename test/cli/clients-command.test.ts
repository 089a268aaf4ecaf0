import t from 'tap'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { freshDatabase } from '../support/test-database.js'
import { listeningRepo } from '../plugin/repo/change-feed/feed-support.js'
import { remotePaths } from '../../plugin/remote/remote-wire.js'
import { clientsTable } from '../../cli/clients-command.js'

/**
 * `fastify-wikibase clients add|list|remove` (issue 19, H2), run as a process against a
 * repo's database, and what its token does on the repo's routes over HTTP.
 */
const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

async function cli (args: string[], database: string): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run('./bin/fastify-wikibase.js', [...args, '--database', database, '--schema', 'repo', '--queue-schema', 'repo_jobs'], { cwd: ROOT })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number, stdout: string, stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

t.test('add prints the token once; list shows no secret; renew replaces the token; remove revokes; --purge deletes', async t => {
  const url = await freshDatabase(t, 'clientscli')
  const { base } = await listeningRepo(t, url)
  const subscriptions = async (site: string, token: string): Promise<number> =>
    (await fetch(`${base}${remotePaths.subscriptions(site)}`, { headers: { authorization: `Bearer ${token}` } })).status

  const added = await cli(['clients', 'add', 'remotewiki', '--url', 'http://127.0.0.1:8081/'], url)
  t.equal(added.code, 0, added.stderr)
  const lines = added.stdout.trimEnd().split('\n')
  t.equal(lines.length, 3)
  t.equal(lines[0], 'registered remote client remotewiki: changes are pushed to http://127.0.0.1:8081')
  let token = /^token: (wbc_[A-Za-z0-9_-]{43})$/.exec(lines[1]!)?.[1]
  t.ok(token, lines[1] ?? '')
  t.equal(lines[2], 'This token cannot be shown again: configure the client wiki with it now (its `repo.token` option).')
  t.equal(await subscriptions('remotewiki', token!), 200, 'the printed token authenticates the client')

  const refused = await cli(['clients', 'add', 'remotewiki', '--url', 'http://127.0.0.1:8081'], url)
  t.strictSame([refused.code, refused.stderr], [1, 'fastify-wikibase: remote client remotewiki is already registered (remove it with --purge first to register it again)\n'])
  const badUrl = await cli(['clients', 'add', 'otherwiki', '--url', 'https://user:pw@x.org'], url)
  t.equal(badUrl.code, 1)
  t.match(badUrl.stderr, /--url "https:\/\/user:pw@x.org" holds credentials/)
  t.equal((await cli(['clients', 'add', 'otherwiki'], url)).code, 1, '--url is required')

  const listed = await cli(['clients', 'list'], url)
  t.equal(listed.code, 0)
  t.notOk(listed.stdout.includes(token!.slice(4)), 'the list does not show the token')
  const [header, row] = listed.stdout.trimEnd().split('\n')
  t.match(header, /^site\s+url\s+created\s+revoked$/)
  t.match(row, /^remotewiki\s+http:\/\/127\.0\.0\.1:8081\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+-$/)

  const renewed = await cli(['clients', 'renew', 'remotewiki'], url)
  t.equal(renewed.code, 0, renewed.stderr)
  const renewedLines = renewed.stdout.trimEnd().split('\n')
  t.equal(renewedLines[0], 'renewed remote client remotewiki: the old token is refused from now on; changes are pushed to http://127.0.0.1:8081')
  const oldToken = token!
  token = /^token: (wbc_[A-Za-z0-9_-]{43})$/.exec(renewedLines[1]!)?.[1]
  t.not(token, oldToken)
  t.equal(renewedLines[2], lines[2], 'printed this once, as by add')
  t.equal(await subscriptions('remotewiki', oldToken), 401, 'the old token is refused at once')
  t.equal(await subscriptions('remotewiki', token!), 200, 'the new one authenticates the client')
  t.strictSame([(await cli(['clients', 'renew', 'nowiki'], url)).code], [1], 'renewing an unknown client fails')

  const removed = await cli(['clients', 'remove', 'remotewiki'], url)
  t.equal(removed.code, 0)
  t.match(removed.stdout, /^revoked remote client remotewiki \(since .*\): its token is refused from now on/)
  t.equal(await subscriptions('remotewiki', token!), 403, 'a revoked token is refused')
  t.match((await cli(['clients', 'list'], url)).stdout, /remotewiki\s+http:\/\/127\.0\.0\.1:8081\s+\S+Z\s+\S+Z\n$/, 'the list shows the revocation')

  const purged = await cli(['clients', 'remove', 'remotewiki', '--purge'], url)
  t.equal(purged.stdout, 'purged remote client remotewiki: 0 subscriptions, 0 pending deliveries, 0 usage counts\n')
  t.equal(await subscriptions('remotewiki', token!), 401, 'a purged client\'s token is unknown')
  t.equal((await cli(['clients', 'list'], url)).stdout, 'no remote clients\n')
  const missing = await cli(['clients', 'remove', 'remotewiki'], url)
  t.strictSame([missing.code, missing.stderr], [1, 'fastify-wikibase: there is no remote client remotewiki\n'])
})

t.test('clientsTable pads its columns', async t => {
  const created = new Date('2026-12-04T10:00:00Z')
  t.strictSame(clientsTable([
    { siteId: 'a' as never, pushUrl: 'http://a.example.org', created, revoked: null },
    { siteId: 'remotewiki' as never, pushUrl: 'http://r', created, revoked: created }
  ]), [
    'site        url                   created                   revoked',
    'a           http://a.example.org  2026-12-04T10:00:00.000Z  -',
    'remotewiki  http://r              2026-12-04T10:00:00.000Z  2026-12-04T10:00:00.000Z'
  ])
})

t.test('clients --help and each command\'s --help', async t => {
  const help = async (...args: string[]): Promise<string> => (await run('./bin/fastify-wikibase.js', [...args, '--help'], { cwd: ROOT })).stdout
  t.match(await help('clients'), /add \[options\] <siteId>[\s\S]*list \[options\][\s\S]*renew \[options\] <siteId>[\s\S]*remove \[options\] <siteId>/)
  t.match(await help('clients', 'add'), /--url <url>/)
  t.match(await help('clients', 'remove'), /--purge/)
  t.match(await help('clients', 'renew'), /--url <url>/)
})
