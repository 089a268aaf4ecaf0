import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import wikibase from '../../../../plugin/index.js'
import { freshDatabase, testPool } from '../../../support/test-database.js'
import { addSites, editor } from '../../../support/repo-test-wiki.js'
import { createTestHost } from '../../../support/test-host.js'
import { addSite } from '../../../../plugin/sites/site-store.js'
import { newMediaWikiSite } from '../../../../plugin/sites/mediawiki-site-input.js'
import { docref } from '../../../../plugin/action-api/api-error-formatter.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const V1 = '/w/rest.php/wikibase/v1'

/**
 * A client wiki with a real HTTP action API: `Berlin (city)` is a page, `Berlin redirect`
 * redirects to it, `Hamburg` is a page, everything else is missing; titles are normalized as MediaWiki does.
 */
interface TestClient {
  url: string
  asked: string[]
  /** Runs while the client answers (e.g. to see which locks the repo holds then). */
  onAsk?: () => Promise<void>
}

async function startClient (t: Test): Promise<TestClient> {
  const state: TestClient = { url: '', asked: [] }
  const client = Fastify({ logger: false })
  client.get('/w/api.php', async request => {
    const titles = (request.query as Record<string, string | undefined>).titles ?? ''
    state.asked.push(titles)
    await state.onAsk?.()
    const normalized: Array<{ from: string, to: string }> = []
    const redirects: Array<{ from: string, to: string }> = []
    const pages = titles.split('|').map(asTitle => {
      const title = asTitle.replaceAll('_', ' ')
      const upper = title.charAt(0).toUpperCase() + title.slice(1)
      if (upper !== asTitle) normalized.push({ from: asTitle, to: upper })
      if (upper === 'Berlin redirect') {
        redirects.push({ from: upper, to: 'Berlin (city)' })
        return { pageid: 1, ns: 0, title: 'Berlin (city)' }
      }
      if (upper === 'Hamburg') return { pageid: 2, ns: 0, title: upper }
      return upper === 'Berlin (city)' ? { pageid: 1, ns: 0, title: upper } : { ns: 0, title: upper, missing: true }
    })
    return { batchcomplete: true, query: { normalized, redirects, pages } }
  })
  await client.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await client.close() })
  state.url = `http://127.0.0.1:${(client.server.address() as AddressInfo).port}`
  return state
}

/** A port nothing listens on: a client site whose api.php cannot be reached. */
async function closedPortUrl (): Promise<string> {
  const probe = Fastify({ logger: false })
  await probe.listen({ port: 0, host: '127.0.0.1' })
  const port = (probe.server.address() as AddressInfo).port
  await probe.close()
  return `http://127.0.0.1:${port}`
}

t.test('values, terms and sitelink titles are normalized on save (REST and action API); redirects', async t => {
  const client = await startClient(t)
  const offline = await closedPortUrl()
  const url = await freshDatabase(t, 'normalize_on_save')
  const app: FastifyInstance = Fastify({ logger: false })
  await app.register(wikibase, {
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' }, worker: { enabled: false }, host: createTestHost({ pool: testPool(t, url) }),
    repoSettings: { redirectBadgeItems: ['Q2'] }
  })
  app.addHook('onRequest', async request => { request.wikiUser = editor })
  await app.ready()
  t.teardown(async () => { await app.close() })
  await addSites(wikibaseInternals(app).self, ['enwiki'])
  await addSite(wikibaseInternals(app).self, newMediaWikiSite({ globalId: 'clientwiki', group: 'wikipedia', pagePath: `${client.url}/wiki/$1`, filePath: `${client.url}/w/$1` }))
  const rest = async (method: string, path: string, payload?: unknown) =>
    await app.inject({ method: method as 'GET', url: `${V1}${path}`, ...(payload === undefined ? {} : { payload: payload as object }) })
  const api = async (params: Record<string, string>) => {
    const token = (await app.inject({ url: '/w/api.php?action=query&meta=tokens&format=json' })).json().query.tokens.csrftoken as string
    return (await app.inject({ method: 'POST', url: '/w/api.php', payload: new URLSearchParams({ format: 'json', token, ...params }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' } })).json()
  }
  const entity = async (id: string) => (await api({ action: 'wbgetentities', ids: id })).entities[id]

  for (const label of ['city', 'sitelink to redirect']) t.equal((await rest('POST', '/entities/items', { item: { labels: { en: label } } })).statusCode, 201)
  const string = (await api({ action: 'wbeditentity', new: 'property', data: JSON.stringify({ datatype: 'string', labels: { en: { language: 'en', value: 'motto' } } }) })).entity.id
  const media = (await api({ action: 'wbeditentity', new: 'property', data: JSON.stringify({ datatype: 'commonsMedia', labels: { en: { language: 'en', value: 'image' } } }) })).entity.id

  t.test('action API: string in NFC, commonsMedia as a File title, label trimmed, sitelink title', async t => {
    const claim = await api({ action: 'wbcreateclaim', entity: 'Q1', snaktype: 'value', property: string, value: JSON.stringify('a\u0301') })
    t.equal(claim.claim.mainsnak.datavalue.value, '\u00e1', 'a + U+0301 is saved as á (the request layer)')
    const image = await api({ action: 'wbcreateclaim', entity: 'Q1', snaktype: 'value', property: media, value: '"Wikidata_barcode.svg"' })
    const lower = await api({ action: 'wbcreateclaim', entity: 'Q1', snaktype: 'value', property: media, value: '"wikidata  barcode.svg"' })
    const stored = (await entity('Q1')).claims[media].map((c: any) => c.mainsnak.datavalue.value)
    t.same(stored, ['Wikidata barcode.svg', 'Wikidata barcode.svg'])
    t.equal(image.claim.mainsnak.datavalue.value, 'Wikidata barcode.svg', 'the answer shows the saved value')
    t.equal(lower.claim.mainsnak.datavalue.value, 'Wikidata barcode.svg')
    t.equal((await entity('Q1')).claims[string][0].mainsnak.datavalue.value, '\u00e1')
    const label = await api({ action: 'wbsetlabel', id: 'Q1', language: 'de', value: '  Stadt \u3000' })
    t.equal(label.entity.labels.de.value, 'Stadt', 'the answer shows the trimmed label')
    const link = await api({ action: 'wbsetsitelink', id: 'Q1', linksite: 'enwiki', linktitle: 'berlin_(city)' })
    t.equal(link.entity.sitelinks.enwiki.title, 'Berlin (city)', 'underscores → spaces, first letter upper case')
    t.equal((await entity('Q1')).sitelinks.enwiki.title, 'Berlin (city)')
    const edited = await api({
      action: 'wbeditentity', id: 'Q1',
      data: JSON.stringify({ aliases: { en: [{ language: 'en', value: ' town ' }, { language: 'en', value: 'town' }] }, descriptions: { en: { language: 'en', value: 'a\u0301 place ' } } })
    })
    t.same(edited.entity.aliases.en.map((a: any) => a.value), ['town'], 'aliases trimmed, the repeated one dropped')
    t.equal(edited.entity.descriptions.en.value, '\u00e1 place')
  })

  t.test('REST: a new item and a JSON Patch are normalized; untouched values stay as stored', async t => {
    const created = await rest('POST', '/entities/items', {
      item: {
        labels: { en: ' Paris ' },
        sitelinks: { enwiki: { title: 'paris_(city)' } },
        statements: { [media]: [{ property: { id: media }, value: { type: 'value', content: 'eiffel_tower.jpg' } }] }
      }
    })
    t.equal(created.statusCode, 201)
    const body = created.json()
    t.equal(body.labels.en, 'Paris')
    t.equal(body.sitelinks.enwiki.title, 'Paris (city)')
    t.equal(body.statements[media][0].value.content, 'Eiffel tower.jpg')
    const patched = await rest('PATCH', `/entities/items/${body.id as string}/labels`, { patch: [{ op: 'add', path: '/de', value: '\tParis\n' }] })
    t.same([patched.statusCode, patched.json()], [200, { en: 'Paris', de: 'Paris' }])
    const sitelink = await rest('PUT', `/entities/items/${body.id as string}/sitelinks/enwiki`, { sitelink: { title: 'paris_Hilton' } })
    t.equal(sitelink.json().title, 'Paris Hilton')
  })

  t.test('sitelinks to redirects: followed without a redirect badge, kept with one; conflicts name the redirect badges', async t => {
    await rest('POST', '/entities/items', { item: {} }) // Q-next
    const plain = await api({ action: 'wbsetsitelink', id: 'Q1', linksite: 'clientwiki', linktitle: 'Berlin_redirect' })
    t.equal(plain.entity.sitelinks.clientwiki.title, 'Berlin (city)', 'the redirect is resolved to its target (Wikibase: SiteLinkPageNormalizer)')
    t.ok(client.asked.includes('Berlin redirect'), 'the client was asked with the locally normalized title')
    const other = (await rest('POST', '/entities/items', { item: {} })).json().id as string
    const refused = await api({ action: 'wbsetsitelink', id: other, linksite: 'clientwiki', linktitle: 'Berlin redirect' })
    t.equal(refused.error.code, 'failed-save')
    t.same(refused.error.messages[0], { name: 'wikibase-validator-sitelink-conflict-redirects-supported', parameters: ['clientwiki:Berlin (city)', 'Q1'], html: refused.error.messages[0].html })
    const badged = await api({ action: 'wbsetsitelink', id: other, linksite: 'clientwiki', linktitle: 'Berlin redirect', badges: 'Q2' })
    t.same(badged.entity.sitelinks.clientwiki, { site: 'clientwiki', title: 'Berlin redirect', badges: ['Q2'], url: `${client.url}/wiki/Berlin_redirect` }, 'a redirect badge keeps the redirect')
    const unbadged = await api({ action: 'wbeditentity', id: other, data: JSON.stringify({ sitelinks: { clientwiki: { site: 'clientwiki', title: 'Berlin redirect', badges: [] } } }) })
    t.equal(unbadged.error.code, 'failed-save', 'removing the redirect badge resolves the redirect again: a conflict')
    const rested = await rest('PUT', `/entities/items/${other}/sitelinks/clientwiki`, { sitelink: { title: 'Berlin redirect' } })
    t.same([rested.statusCode, rested.json().context], [422, { violation: 'sitelink-conflict', violation_context: { conflicting_item_id: 'Q1' } }])
  })

  t.test('a page the client does not confirm is refused: no-external-page (missing page, unreachable client)', async t => {
    const noExternalPage = (site: string, title: string): unknown => ({
      error: {
        code: 'no-external-page',
        info: `The external client site "${site}" did not provide page information for page "${title}".`,
        messages: [{ name: 'wikibase-api-no-external-page', parameters: [site, title], html: { '*': `The external client site &quot;${site}&quot; did not provide page information for page &quot;${title}&quot;.` } }],
        '*': docref('http://localhost:80/w/api.php')
      }
    })
    const target = (await rest('POST', '/entities/items', { item: {} })).json().id as string
    t.strictSame(await api({ action: 'wbsetsitelink', id: target, linksite: 'clientwiki', linktitle: 'nowhere' }), noExternalPage('clientwiki', 'Nowhere'))
    t.strictSame(await api({ action: 'wbsetsitelink', id: target, linksite: 'clientwiki', linktitle: 'nowhere', badges: 'Q2' }), noExternalPage('clientwiki', 'Nowhere'),
      'a redirect badge does not make a missing page linkable')
    await addSite(wikibaseInternals(app).self, newMediaWikiSite({ globalId: 'offwiki', group: 'wikipedia', pagePath: `${offline}/wiki/$1`, filePath: `${offline}/w/$1` }))
    t.strictSame(await api({ action: 'wbsetsitelink', id: target, linksite: 'offwiki', linktitle: 'Berlin' }), noExternalPage('offwiki', 'Berlin'),
      'an unreachable client: MediaWikiPageNameNormalizer answers false, as for a missing page')
    const created = await rest('POST', '/entities/items', { item: { sitelinks: { clientwiki: { title: 'nowhere' } } } })
    t.same([created.statusCode, created.json().code, created.json().context], [400, 'referenced-resource-not-found', { path: '/item/sitelinks/clientwiki/title' }], 'REST: the title is a resource not found')
    t.same((await entity(target)).sitelinks, {}, 'nothing was saved')
  })

  t.test('the client is asked with no transaction open: the entity row is not locked meanwhile', async t => {
    const target = (await rest('POST', '/entities/items', { item: {} })).json().id as string
    const locked: boolean[] = []
    client.onAsk = async () => {
      const tx = await wikibaseInternals(app).self.pool.connect()
      try {
        await tx.query('BEGIN')
        await tx.query('SELECT entity_id FROM repo.wb_entities WHERE entity_id = $1 FOR UPDATE NOWAIT', [target])
        locked.push(false)
      } catch (error) {
        locked.push((error as { code?: string }).code === '55P03')
      } finally {
        await tx.query('ROLLBACK')
        tx.release()
      }
    }
    t.teardown(() => { delete client.onAsk })
    const linked = await api({ action: 'wbsetsitelink', id: target, linksite: 'clientwiki', linktitle: 'hamburg', badges: 'Q2' })
    t.same(linked.entity.sitelinks.clientwiki.title, 'Hamburg')
    const rested = await rest('PUT', `/entities/items/${target}/sitelinks/clientwiki`, { sitelink: { title: 'Hamburg', badges: [] } })
    t.equal(rested.statusCode, 200)
    t.same(locked, [false, false], 'asked once per edit, never while the edit held the row')
  })
})

t.test('sitelinkPageLookup: false asks no client; conflicts are plain sitelink-conflict without redirect badges', async t => {
  const client = await startClient(t)
  const url = await freshDatabase(t, 'normalize_no_lookup')
  const app: FastifyInstance = Fastify({ logger: false })
  await app.register(wikibase, {
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' }, worker: { enabled: false }, host: createTestHost({ pool: testPool(t, url) }),
    repoSettings: { sitelinkPageLookup: false }
  })
  app.addHook('onRequest', async request => { request.wikiUser = editor })
  await app.ready()
  t.teardown(async () => { await app.close() })
  await addSite(wikibaseInternals(app).self, newMediaWikiSite({ globalId: 'clientwiki', group: 'wikipedia', pagePath: `${client.url}/wiki/$1`, filePath: `${client.url}/w/$1` }))
  const put = async (id: string, title: string) =>
    await app.inject({ method: 'POST', url: `${V1}/entities/items`, payload: { item: { sitelinks: { clientwiki: { title } } }, comment: id } })
  const first = await put('a', 'berlin_redirect')
  t.same([first.statusCode, first.json().sitelinks.clientwiki.title], [201, 'Berlin redirect'], 'local title rules only')
  t.same(client.asked, [], 'the client was not asked')
  const token = (await app.inject({ url: '/w/api.php?action=query&meta=tokens&format=json' })).json().query.tokens.csrftoken as string
  const second = (await app.inject({ method: 'POST', url: '/w/api.php', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ format: 'json', token, action: 'wbeditentity', new: 'item', data: JSON.stringify({ sitelinks: { clientwiki: { site: 'clientwiki', title: 'Berlin redirect' } } }) }).toString() })).json()
  t.equal(second.error.messages[0].name, 'wikibase-validator-sitelink-conflict')
})
