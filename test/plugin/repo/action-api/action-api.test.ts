import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import WBEdit from 'wikibase-edit'
import { WBK, simplifyEntity, type EntityId as SdkId } from 'wikibase-sdk'
import wikibase from '../../../../plugin/index.js'
import { registerActionApiRoutes } from '../../../../plugin/action-api/action-api-routes.js'
import { wireRepo } from '../../../../plugin/repo/wire.js'
import { freshDatabase, testPool } from '../../../support/test-database.js'
import { addSites, editor } from '../../../support/repo-test-wiki.js'
import type { HostUser } from '../../../../hooks/contract.js'
import { createTestHost, type TestHost } from '../../../support/test-host.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * wikibase-edit's client with loose parameter types: its own declarations want ids typed as
 * template literals (`Q${number}`), which ids read from its answers are not.
 */
type EditFn = (params: Record<string, unknown>) => Promise<any>
type Group = Record<'create' | 'edit' | 'set' | 'add' | 'remove' | 'update', EditFn>
interface EditClient {
  entity: Group, label: Group, description: Group, alias: Group, sitelink: Group, claim: Group, qualifier: Group, reference: Group
  getAuthData: () => () => Promise<{ cookie: string, token: string }>
}
const editClient = (config: Record<string, unknown>): EditClient => WBEdit(config) as unknown as EditClient

/**
 * The action API driven by the real libraries bots use: wikibase-edit (login with a bot
 * password, tokens, every edit module it calls) and wikibase-sdk (URLs it builds, fetched
 * and parsed). Then bad input, with the exact error codes, always HTTP 200.
 */
const PREFIX = '/mine'
const botUser: HostUser = { id: 9, name: 'Bot', anonymous: false, bot: true }

async function startRepo (t: Test): Promise<{ app: FastifyInstance, instance: string, host: TestHost }> {
  const url = await freshDatabase(t, 'actionapi')
  const host = createTestHost({ pool: testPool(t, url) })
  host.services.authenticate = async (name, password) =>
    name === 'Editor@tests' && password === 'bot-password' ? editor : name === 'Bot@tests' && password === 'bot-password' ? botUser : null
  const app = Fastify({ logger: false })
  await app.register(wikibase,
    { siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' }, worker: { enabled: false }, host })
  await app.after()
  // Own prefix, so this test does not collide with the plugin's own registration of these routes.
  registerActionApiRoutes(app, { ...(await wireRepo(wikibaseInternals(app))).actionApi, routePrefix: PREFIX })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await app.close() })
  await addSites(wikibaseInternals(app).self, ['enwiki', 'dewiki'])
  return { app, instance: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${PREFIX}`, host }
}

async function getJson (url: string, init?: RequestInit): Promise<any> {
  const response = await fetch(url, init)
  t.equal(response.status, 200, `HTTP 200 for ${url}`)
  return await response.json()
}

/** A raw action API POST with a form body (as MediaWiki takes it). */
async function post (instance: string, params: Record<string, string>, cookie?: string): Promise<{ status: number, body: any, headers: Headers }> {
  const response = await fetch(`${instance}/w/api.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie === undefined ? {} : { cookie }) },
    body: new URLSearchParams({ format: 'json', ...params }).toString()
  })
  return { status: response.status, body: await response.json(), headers: response.headers }
}

t.test('wikibase-edit and wikibase-sdk against the action API', async t => {
  const { app, instance, host } = await startRepo(t)
  const wbEdit = editClient({ instance, credentials: { username: 'Editor@tests', password: 'bot-password' }, userAgent: 'fastify-wikibase tests',
    autoRetry: false })
  const wbk = WBK({ instance: instance as `http${string}` })

  const stringProperty = await wbEdit.entity.create({ type: 'property', datatype: 'string', labels: { en: 'motto' } })
  const itemProperty = await wbEdit.entity.create({ type: 'property', datatype: 'wikibase-item', labels: { en: 'instance of' } })
  const P1 = stringProperty.entity.id as string
  const P2 = itemProperty.entity.id as string
  t.same([P1, P2], ['P1', 'P2'])
  t.equal(stringProperty.success, 1)
  const city = await wbEdit.entity.create({ labels: { en: 'city' } })
  const Q1 = city.entity.id as string

  const created = await wbEdit.entity.create({
    labels: { en: 'Berlin', de: 'Berlin' },
    descriptions: { en: 'capital of Germany' },
    aliases: { en: ['Berlin, Germany'] },
    sitelinks: { enwiki: 'Berlin' },
    claims: { [P1]: 'Berlin bleibt doch Berlin', [P2]: Q1 }
  })
  const id = created.entity.id as string
  t.equal(id, 'Q2')
  t.match(created.entity, {
    type: 'item', id: 'Q2', lastrevid: Number,
    labels: { en: { language: 'en', value: 'Berlin' } },
    sitelinks: { enwiki: { site: 'enwiki', title: 'Berlin', badges: [] } },
    claims: { [P1]: [{ mainsnak: { snaktype: 'value', property: P1, hash: String, datavalue: { value: 'Berlin bleibt doch Berlin', type: 'string' },
      datatype: 'string' }, type: 'statement', rank: 'normal' }] }
  })
  t.match(created.entity.claims[P2][0].mainsnak.datavalue, { type: 'wikibase-entityid', value: { 'entity-type': 'item', id: Q1 } })
  t.equal(host.edits.at(-1)?.user.name, 'Editor', 'the edit is made as the logged-in bot-password user')

  t.test('edit modules as wikibase-edit calls them', async t => {
    const label = await wbEdit.label.set({ id, language: 'fr', value: 'Berlin (fr)' })
    t.same(label.entity.labels, { fr: { language: 'fr', value: 'Berlin (fr)' } })
    t.equal(label.success, 1)
    const description = await wbEdit.description.set({ id, language: 'de', value: 'Hauptstadt Deutschlands' })
    t.same(description.entity.descriptions.de.value, 'Hauptstadt Deutschlands')
    const aliases = await wbEdit.alias.add({ id, language: 'en', value: ['Berlin, DE', 'Spree-Athen'] })
    t.same(aliases.entity.aliases.en.map((a: any) => a.value), ['Berlin, Germany', 'Berlin, DE', 'Spree-Athen'])
    const removedAlias = await wbEdit.alias.remove({ id, language: 'en', value: 'Berlin, DE' })
    t.same(removedAlias.entity.aliases.en.map((a: any) => a.value), ['Berlin, Germany', 'Spree-Athen'])
    const sitelink = await wbEdit.sitelink.set({ id, site: 'dewiki', title: 'Berlin' })
    t.same(sitelink.entity.sitelinks, { dewiki: { site: 'dewiki', title: 'Berlin', badges: [], url: 'https://dewiki.example.org/wiki/Berlin' } })

    const claim = await wbEdit.claim.create({ id, property: P1, value: 'Arm, aber sexy' })
    const guid = claim.claim.id as string
    t.match(guid, /^Q2\$[0-9A-F-]{36}$/)
    const qualified = await wbEdit.qualifier.set({ guid, property: P1, value: 'Wowereit' })
    t.same(qualified.claim.qualifiers[P1].map((s: any) => s.datavalue.value), ['Wowereit'])
    t.same(qualified.claim['qualifiers-order'], [P1])
    const reference = await wbEdit.reference.set({ guid, snaks: { [P1]: 'Tagesspiegel' } })
    t.match(reference.reference, { hash: /^[0-9a-f]{40}$/, snaks: { [P1]: [{ datavalue: { value: 'Tagesspiegel' } }] }, 'snaks-order': [P1] })
    const updated = await wbEdit.claim.update({ guid, newValue: 'Arm, aber sehr sexy' })
    t.equal(updated.claim.mainsnak.datavalue.value, 'Arm, aber sehr sexy')
    t.equal(updated.claim.references.length, 1, 'the update kept the reference')

    const set = await wbEdit.claim.set({ guid, property: P1, value: 'Arm, aber sexy' })
    t.equal(set.claim.mainsnak.datavalue.value, 'Arm, aber sexy')
    const removed = await wbEdit.claim.remove({ guid })
    t.same(removed.claims, [guid])
    t.equal(removed.success, 1)

    const edited = await wbEdit.entity.edit({ id, labels: { en: 'Berlin (city)' }, descriptions: { de: null } })
    t.same(edited.entity.labels.en, { language: 'en', value: 'Berlin (city)' })
    t.notOk(edited.entity.descriptions.de, 'a null description removes it')
  })

  t.test('read back with wikibase-sdk URLs', async t => {
    const data = await getJson(wbk.getEntities({ ids: [id, 'Q999'] as SdkId[] }))
    t.equal(data.success, 1)
    t.same(data.entities.Q999, { id: 'Q999', missing: '' })
    const entity = data.entities[id]
    t.same(Object.keys(entity), ['pageid', 'ns', 'title', 'lastrevid', 'modified', 'type', 'id', 'labels', 'descriptions', 'aliases', 'claims', 'sitelinks'])
    t.match(entity, { ns: 120, title: `Item:${id}`, type: 'item', modified: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/ })
    const simple = simplifyEntity(entity) as any
    t.same(simple.labels, { en: 'Berlin (city)', de: 'Berlin', fr: 'Berlin (fr)' })
    t.same(simple.claims, { [P1]: ['Berlin bleibt doch Berlin'], [P2]: [Q1] })
    t.same(simple.sitelinks, { enwiki: 'Berlin', dewiki: 'Berlin' })
    t.same(simple.aliases.en, ['Berlin, Germany', 'Spree-Athen'])

    const terms = await getJson(wbk.getEntities({ ids: id as SdkId, props: ['labels', 'descriptions'], languages: ['de'] }))
    t.same(terms.entities[id], { type: 'item', id, labels: { de: { language: 'de', value: 'Berlin' } }, descriptions: {} })
    const property = await getJson(wbk.getEntities({ ids: P2 as SdkId, props: 'info' }))
    t.match(property.entities[P2], { ns: 122, title: `Property:${P2}`, type: 'property', datatype: 'wikibase-item', id: P2 })

    const bySitelink = await getJson(wbk.getEntitiesFromSitelinks({ titles: 'Berlin', sites: 'dewiki', props: ['info'] }))
    t.same(Object.keys(bySitelink.entities), [id])
    const notLinked = await getJson(wbk.getEntitiesFromSitelinks({ titles: 'Nowhere', sites: 'enwiki' }))
    t.same(notLinked.entities, { '-1': { site: 'enwiki', title: 'Nowhere', missing: '' } })

    const special = await getJson(`${instance}/wiki/Special:EntityData/${id}.json`)
    t.same(Object.keys(special), ['entities'])
    t.same(special.entities[id], entity, 'Special:EntityData holds what wbgetentities shows')
    const old = await getJson(wbk.getEntityRevision({ id: id as SdkId, revision: created.entity.lastrevid }))
    t.same(simplifyEntity(old.entities[id]).labels, { en: 'Berlin', de: 'Berlin' }, 'index.php?title=Special:EntityData/…&revision= gives that revision')
    const lower = await fetch(`${instance}/wiki/Special:EntityData/${id.toLowerCase()}.json`, { redirect: 'manual' })
    t.equal(lower.status, 301)
    t.equal(lower.headers.get('location'), `${PREFIX}/wiki/Special:EntityData/${id}.json`)
    t.equal((await fetch(`${instance}/wiki/Special:EntityData/Q999.json`)).status, 404)
  })

  t.test('bot flag, anonymous edits, logout', async t => {
    const bot = editClient({ instance, credentials: { username: 'Bot@tests', password: 'bot-password' }, bot: true, autoRetry: false })
    await bot.label.set({ id, language: 'it', value: 'Berlino' })
    t.match(host.edits.at(-1), { user: { name: 'Bot', bot: true } })
    const revision = await wikibaseInternals(app).self.pool.query('SELECT rev_bot FROM repo.wb_entity_revisions ORDER BY rev_id DESC LIMIT 1')
    t.equal(revision.rows[0].rev_bot, true, 'bot=1 from a bot user flags the revision')

    const anonymous = editClient({ instance, anonymous: true, autoRetry: false })
    await anonymous.label.set({ id, language: 'es', value: 'Berlín' })
    t.match(host.edits.at(-1), { user: { anonymous: true } })

    const { cookie, token } = await wbEdit.getAuthData()()
    const logout = await post(instance, { action: 'logout', token }, cookie)
    t.same(logout.body, {})
    t.match(logout.headers.get('set-cookie'), /Max-Age=0/)
  })
})

t.test('bad input: action API error codes, HTTP 200, nothing written', async t => {
  const { app, instance } = await startRepo(t)
  const wbEdit = editClient({ instance, credentials: { username: 'Editor@tests', password: 'bot-password' }, autoRetry: false })
  const property = await wbEdit.entity.create({ type: 'property', datatype: 'string', labels: { en: 'motto' } })
  const item = await wbEdit.entity.create({ labels: { en: 'Berlin' }, sitelinks: { enwiki: 'Berlin' }, claims: { [property.entity.id]: 'x' } })
  const id = item.entity.id as string
  const guid = item.entity.claims[property.entity.id][0].id as string
  const { cookie, token } = await wbEdit.getAuthData()()
  const revisions = async (): Promise<number> => Number((await wikibaseInternals(app).self.pool.query('SELECT count(*) FROM repo.wb_entity_revisions')).rows[0].count)
  const before = await revisions()

  const cases: Array<[string, Record<string, string>, string, boolean?]> = [
    ['unknown action', { action: 'wbfrobnicate' }, 'badvalue'],
    ['missing action', {}, 'missingparam'],
    ['unknown format', { action: 'wbgetentities', ids: id, format: 'xml' }, 'badvalue'],
    ['wbgetentities: malformed id', { action: 'wbgetentities', ids: 'Berlin' }, 'no-such-entity'],
    ['wbgetentities: neither ids nor sites+titles', { action: 'wbgetentities' }, 'param-missing'],
    ['wbgetentities: unbalanced sites and titles', { action: 'wbgetentities', sites: 'enwiki|dewiki', titles: 'A|B|C' }, 'param-illegal'],
    ['missing token', { action: 'wbsetlabel', id, language: 'en', value: 'x' }, 'missingparam', true],
    ['bad token', { action: 'wbsetlabel', id, language: 'en', value: 'x', token: 'abc+\\' }, 'badtoken', true],
    ['anonymous token from a logged-in session', { action: 'wbsetlabel', id, language: 'en', value: 'x', token: '+\\' }, 'badtoken', true],
    ['assert=user without a session', { action: 'wbsetlabel', id, language: 'en', value: 'x', token: '+\\', assert: 'user' }, 'assertuserfailed'],
    ['no such entity', { action: 'wbsetlabel', id: 'Q999', language: 'en', value: 'x', token }, 'no-such-entity', true],
    ['invalid entity id', { action: 'wbsetlabel', id: 'Berlin', language: 'en', value: 'x', token }, 'invalid-entity-id', true],
    ['missing language', { action: 'wbsetlabel', id, value: 'x', token }, 'missingparam', true],
    ['neither id nor site+title', { action: 'wbsetlabel', language: 'en', value: 'x', token }, 'param-missing', true],
    ['label too long', { action: 'wbsetlabel', id, language: 'en', value: 'x'.repeat(251), token }, 'modification-failed', true],
    ['unknown language', { action: 'wbsetlabel', id, language: 'Not a language', value: 'x', token }, 'not-recognized-language', true],
    ['description equal to the label', { action: 'wbsetdescription', id, language: 'en', value: 'Berlin', token }, 'modification-failed', true],
    ['stale baserevid', { action: 'wbsetlabel', id, language: 'en', value: 'x', token, baserevid: '1' }, 'editconflict', true],
    ['wbeditentity without id or new', { action: 'wbeditentity', data: '{}', token }, 'param-missing', true],
    ['wbeditentity with bad JSON', { action: 'wbeditentity', id, data: '{"labels":', token }, 'invalid-json', true],
    ['wbeditentity with an unknown key', { action: 'wbeditentity', id, data: '{"lables":{}}', token }, 'not-recognized', true],
    ['wbeditentity: sitelink already used by another item',
      { action: 'wbeditentity', new: 'item', data: JSON.stringify({ sitelinks: { enwiki: { site: 'enwiki', title: 'Berlin' } } }), token },
      'failed-save', true],
    ['wbeditentity: unknown site', { action: 'wbeditentity', id, data: JSON.stringify({ sitelinks: { xxwiki: { site: 'xxwiki', title: 'Berlin' } } }), token },
      'not-recognized-siteid', true],
    ['wbsetsitelink: removing a sitelink the item does not have', { action: 'wbsetsitelink', id, linksite: 'dewiki', token }, 'no-such-sitelink', true],
    ['wbcreateclaim: unknown property', { action: 'wbcreateclaim', entity: id, property: 'P404', snaktype: 'value', value: '"x"', token },
      'modification-failed', true],
    ['wbcreateclaim: value of the wrong type',
      { action: 'wbcreateclaim', entity: id, property: property.entity.id, snaktype: 'value', value: '{"amount":"+1"}', token }, 'modification-failed', true],
    ['wbcreateclaim: bad value JSON', { action: 'wbcreateclaim', entity: id, property: property.entity.id, snaktype: 'value', value: '"x', token },
      'invalid-snak', true],
    ['wbcreateclaim: bad snaktype', { action: 'wbcreateclaim', entity: id, property: property.entity.id, snaktype: 'maybe', token }, 'badvalue', true],
    ['wbremoveclaims: malformed GUID', { action: 'wbremoveclaims', claim: 'Q1-nope', token }, 'invalid-guid', true],
    ['wbremoveclaims: unknown GUID', { action: 'wbremoveclaims', claim: `${id}$00000000-0000-0000-0000-000000000000`, token }, 'no-such-claim', true],
    ['wbsetclaim: statement of another entity under its GUID', {
      action: 'wbsetclaim',
      claim: JSON.stringify({
        id: 'Q999$00000000-0000-0000-0000-000000000000', mainsnak: { snaktype: 'novalue', property: property.entity.id }, type: 'statement'
      }),
      token
    }, 'no-such-entity', true],
    ['wbsetqualifier: unknown snak hash', { action: 'wbsetqualifier', claim: guid, property: property.entity.id, snaktype: 'novalue', snakhash: 'ab', token },
      'no-such-qualifier', true],
    ['wbsetreference: unknown reference hash',
      { action: 'wbsetreference', statement: guid, snaks: JSON.stringify({ [property.entity.id]: [{ snaktype: 'novalue', property: property.entity.id }] }),
        reference: 'ab', token }, 'no-such-reference', true],
    ['wbsetreference: no snaks', { action: 'wbsetreference', statement: guid, snaks: '{}', token }, 'invalid-snak', true],
    ['maxlag=-1 is always lagged', { action: 'wbgetentities', ids: id, maxlag: '-1' }, 'maxlag']
  ]
  for (const [name, params, code, withCookie] of cases) {
    const { status, body } = await post(instance, params, withCookie === true ? cookie : undefined)
    t.equal(status, 200, `${name}: HTTP 200`)
    t.equal(body.error?.code, code, `${name}: ${code}`)
    t.type(body.error?.info, 'string', `${name}: info`)
  }
  t.equal(await revisions(), before, 'no revision was written by any of them')

  t.test('error details that clients read', async t => {
    const conflict = await post(instance,
      { action: 'wbeditentity', new: 'item', data: JSON.stringify({ sitelinks: { enwiki: { site: 'enwiki', title: 'Berlin' } } }), token }, cookie)
    t.match(conflict.body.error.messages, [{ name: 'wikibase-validator-sitelink-conflict', parameters: ['enwiki:Berlin', id] }],
      'wikibase-edit does not retry a validator failed-save')
    const same = await post(instance, { action: 'wbsetdescription', id, language: 'en', value: 'Berlin', token }, cookie)
    t.match(same.body.error.messages, [{ name: 'wikibase-validator-label-equals-description' }], 'a description equal to the label: Wikibase\'s message')
    const lagged = await post(instance, { action: 'wbgetentities', ids: id, maxlag: '-1' })
    t.equal(lagged.headers.get('retry-after'), '5')
    t.equal(lagged.headers.get('mediawiki-api-error'), 'maxlag')
    t.match(lagged.body.error, { lag: Number, host: 'all' })
    const get = await fetch(`${instance}/w/api.php?action=wbsetlabel&format=json&id=${id}&language=en&value=x&token=%2B%5C`)
    t.equal((await get.json()).error.code, 'mustbeposted')
  })

  t.test('login: wrong password, missing session, and host without authenticate', async t => {
    const first = await post(instance, { action: 'login', lgname: 'Editor@tests', lgpassword: 'wrong' })
    t.equal(first.body.login.result, 'NeedToken')
    const session = (first.headers.get('set-cookie') ?? '').split(';')[0]!
    t.match(session, /^repo_session=\w{32}/)
    const wrong = await post(instance, { action: 'login', lgname: 'Editor@tests', lgpassword: 'wrong', lgtoken: first.body.login.token }, session)
    t.same(wrong.body.login, { result: 'Failed', reason: 'Incorrect username or password entered. Please try again.' })
    const noSession = await post(instance, { action: 'login', lgname: 'Editor@tests', lgpassword: 'bot-password', lgtoken: first.body.login.token })
    t.same(noSession.body.login, { result: 'WrongToken' })
    const ok = await post(instance, { action: 'login', lgname: 'Editor@tests', lgpassword: 'bot-password', lgtoken: first.body.login.token }, session)
    t.same(ok.body.login, { result: 'Success', lguserid: editor.id, lgusername: editor.name })
    const tokens = await getJson(`${instance}/w/api.php?action=query&meta=tokens|userinfo&format=json`,
      { headers: { cookie: (ok.headers.get('set-cookie') ?? '').split(';')[0]! } })
    t.match(tokens.query, { tokens: { csrftoken: /^[0-9a-f]{40}\+\\$/ }, userinfo: { id: editor.id, name: editor.name } })
    const anonymousTokens = await getJson(`${instance}/w/api.php?action=query&meta=tokens&format=json`)
    t.same(anonymousTokens, { batchcomplete: '', query: { tokens: { csrftoken: '+\\' } } })
  })

  t.test('maxlag counts the dispatch backlog (oldest undispatched change / 60)', async t => {
    const quiet = await post(instance, { action: 'wbgetentities', ids: id, maxlag: '5' })
    t.equal(quiet.body.success, 1, 'a fresh backlog is no lag')
    await wikibaseInternals(app).self.pool.query("UPDATE repo.wb_changes SET change_time = now() - interval '10 minutes'")
    const lagged = await post(instance, { action: 'wbgetentities', ids: id, maxlag: '5' })
    t.match(lagged.body.error, { code: 'maxlag', type: 'wikibase-dispatching' })
    t.ok(lagged.body.error.lag >= 10 && lagged.body.error.lag < 11, `10 minutes of backlog is 10 s of lag (${String(lagged.body.error.lag)})`)
    t.equal((await post(instance, { action: 'wbgetentities', ids: id, maxlag: '11' })).body.success, 1)
    t.equal((await post(instance, { action: 'wbgetentities', ids: id })).body.success, 1, 'no maxlag, no check')
  })

  t.test('siteinfo gives the entity namespaces wikibase-edit resolves titles with', async t => {
    const info = await getJson(`${instance}/w/api.php?action=query&meta=siteinfo&siprop=general|namespaces&format=json`)
    t.match(info.query.general, { wikiid: 'repo', scriptpath: `${PREFIX}/w`, articlepath: `${PREFIX}/wiki/$1` })
    t.match(info.query.namespaces, { 120: { defaultcontentmodel: 'wikibase-item', '*': 'Item' }, 122: { defaultcontentmodel: 'wikibase-property', '*': 'Property' } })
  })
})
