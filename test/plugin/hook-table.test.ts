import t from 'tap'
import type { WikiHost } from '../../hooks/contract.js'
import { HOOK_TABLE, registerHostHooks, type RoleServices } from '../../plugin/hook-table.js'

/** A host whose hook bus records which hooks got a handler, in order. */
function recordingHost (): { host: WikiHost, registered: string[] } {
  const registered: string[] = []
  const host = { hooks: { hook: (name: string, fn: unknown) => { if (typeof fn === 'function') registered.push(name) } } } as unknown as WikiHost
  return { host, registered }
}

// The handlers only close over their deps when made; these stand in for the roles' services.
function clientServices (allowDataTransclusion: boolean): RoleServices['client'] {
  return { settings: { allowDataTransclusion } } as unknown as RoleServices['client']
}
const repoServices: RoleServices['repo'] = {}

t.test('one table: every host hook the plugin handles, once, with its role', async t => {
  t.strictSame(HOOK_TABLE.map(entry => `${entry.role}:${entry.hook}`), [
    'client:ParserFirstCallInit', 'client:ContentAlterParserOutput', 'client:LinksUpdateComplete', 'client:ParserCacheSaveComplete', 'client:PageDeleteComplete', 'client:PageMoveComplete'
  ], 'the repo handles no host hook: an entity edit\'s change is saved from recordEntityEdit\'s answer')
})

const cases: Array<{ name: string, services: Parameters<typeof registerHostHooks>[1], expected: string[] }> = [
  {
    name: 'a client',
    services: { client: clientServices(true), repo: null },
    expected: ['ParserFirstCallInit', 'ContentAlterParserOutput', 'LinksUpdateComplete', 'ParserCacheSaveComplete', 'PageDeleteComplete', 'PageMoveComplete']
  },
  {
    // {{SHORTDESC}}, {{noexternallanglinks}}, {{wbreponame}} and __EXPECTED_UNCONNECTED_PAGE__ are
    // registered whatever allowDataTransclusion says (only #property and #statements depend on it).
    name: 'a client without data transclusion: still the client\'s other parser functions',
    services: { client: clientServices(false), repo: null },
    expected: ['ParserFirstCallInit', 'ContentAlterParserOutput', 'LinksUpdateComplete', 'ParserCacheSaveComplete', 'PageDeleteComplete', 'PageMoveComplete']
  },
  { name: 'a repo', services: { client: null, repo: repoServices }, expected: [] },
  {
    name: 'a repo that is its own client',
    services: { client: clientServices(true), repo: repoServices },
    expected: ['ParserFirstCallInit', 'ContentAlterParserOutput', 'LinksUpdateComplete', 'ParserCacheSaveComplete', 'PageDeleteComplete', 'PageMoveComplete']
  }
]

for (const { name, services, expected } of cases) {
  t.test(`registerHostHooks for ${name}`, async t => {
    const { host, registered } = recordingHost()
    registerHostHooks(host, services)
    t.strictSame(registered, expected)
  })
}
