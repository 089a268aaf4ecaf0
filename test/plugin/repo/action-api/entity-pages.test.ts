import t from 'tap'
import { importEntity } from '../../../../plugin/repo/entities/entity-importer.js'
import type { PageId } from '../../../../hooks/ids.js'
import { startActionApiApp } from '../../../support/action-api-app.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * One truth for entity pages: `wbgetentities` (formats 1 and 2) and Special:EntityData give the
 * namespace and title of `repoSettings.entityNamespaces` and the host's page id — the one its
 * `recordEntityEdit` returned, or, for an entity whose page the host made without the repo
 * (an import), the one `pageIdsForTitles` names, asked once and stored.
 */

const MODIFIED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/

t.test('wbgetentities and EntityData: ns, title and the host\'s page id, Wikibase\'s namespaces', async t => {
  const { app, host, get, post } = await startActionApiApp(t, 'entitypages')
  await post({ action: 'wbeditentity', new: 'property', data: JSON.stringify({ datatype: 'string' }) }, 'Editor')
  await post({ action: 'wbeditentity', new: 'item', data: JSON.stringify({ labels: { en: { language: 'en', value: 'Berlin' } } }) }, 'Editor')
  const recorded = new Map(host.edits.map(e => [e.entityId, e]))
  t.same([...recorded.keys()], ['P1', 'Q1'])

  const v1 = await get({ action: 'wbgetentities', ids: 'Q1|P1', props: 'info|labels' })
  const q1 = v1.entities.Q1
  const p1 = v1.entities.P1
  t.ok(q1.pageid > 0 && p1.pageid > 0 && q1.pageid !== p1.pageid, 'real page ids')
  t.same(v1, {
    entities: {
      Q1: { pageid: q1.pageid, ns: 120, title: 'Item:Q1', lastrevid: q1.lastrevid, modified: q1.modified, type: 'item', id: 'Q1', labels: { en: { language: 'en', value: 'Berlin' } } },
      P1: { pageid: p1.pageid, ns: 122, title: 'Property:P1', lastrevid: p1.lastrevid, modified: p1.modified, type: 'property', datatype: 'string', id: 'P1', labels: {} }
    },
    success: 1
  })
  t.match(q1.modified, MODIFIED)
  const v2 = await get({ action: 'wbgetentities', ids: 'Q1|P1|Q99', props: 'info|labels', formatversion: '2' })
  t.same(v2, { entities: { Q1: q1, P1: p1, Q99: { id: 'Q99', missing: true } }, success: 1 }, 'format 2: the same pages')

  const data = await app.inject({ url: '/wiki/Special:EntityData/Q1.json' })
  t.equal(data.statusCode, 200)
  const full = (await get({ action: 'wbgetentities', ids: 'Q1' })).entities.Q1
  t.same(data.json(), { entities: { Q1: full } }, 'EntityData: the same entity, page info included')
  t.same([full.pageid, full.ns, full.title], [q1.pageid, 120, 'Item:Q1'])
})

t.test('an entity the repo has no page id for: the host is asked by title, once', async t => {
  const { app, host, get } = await startActionApiApp(t, 'entitypagesimport', { repoSettings: { entityNamespaces: { item: 0, property: 120 } } })
  // The CLI's import: no host, so no page and no page id.
  await importEntity(wikibaseInternals(app).self, { type: 'item', id: 'Q1' }, { checkSites: false })
  await importEntity(wikibaseInternals(app).self, { type: 'property', id: 'P1', datatype: 'string' }, { checkSites: false })
  host.services.pageIdsForTitles = async () => new Map()
  t.equal((await get({ action: 'wbgetentities', ids: 'Q1', props: 'info' })).entities.Q1.pageid, 0, 'the host has no page for it: 0')

  const asked: string[][] = []
  host.services.pageIdsForTitles = async titles => {
    asked.push(titles)
    return new Map(titles.flatMap(title => title === 'Q1' ? [[title, 4711 as PageId]] : title === 'Property:P1' ? [[title, 4712 as PageId]] : []))
  }
  asked.length = 0
  const answer = await get({ action: 'wbgetentities', ids: 'Q1|P1', props: 'info', formatversion: '2' })
  t.same(answer.entities.Q1, { pageid: 4711, ns: 0, title: 'Q1', lastrevid: answer.entities.Q1.lastrevid, modified: answer.entities.Q1.modified, type: 'item', id: 'Q1' },
    'items in the main namespace: bare title')
  t.same(answer.entities.P1, { pageid: 4712, ns: 120, title: 'Property:P1', lastrevid: answer.entities.P1.lastrevid, modified: answer.entities.P1.modified, type: 'property', datatype: 'string', id: 'P1' })
  t.same(asked, [['Q1', 'Property:P1']], 'asked by the pages\' titles')

  asked.length = 0
  t.match((await app.inject({ url: '/wiki/Special:EntityData/P1.json' })).json(), { entities: { P1: { pageid: 4712, ns: 120, title: 'Property:P1' } } })
  t.equal((await get({ action: 'wbgetentities', ids: 'Q1', props: 'info' })).entities.Q1.pageid, 4711)
  t.same(asked, [], 'stored: not asked again')

  host.services.pageIdsForTitles = async () => { throw new Error('host down') }
  await importEntity(wikibaseInternals(app).self, { type: 'item', id: 'Q2' }, { checkSites: false })
  t.equal((await get({ action: 'wbgetentities', ids: 'Q2', props: 'info' })).entities.Q2.pageid, 0, 'a failing host: the read answers, pageid 0')
})
