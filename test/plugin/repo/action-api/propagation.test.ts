import t from 'tap'
import Fastify from 'fastify'
import type { AddressInfo } from 'node:net'
import WBEdit from 'wikibase-edit'
import { WBK, type EntityId as SdkId } from 'wikibase-sdk'
import wikibase from '../../../../plugin/index.js'
import { registerActionApiRoutes } from '../../../../plugin/action-api/action-api-routes.js'
import { wireRepo } from '../../../../plugin/repo/wire.js'
import { startWiki } from '../../../support/farm.js'
import { createTestHost } from '../../../support/test-host.js'
import { eventually, freshDatabase, testPool } from '../../../support/test-database.js'
import { addSites } from '../../../support/repo-test-wiki.js'
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
 * End to end through the action API: a bot edits the repo with wikibase-edit, the changes
 * are dispatched, and the client pages that use the edited parts are refreshed.
 */
const bot = { id: 5, name: 'Editor', anonymous: false, bot: true }

t.test('wikibase-edit edits on the repo refresh the client pages that use them', async t => {
  const repoUrl = await freshDatabase(t, 'apirepo')
  const enUrl = await freshDatabase(t, 'apien')
  const repoPool = testPool(t, repoUrl, 3)
  const clientPool = testPool(t, enUrl, 3)
  const repoHost = createTestHost({ pool: repoPool })
  repoHost.services.authenticate = async (name, password) => name === 'Editor@farm' && password === 'bot-password' ? bot : null
  const clientHost = createTestHost({ pool: clientPool })
  await startWiki(t,
    { siteId: 'enwiki', roles: ['client'], database: enUrl, repo: { siteId: 'repowiki', database: repoUrl }, host: clientHost, worker: { pollInterval: 100 } })

  const repo = Fastify({ logger: false })
  await repo.register(wikibase,
    { siteId: 'repowiki', roles: ['repo'], database: repoUrl, clients: [{ siteId: 'enwiki', database: enUrl }], host: repoHost, worker: { pollInterval: 100 } })
  await repo.after()
  registerActionApiRoutes(repo, { ...(await wireRepo(wikibaseInternals(repo))).actionApi, routePrefix: '/farm' })
  await repo.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await repo.close() })
  await addSites(wikibaseInternals(repo).self, ['enwiki'])
  const instance = `http://127.0.0.1:${(repo.server.address() as AddressInfo).port}/farm`
  const wbEdit = editClient({ instance, credentials: { username: 'Editor@farm', password: 'bot-password' }, bot: true, autoRetry: false })

  const property = await wbEdit.entity.create({ type: 'property', datatype: 'string', labels: { en: 'motto' } })
  const P1 = property.entity.id as string
  const created = await wbEdit.entity.create({ labels: { en: 'Berlin' }, claims: { [P1]: 'Berlin bleibt doch Berlin' } })
  const id = created.entity.id as string
  const guid = created.entity.claims[P1][0].id as string

  const usesLabel = await clientHost.addPage('Uses the English label')
  const usesStatements = await clientHost.addPage('Uses the motto')
  const usesOther = await clientHost.addPage('Uses the German label')
  const linked = await clientHost.addPage('Berlin')
  const use = async (pageId: number, aspects: string[]): Promise<void> => {
    for (const aspect of aspects) {
      await clientPool.query('INSERT INTO wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id) VALUES ($1, $2, $3)', [id, aspect, pageId])
    }
    await repoPool.query('INSERT INTO wb_changes_subscription (cs_entity_id, cs_subscriber_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, 'enwiki'])
  }
  await use(usesLabel, ['L.en'])
  await use(usesStatements, ['C.P1'])
  await use(usesOther, ['L.de'])
  const refreshedPages = async (): Promise<number[]> => (await clientHost.refreshed()).map(r => r.page)
  const waitFor = async (pages: number[]): Promise<number[]> => await eventually(async () => {
    const refreshed = await refreshedPages()
    return pages.every(p => refreshed.includes(p)) ? refreshed : undefined
  })

  await wbEdit.label.set({ id, language: 'en', value: 'Berlin (city)' })
  await waitFor([usesLabel])
  t.notOk((await refreshedPages()).includes(usesStatements), 'a label edit leaves the statement user alone')

  await wbEdit.claim.remove({ guid })
  await waitFor([usesStatements])

  await wbEdit.sitelink.set({ id, site: 'enwiki', title: 'Berlin' })
  await waitFor([linked])
  await new Promise(resolve => setTimeout(resolve, 500)) // nothing else arrives
  t.notOk((await refreshedPages()).includes(usesOther), 'the page using only the German label was never refreshed')
  t.ok((await clientHost.refreshed()).every(r => r.agent === 'uid:5'), 'refreshes are attributed to the bot user')

  const recent = await clientHost.recentChanges()
  t.ok(recent.some(rc => rc.rc_source === 'wb' && rc.rc_bot), 'the client shows the bot edits in its recent changes')

  const wbk = WBK({ instance: instance as `http${string}` })
  const read = await (await fetch(wbk.getEntities({ ids: id as SdkId }))).json() as any
  t.same(read.entities[id].claims, {}, 'the removed claim is gone')
  t.equal(read.entities[id].sitelinks.enwiki.title, 'Berlin')
})
