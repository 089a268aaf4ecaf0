import t from 'tap'
import { resolveOptions } from '../../../plugin/options.js'
import { isRemoteEntity } from '../../../plugin/remote/remote-entity-shape.js'
import { retryAfterSeconds } from '../../../plugin/remote/subscription-sync.js'

/** The client's remote mode (issue 19) as the options describe it: `repo: { siteId, url, token }`. */
const TOKEN = 'wbc_abcdefghijklmnopqrstuvwxyz012345'
const base = { siteId: 'remotewiki', roles: ['client'], database: 'postgres://localhost/remotewiki' }

t.test('a repo given by URL and token: remote mode, no repo database', async t => {
  const resolved = resolveOptions({ ...base, repo: { siteId: 'repo', url: 'http://127.0.0.1:8080/farm/', token: TOKEN } })
  t.strictSame(resolved.remoteRepo, { siteId: 'repo', url: 'http://127.0.0.1:8080/farm', token: TOKEN }, 'the trailing slash dropped')
  t.equal(resolved.repo, null, 'no repo endpoint')
  const farm = resolveOptions({ ...base, repo: { siteId: 'repo' } })
  t.equal(farm.remoteRepo, null, 'a repo without URL is a farm repo, as before')
  t.strictSame(farm.repo, { siteId: 'repo', database: 'postgres://localhost/remotewiki', dataSchema: 'public', queueSchema: 'wikibase_jobs' })
  t.equal(resolved.client.remoteRepoTimeout, 10_000)
  t.equal(resolved.client.remoteRepoMaxResponseBytes, 8 * 1024 * 1024)
})

t.test('remote-mode options that are wrong are refused, naming the option', async t => {
  const repo = { siteId: 'repo', url: 'https://repo.example.org/w1', token: TOKEN }
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['url without token', { ...base, repo: { siteId: 'repo', url: repo.url } }, /option "repo\.token" is required with repo\.url/],
    ['token without url', { ...base, repo: { siteId: 'repo', token: TOKEN } }, /option "repo\.url" is required with repo\.token/],
    ['url and database', { ...base, repo: { ...repo, database: 'postgres://elsewhere/repo' } }, /option "repo\.database" cannot be given together with repo\.url/],
    ['url and schema', { ...base, repo: { ...repo, schema: { data: 'repo' } } }, /option "repo\.schema" cannot be given together with repo\.url/],
    ['a wiki that is a repo itself', { ...base, roles: ['repo', 'client'], repo }, /option "repo\.url" cannot be given to a wiki that is a repo itself/],
    ['its own site id', { ...base, repo: { ...repo, siteId: 'remotewiki' } }, /option "repo\.siteId" must differ/],
    ['not http', { ...base, repo: { ...repo, url: 'ftp://repo.example.org/' } }, /option "repo\.url"/],
    ['relative', { ...base, repo: { ...repo, url: '/w1' } }, /option "repo\.url"/],
    ['with a query', { ...base, repo: { ...repo, url: 'https://repo.example.org/w1?x=1' } }, /option "repo\.url" must be an http\(s\) base URL without query/],
    ['with credentials', { ...base, repo: { ...repo, url: 'https://user:pw@repo.example.org/' } }, /option "repo\.url" must be an http\(s\) base URL/],
    ['with whitespace', { ...base, repo: { ...repo, url: 'https://repo.example.org/a b' } }, /option "repo\.url"/],
    ['token too short', { ...base, repo: { ...repo, token: 'short' } }, /option "repo\.token"/],
    ['token with a header break', { ...base, repo: { ...repo, token: `${TOKEN}\r\nX-Injected: 1` } }, /option "repo\.token"/],
    ['a farm client given a URL', { ...base, roles: ['repo'], clients: [{ siteId: 'dewiki', url: 'https://de.example.org' }] }, /option "clients\.0\.url" only a client's repo/],
    ['a repo-only wiki given a repo URL', { ...base, roles: ['repo'], repo }, /option "repo\.url" is only for a client wiki/],
    ['timeout below 100 ms', { ...base, repo, client: { remoteRepoTimeout: 10 } }, /option "client\.remoteRepoTimeout" must be >= 100/],
    ['response limit below 1 KiB', { ...base, repo, client: { remoteRepoMaxResponseBytes: 10 } }, /option "client\.remoteRepoMaxResponseBytes" must be >= 1024/]
  ]
  for (const [name, options, message] of cases) {
    t.throws(() => resolveOptions(options), { name: 'InvalidOptionError', message }, name)
  }
})

t.test('what counts as an entity in a remote repo\'s answer', async t => {
  const item = { type: 'item', id: 'Q1', labels: { en: { language: 'en', value: 'x' } }, descriptions: [], aliases: { en: [{ language: 'en', value: 'y' }] }, claims: {}, sitelinks: {} }
  const statement = { mainsnak: { snaktype: 'value', property: 'P1', datavalue: { type: 'string', value: 'v' } }, type: 'statement', rank: 'normal' }
  const cases: Array<[string, unknown, boolean]> = [
    ['an item', item, true],
    ['with a statement', { ...item, claims: { P1: [statement] } }, true],
    ['with qualifiers and references', { ...item, claims: { P1: [{ ...statement, qualifiers: { P2: [statement.mainsnak] }, references: [{ snaks: { P3: [statement.mainsnak] } }] }] } }, true],
    ['another id', { ...item, id: 'Q2' }, false],
    ['no type', { ...item, type: undefined }, false],
    ['labels a string', { ...item, labels: 'x' }, false],
    ['a label without value', { ...item, labels: { en: { language: 'en' } } }, false],
    ['aliases not lists', { ...item, aliases: { en: { language: 'en', value: 'y' } } }, false],
    ['a statement without main snak', { ...item, claims: { P1: [{ rank: 'normal' }] } }, false],
    ['a datavalue without type', { ...item, claims: { P1: [{ mainsnak: { ...statement.mainsnak, datavalue: { value: 1 } } }] } }, false],
    ['references not a list', { ...item, claims: { P1: [{ ...statement, references: {} }] } }, false],
    ['a sitelink without title', { ...item, sitelinks: { enwiki: { site: 'enwiki' } } }, false],
    ['badges not strings', { ...item, sitelinks: { enwiki: { site: 'enwiki', title: 'T', badges: [1] } } }, false],
    ['lastrevid a string', { ...item, lastrevid: '5' }, false],
    ['null', null, false],
    ['a list', [item], false]
  ]
  for (const [name, value, expected] of cases) t.equal(isRemoteEntity(value, 'Q1'), expected, name)
})

t.test('retry-after of a rate-limited subscription update', async t => {
  const cases: Array<[string | null, number]> = [[null, 1], ['0', 1], ['7', 7], ['999999', 3600], ['soon', 1], [' 12 ', 12]]
  for (const [header, seconds] of cases) t.equal(retryAfterSeconds(header), seconds, String(header))
})
