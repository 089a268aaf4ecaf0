import t from 'tap'
import { startActionApiApp } from '../../../support/action-api-app.js'
import { docref } from '../../../../plugin/action-api/api-error-formatter.js'

const REF = docref('http://localhost:80/w/api.php')

/**
 * `action=query` over entity pages (`titles`, `pageids`; `prop=info|revisions|pageprops`),
 * `list=allpages`, `meta=allmessages`, and MediaWiki's parameter validation of every module
 * (warnings and errors), compared as whole answers in formats 1 and 2.
 */
t.test('entity pages, lists, messages and warnings', async t => {
  const { get, post } = await startActionApiApp(t, 'querypages')
  const property = await post({ action: 'wbeditentity', new: 'property', data: JSON.stringify({ datatype: 'external-id', labels: { en: { language: 'en', value: 'ID' } } }) }, 'Editor')
  const statement = { mainsnak: { snaktype: 'value', property: 'P1', datavalue: { value: 'b1', type: 'string' } }, type: 'statement', rank: 'normal' }
  const item = await post({ action: 'wbeditentity', new: 'item', data: JSON.stringify({ labels: { en: { language: 'en', value: 'Berlin' } }, claims: [statement] }) }, 'Editor')
  const info = (await get({ action: 'wbgetentities', ids: 'P1|Q1', props: 'info' })).entities
  const [p1, q1] = [info.P1, info.Q1]
  const guid = item.entity.claims.P1[0].id as string
  const itemText = JSON.stringify({
    type: 'item', id: 'Q1', labels: { en: { language: 'en', value: 'Berlin' } }, descriptions: {}, aliases: {},
    claims: { P1: [{ id: guid, ...statement }] }, sitelinks: {}
  })
  const propertyText = JSON.stringify({
    type: 'property', id: 'P1', datatype: 'external-id', labels: { en: { language: 'en', value: 'ID' } }, descriptions: {}, aliases: {}, claims: {}
  })
  t.equal(property.entity.id, 'P1')

  t.test('titles with prop=info|revisions|pageprops, format 1', async t => {
    const answer = await get({
      action: 'query', titles: 'Item:Q1|item_Q1|item:Q1|Item:Q999|Talk:Foo|Bad[title|Property:P1', prop: 'info|revisions|pageprops',
      rvprop: 'ids|timestamp|user|comment|size|contentmodel|content', rvslots: 'main', indexpageids: ''
    })
    const language = (contentmodel: string): Record<string, string> => ({ contentmodel, pagelanguage: 'en', pagelanguagehtmlcode: 'en', pagelanguagedir: 'ltr' })
    const page = (entity: typeof q1, model: string, text: string, props: Record<string, string>): Record<string, unknown> => ({
      pageid: entity.pageid, ns: entity.ns, title: entity.title, contentmodel: model, pagelanguage: 'en', pagelanguagehtmlcode: 'en', pagelanguagedir: 'ltr',
      touched: entity.modified, lastrevid: entity.lastrevid, length: Buffer.byteLength(text), new: '',
      revisions: [{
        revid: entity.lastrevid, parentid: 0, user: 'Editor', timestamp: entity.modified, size: Buffer.byteLength(text),
        slots: { main: { contentmodel: model, contentformat: 'application/json', '*': text } }, comment: '/* wbeditentity-create */'
      }],
      pageprops: props
    })
    t.strictSame(answer, {
      batchcomplete: '',
      query: {
        normalized: [{ from: 'item_Q1', to: 'Item Q1' }, { from: 'item:Q1', to: 'Item:Q1' }],
        pageids: [String(q1.pageid), '-1', '-2', '-3', '-4', String(p1.pageid)],
        pages: {
          [q1.pageid]: page(q1, 'wikibase-item', itemText, { 'wb-claims': '1', 'wb-identifiers': '1', 'wb-sitelinks': '0' }),
          '-1': { ns: 0, title: 'Item Q1', missing: '', ...language('wikitext') },
          '-2': { ns: 120, title: 'Item:Q999', missing: '', ...language('wikibase-item') },
          '-3': { ns: 1, title: 'Talk:Foo', missing: '', ...language('wikitext') },
          '-4': { title: 'Bad[title', invalidreason: 'The requested page title contains invalid characters: "[".', invalid: '' },
          [p1.pageid]: page(p1, 'wikibase-property', propertyText, { 'wb-claims': '0' })
        }
      }
    })
  })

  t.test('pageids in format 2, legacy revisions output and errorformat=plaintext', async t => {
    const answer = await get({ action: 'query', pageids: `${q1.pageid}|5`, prop: 'revisions|info', rvprop: 'content', formatversion: '2', errorformat: 'plaintext', inprop: 'url' })
    t.strictSame(answer, {
      warnings: [{
        code: 'deprecation',
        text: 'Because "rvslots" was not specified, a legacy format has been used for the output. This format is deprecated, and in the future the new format will always be used.',
        module: 'query+revisions'
      }],
      batchcomplete: true,
      query: {
        pages: [
          {
            pageid: q1.pageid, ns: 120, title: 'Item:Q1', revisions: [{ contentformat: 'application/json', content: itemText }],
            contentmodel: 'wikibase-item', pagelanguage: 'en', pagelanguagehtmlcode: 'en', pagelanguagedir: 'ltr', touched: q1.modified,
            lastrevid: q1.lastrevid, length: Buffer.byteLength(itemText), redirect: false, new: true,
            fullurl: 'http://localhost:80/wiki/Item:Q1', editurl: 'http://localhost:80/w/index.php?title=Item:Q1&action=edit', canonicalurl: 'http://localhost:80/wiki/Item:Q1'
          },
          { pageid: 5, missing: true }
        ]
      }
    })
  })

  t.test('list=allpages over an entity namespace, continued', async t => {
    await post({ action: 'wbeditentity', new: 'item', data: '{}' }, 'Editor')
    const q2 = (await get({ action: 'wbgetentities', ids: 'Q2', props: 'info' })).entities.Q2
    t.strictSame(await get({ action: 'query', list: 'allpages', apnamespace: '120', aplimit: '1' }), {
      batchcomplete: '', continue: { apcontinue: 'Q2', continue: '-||' }, query: { allpages: [{ pageid: q1.pageid, ns: 120, title: 'Item:Q1' }] }
    })
    t.strictSame(await get({ action: 'query', list: 'allpages', apnamespace: '120', apcontinue: 'Q2', formatversion: '2' }), {
      batchcomplete: true, query: { allpages: [{ pageid: q2.pageid, ns: 120, title: 'Item:Q2' }] }
    })
    t.strictSame((await get({ action: 'query', list: 'allpages', apnamespace: '122', apdir: 'descending' })).query.allpages, [{ pageid: p1.pageid, ns: 122, title: 'Property:P1' }])
    t.strictSame((await get({ action: 'query', list: 'allpages' })).query.allpages, [], 'the main namespace holds the host\'s pages, not entities')
  })

  t.test('meta=allmessages', async t => {
    t.strictSame(await get({ action: 'query', meta: 'allmessages', ammessages: 'wikibase-entity-item|nope' }), {
      batchcomplete: '',
      query: { allmessages: [{ name: 'wikibase-entity-item', normalizedname: 'wikibase-entity-item', '*': 'item' }, { name: 'nope', normalizedname: 'nope', missing: '' }] }
    })
    t.strictSame((await get({ action: 'query', meta: 'allmessages', amprefix: 'wikibase-api-no-such-entity', amargs: 'Q5', formatversion: '2' })).query.allmessages, [
      { name: 'wikibase-api-no-such-entity', normalizedname: 'wikibase-api-no-such-entity', content: 'Could not find an entity with the ID "Q5".' },
      { name: 'wikibase-api-no-such-entity-link', normalizedname: 'wikibase-api-no-such-entity-link', content: 'No entity found matching the site link.' }
    ])
  })

  t.test('unknown parameters and values: warnings; unknown action and single values: errors', async t => {
    t.strictSame(await get({ action: 'query', prop: 'revisions' }), { batchcomplete: '' }, 'a prop without pages')
    t.strictSame(await get({ action: 'query', prop: 'revisons|info', titles: 'Item:Q999', foo: '1', bar: '' }), {
      warnings: { query: { '*': 'Unrecognized value for parameter "prop": revisons' }, main: { '*': 'Unrecognized parameters: foo, bar.' } },
      batchcomplete: '',
      query: { pages: { '-1': { ns: 120, title: 'Item:Q999', missing: '', contentmodel: 'wikibase-item', pagelanguage: 'en', pagelanguagehtmlcode: 'en', pagelanguagedir: 'ltr' } } }
    })
    t.strictSame(await get({ action: 'query', meta: 'siteinfo', siprop: 'general|statistics', formatversion: '2', rvprop: 'content' }), {
      warnings: { siteinfo: { warnings: 'Unrecognized value for parameter "siprop": statistics' }, main: { warnings: 'Unrecognized parameter: rvprop.' } },
      batchcomplete: true,
      query: { general: (await get({ action: 'query', meta: 'siteinfo' })).query.general }
    }, 'a submodule\'s parameters are known only when it is selected')
    t.strictSame((await get({ action: 'wbgetentities', ids: 'Q1', props: 'labels|bogus', languages: 'en', languagefallback: '', uselang: 'en' })), {
      warnings: { wbgetentities: { '*': 'Unrecognized value for parameter "props": bogus' } },
      entities: { Q1: { type: 'item', id: 'Q1', labels: { en: { language: 'en', value: 'Berlin' } } } },
      success: 1
    })
    t.strictSame(await get({ action: 'wbfrobnicate' }), { error: { code: 'badvalue', info: 'Unrecognized value for parameter "action": wbfrobnicate.', '*': REF } })
    t.strictSame(await get({ action: 'query', prop: 'revisons', titles: 'Item:Q1', pageids: '1' }), {
      warnings: { query: { '*': 'Unrecognized value for parameter "prop": revisons' } },
      error: { code: 'invalidparammix', info: 'The parameters "titles" and "pageids" can not be used together.', '*': REF }
    }, 'warnings found before an error are kept')
    t.strictSame(await get({ action: 'query', list: 'recentchanges', rcdir: 'up' }), { error: { code: 'badvalue', info: 'Unrecognized value for parameter "rcdir": up.', '*': REF } })
    t.strictSame(await get({ action: 'query', list: 'allpages', aplimit: 'lots' }), { error: { code: 'badinteger', info: 'Invalid value "lots" for integer parameter "aplimit".', '*': REF } })
    t.strictSame(await get({ action: 'query', pageids: '1|x' }), { error: { code: 'badinteger', info: 'Invalid value "x" for integer parameter "pageids".', '*': REF } })
    t.strictSame(await post({ action: 'wbsetlabel', id: 'Q1', value: 'x' }, 'Editor'), { error: { code: 'missingparam', info: 'The "language" parameter must be set.', '*': REF } })
  })
})
