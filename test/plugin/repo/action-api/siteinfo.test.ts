import t from 'tap'
import { startActionApiApp } from '../../../support/action-api-app.js'
import { PACKAGE_VERSION } from '../../../../plugin/package-root.js'

/**
 * `meta=siteinfo` with `siprop=general|namespaces|namespacealiases|extensions` in MediaWiki's
 * formats 1 and 2; the entity namespaces come from `repoSettings.entityNamespaces` and are
 * the ones entity answers (`ns`, `title`) use.
 */
const SIPROP = 'general|namespaces|namespacealiases|extensions'

t.test('siteinfo of a repo with Wikibase\'s namespaces', async t => {
  const { get, post } = await startActionApiApp(t, 'siteinfo')
  const v1 = (await get({ action: 'query', meta: 'siteinfo', siprop: SIPROP })).query
  t.match(v1.general, { sitename: 'repo', wikiid: 'repo', generator: `fastify-wikibase ${PACKAGE_VERSION}`, articlepath: '/wiki/$1' })
  t.same(v1.namespaces['0'], { id: 0, case: 'first-letter', content: '', '*': '' })
  t.same(v1.namespaces['1'], { id: 1, case: 'first-letter', subpages: '', canonical: 'Talk', '*': 'Talk' })
  t.same(v1.namespaces['4'], { id: 4, case: 'first-letter', subpages: '', canonical: 'Project', '*': 'repo' })
  t.same(v1.namespaces['120'], { id: 120, case: 'first-letter', canonical: 'Item', content: '', defaultcontentmodel: 'wikibase-item', '*': 'Item' })
  t.same(v1.namespaces['121'], { id: 121, case: 'first-letter', canonical: 'Item talk', '*': 'Item talk' })
  t.same(v1.namespaces['122'], { id: 122, case: 'first-letter', canonical: 'Property', content: '', defaultcontentmodel: 'wikibase-property', '*': 'Property' })
  t.same(v1.namespaces['123'], { id: 123, case: 'first-letter', canonical: 'Property talk', '*': 'Property talk' })
  t.same(Object.keys(v1.namespaces).map(Number).sort((a, b) => a - b), [-2, -1, ...Array.from({ length: 16 }, (_, i) => i), 120, 121, 122, 123])
  t.same(v1.namespacealiases, [{ id: 6, '*': 'Image' }, { id: 7, '*': 'Image talk' }])
  t.same(v1.extensions, [{
    type: 'wikibase', name: 'WikibaseRepository', descriptionmsg: 'wikibase-desc', author: 'fastify-wikibase',
    url: 'https://www.mediawiki.org/wiki/Extension:Wikibase_Repository', version: PACKAGE_VERSION, 'license-name': 'GPL-2.0-or-later'
  }])

  const v2 = await get({ action: 'query', meta: 'siteinfo', siprop: SIPROP, formatversion: '2' })
  t.equal(v2.batchcomplete, true)
  t.same(v2.query.namespaces['0'], { id: 0, case: 'first-letter', name: '', subpages: false, content: true, nonincludable: false })
  t.same(v2.query.namespaces['120'], {
    id: 120, case: 'first-letter', name: 'Item', subpages: false, canonical: 'Item', content: true, nonincludable: false, defaultcontentmodel: 'wikibase-item'
  })
  t.same(v2.query.namespaces['123'], { id: 123, case: 'first-letter', name: 'Property talk', subpages: false, canonical: 'Property talk', content: false, nonincludable: false })
  t.same(v2.query.namespacealiases, [{ id: 6, alias: 'Image' }, { id: 7, alias: 'Image talk' }])
  t.same((await get({ action: 'query', meta: 'siteinfo' })).query, { general: v1.general }, 'siprop=general by default')

  await post({ action: 'wbeditentity', new: 'property', data: JSON.stringify({ datatype: 'string' }) }, 'Editor')
  await post({ action: 'wbeditentity', new: 'item', data: '{}' }, 'Editor')
  const entities = (await get({ action: 'wbgetentities', ids: 'P1|Q1', props: 'info' })).entities
  t.match(entities, { P1: { ns: 122, title: 'Property:P1' }, Q1: { ns: 120, title: 'Item:Q1' } }, 'entity answers use the same namespaces')
})

t.test('siteinfo of a repo that is its own client, with items in the main namespace', async t => {
  const { get, post } = await startActionApiApp(t, 'siteinfoboth', { roles: ['repo', 'client'], repoSettings: { entityNamespaces: { item: 0, property: 120 } } })
  const v2 = (await get({ action: 'query', meta: 'siteinfo', siprop: SIPROP, formatversion: '2' })).query
  t.same(v2.extensions.map((e: { name: string }) => e.name), ['WikibaseRepository', 'WikibaseClient'])
  t.match(v2.extensions[1], { descriptionmsg: 'wikibase-client-desc', url: 'https://www.mediawiki.org/wiki/Extension:Wikibase_Client' })
  t.same(v2.namespaces['0'], { id: 0, case: 'first-letter', name: '', subpages: false, content: true, nonincludable: false, defaultcontentmodel: 'wikibase-item' })
  t.match(v2.namespaces['120'], { name: 'Property', defaultcontentmodel: 'wikibase-property' })
  t.notOk('122' in v2.namespaces)
  await post({ action: 'wbeditentity', new: 'item', data: '{}' }, 'Editor')
  t.match((await get({ action: 'wbgetentities', ids: 'Q1', props: 'info' })).entities, { Q1: { ns: 0, title: 'Q1' } })
})
