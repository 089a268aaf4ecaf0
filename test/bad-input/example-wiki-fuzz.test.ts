import t from 'tap'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { freshDatabase } from '../support/test-database.js'
import { CLIENT_IDS, REPO_ID, startFarm } from '../../example-wiki/farm.js'
import { USER_HEADER, TOKEN_HEADER, USER_TOKEN } from '../../example-wiki/web/plugin-api.js'

/**
 * The example wiki's own routes, fuzzed (seeded): page views, edit forms, previews, saves,
 * history, purge/delete/move, every special page (GET and POST, with hostile subpages,
 * queries and forms — new special pages such as login are picked up from the wiki itself),
 * hostile cookies. And stored-then-read across the farm: hostile values stored in the repo
 * through REST and the action API are read on the repo's item pages and rendered on a client
 * page through {{#property}} / {{#statements}}. Never a 5xx, never a hang; a 4xx (400, 403
 * for a form without a valid CSRF token, 404) is a fine answer.
 */
const SEED = Number(process.env.FUZZ_SEED ?? '20261202')
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? '150')
const DEADLINE_MS = 15_000

function prng (seed: number): () => number {
  let s = seed >>> 0
  return () => { s = (s + 0x6D2B79F5) >>> 0; let x = s; x = Math.imul(x ^ (x >>> 15), x | 1); x ^= x + Math.imul(x ^ (x >>> 7), x | 61); return ((x ^ (x >>> 14)) >>> 0) / 4294967296 }
}

const TITLES = [
  'Main_Page', 'Foo%0d%0aBar', 'Foo%0aBar', '%00', '%ff%fe', '%E2%80%AE', 'A'.repeat(300), '..%2F..%2Fetc%2Fpasswd', '%3Cscript%3E', '%5B%5Bx%5D%5D',
  'Template:%7B%7B', 'Talk:', '%3A', '_', 'Item:Q%D9%A4%D9%A2', `Item:Q${'9'.repeat(25)}`, 'Item:Q0', 'Property:P%00', 'Property:P1', 'Item:Q1',
  'Special:EntityData%2FQ1', 'Special:Nope', 'Special:', 'Special:%00', '%25', '%C0%AF', 'Main_Page%09x', 'Main_Page%7F'
]
const VALUES = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udc00x', '<script>alert(1)</script>', "'; DROP TABLE page; --", '%00', '{{', '{{{1}}}', '[[', '}}]]',
  '{{#property:P1|from=Q1}}', '{{#property:P99999999999999999999999|from=Q٤٢}}', '{{#statements:P1|from=Q9223372036854775808}}', 'x'.repeat(20_000), '٤٢', '99999999999999999999999', '-1', '1e400', 'NaN', '\r\n', '😀', '\u202e'
]
const QUERY_KEYS = ['action', 'oldid', 'limit', 'after', 'search', 'entity', 'hidewikidata', 'group', 'returnto', 'title', 'diff', 'from']
const FORM_KEYS = ['text', 'comment', 'user', 'baseRevisionId', 'preview', 'to', 'minor', 'label', 'description', 'aliases', 'value', 'property',
  'username', 'password', 'wpName', 'wpPassword', 'token', 'wpEditToken', 'globalId', 'pagePath', 'mode', 'id', 'language']
const ACTIONS = ['view', 'edit', 'history', 'purge', 'delete', 'move', 'submit', 'raw', 'info', 'protect', 'x%00', '']

async function within (app: FastifyInstance, request: InjectOptions): Promise<LightMyRequestResponse | 'hang'> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'hang'>(resolve => { timer = setTimeout(() => { resolve('hang') }, DEADLINE_MS) })
  try {
    return await Promise.race([app.inject(request), deadline])
  } finally {
    clearTimeout(timer)
  }
}

const enc = (value: string): string => encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'))

t.test('the example wiki farm: no 5xx and no hang on hostile requests; stored values read back everywhere', async t => {
  const ids = [REPO_ID, ...CLIENT_IDS]
  const databases = new Map<string, string>()
  for (const id of ids) databases.set(id, await freshDatabase(t, `exfuzz${id}`))
  const farm = await startFarm({ databases, ports: ids.map(() => 0), logger: false, seed: false })
  t.teardown(farm.close)
  const repo = farm.wikis.get(REPO_ID)!
  const client = farm.wikis.get('enwiki')!
  const problems: string[] = []
  let sent = 0
  const send = async (app: FastifyInstance, request: InjectOptions): Promise<LightMyRequestResponse | null> => {
    sent++
    const response = await within(app, request)
    const shown = `${String(request.method ?? 'GET')} ${String(request.url).slice(0, 100)} ${typeof request.payload === 'string' ? request.payload.slice(0, 60) : ''}`
    if (response === 'hang') { problems.push(`no answer within ${DEADLINE_MS} ms: ${shown}`); return null }
    if (response.statusCode >= 500) problems.push(`${response.statusCode} ${shown} → ${response.body.replace(/\s+/g, ' ').slice(0, 160)}`)
    return response
  }

  // Stored then read: a property and an item in the repo, hostile values written through REST and the action API.
  const V1 = '/w/rest.php/wikibase/v1'
  const fuzzer = { [USER_HEADER]: JSON.stringify({ id: 1, name: 'Fuzzer', anonymous: false, bot: false }), [TOKEN_HEADER]: USER_TOKEN }
  t.equal((await repo.app.inject({ method: 'POST', url: `${V1}/entities/properties`, headers: fuzzer, payload: { property: { data_type: 'string', labels: { en: 'p' } } } })).statusCode, 201)
  t.equal((await repo.app.inject({ method: 'POST', url: `${V1}/entities/items`, headers: fuzzer, payload: { item: { labels: { en: 'item' } } } })).statusCode, 201)
  const STORED = ["Côte d'Ivoire & Co", '<script>alert(1)</script>', '{{#property:P1}}', '[[Main Page]] [http://evil.example x]', '== h ==', '\u202eevil', 'pays\u0000', '\udc00', "'''b'''", '{{{1}}}']
  const clientText = '{{#property:P1|from=Q1}} {{#statements:P1|from=Q1}} {{#property:p|from=Q1}} [[Item:Q1]]'
  await send(client.app, { method: 'POST', url: '/wiki/Uses_Q1', headers: { 'content-type': 'application/json' }, payload: { text: clientText, user: 'Fuzzer' } })
  for (const value of STORED) {
    await send(repo.app, { method: 'PUT', url: `${V1}/entities/properties/P1/labels/en`, headers: fuzzer, payload: { label: value } })
    await send(repo.app, { method: 'POST', url: `${V1}/entities/items/Q1/statements`, headers: fuzzer, payload: { statement: { property: { id: 'P1' }, value: { type: 'value', content: value } } } })
    await send(repo.app, { method: 'POST', url: '/w/api.php', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `action=wbsetlabel&id=Q1&language=en&value=${enc(value)}&summary=${enc(value)}&token=%2B%5C` })
    for (const url of ['/wiki/Item:Q1', '/wiki/Property:P1', '/wiki/Special:EntityData/Q1.json', '/w/api.php?action=wbgetentities&ids=Q1|P1', '/wiki/Special:AllItems', '/wiki/Special:RecentChanges']) await send(repo.app, { url })
    // The client renders what the repo holds now (the page's cache is purged, so the parse runs again).
    await send(client.app, { method: 'POST', url: '/wiki/Uses_Q1?action=purge' })
    const page = await send(client.app, { url: '/wiki/Uses_Q1' })
    if (page !== null && page.body.length > 512 * 1024) problems.push(`client page of ${page.body.length} bytes`)
    if (page !== null && /<script>alert/.test(page.body)) problems.push(`client page holds unescaped script after ${JSON.stringify(value)}`)
    await send(client.app, { method: 'POST', url: '/wiki/Uses_Q1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `text=${enc(clientText)}&preview=1` })
  }

  // The wiki's own routes.
  const r = prng(SEED)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
  for (const wiki of [repo, client]) {
    const specials = [...wiki.ctx.specialPages.values()].map(p => p.name)
    for (const title of [...TITLES, ...specials.flatMap(name => [`Special:${name}`, `Special:${name}/${enc(pick(VALUES))}`])]) {
      await send(wiki.app, { url: `/wiki/${title}` })
      await send(wiki.app, { url: `/wiki/${title}?action=${pick(ACTIONS)}&oldid=${enc(pick(VALUES))}` })
      await send(wiki.app, { method: 'POST', url: `/wiki/${title}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `text=${enc(pick(VALUES))}&comment=${enc(pick(VALUES))}&user=${enc(pick(VALUES))}&preview=1` })
    }
    for (let i = 0; i < ROUNDS; i++) {
      const title = r() < 0.4 ? `Special:${pick(specials)}` : pick(TITLES)
      const query = Array.from({ length: Math.floor(r() * 3) }, () => `${pick(QUERY_KEYS)}=${enc(pick(VALUES))}`).join('&')
      const fields = Object.fromEntries(Array.from({ length: 1 + Math.floor(r() * 4) }, () => [pick(FORM_KEYS), pick(VALUES)]))
      const asJson = r() < 0.3
      const cookie = r() < 0.2 ? { cookie: pick(['examplewikiuser=%ff', 'examplewikiuser=%E0%A4%A', `session=${'x'.repeat(5000)}`, 'a=b; examplewikiuser=%00']) } : {}
      const method = r() < 0.5 ? 'GET' : 'POST'
      await send(wiki.app, {
        method,
        url: `/wiki/${title}${query === '' ? '' : `?${query}`}`,
        headers: { ...cookie, ...(method === 'POST' ? { 'content-type': asJson ? 'application/json' : 'application/x-www-form-urlencoded' } : {}) },
        ...(method === 'POST' ? { payload: asJson ? JSON.stringify(fields) : Object.entries(fields).map(([k, v]) => `${k}=${enc(v)}`).join('&') } : {})
      })
    }
  }
  t.same(problems, [], `${sent} requests, seed ${SEED}: no 5xx, no hang`)
  const main = await client.app.inject({ url: '/wiki/Main_Page' })
  t.ok(main.statusCode < 500, 'the client still answers')
})
