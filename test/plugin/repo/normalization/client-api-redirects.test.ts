import t from 'tap'
import type { AddressInfo } from 'node:net'
import { startActionApiApp } from '../../../support/action-api-app.js'
import { addSite } from '../../../../plugin/sites/site-store.js'
import { newMediaWikiSite } from '../../../../plugin/sites/mediawiki-site-input.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * The repo checks a sitelink's page on the client wiki through that wiki's own api.php, over
 * real HTTP between two plugin apps: the client's host has `Berlin (city)` and a redirect to
 * it; the plugin's api.php answers `action=query&titles=…&redirects` from the host's pages.
 */
t.test('sitelinks to a redirect on another wiki, asked over HTTP of its api.php', async t => {
  const client = await startActionApiApp(t, 'redirclient')
  await client.host.save('Berlin (city)', 'The city.')
  await client.host.save('Berlin redirect', '#REDIRECT [[Berlin (city)]]')
  await client.app.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(client.app.server.address() as AddressInfo).port}`

  t.test('the client wiki answers as MediaWiki does (formatversion 2)', async t => {
    const answer = await (await fetch(`${url}/w/api.php?action=query&titles=Berlin_redirect|Nowhere|Berlin%20(city)&redirects=1&converttitles=1&prop=info&format=json&formatversion=2`)).json()
    t.match(answer, {
      batchcomplete: true,
      query: {
        normalized: [{ fromencoded: false, from: 'Berlin_redirect', to: 'Berlin redirect' }],
        redirects: [{ from: 'Berlin redirect', to: 'Berlin (city)' }],
        pages: [{ ns: 0, title: 'Berlin (city)', pageid: Number }, { ns: 0, title: 'Nowhere', missing: true }]
      }
    })
    t.equal(answer.query.pages.length, 2, 'the redirect target once')
  })

  const repo = await startActionApiApp(t, 'redirrepo', { repoSettings: { redirectBadgeItems: ['Q2'] } })
  await addSite(wikibaseInternals(repo.app).self, newMediaWikiSite({ globalId: 'clientwiki', group: 'wikipedia', pagePath: `${url}/wiki/$1`, filePath: `${url}/w/$1` }))
  for (let i = 0; i < 3; i++) await repo.post({ action: 'wbeditentity', new: 'item', data: '{}' }, 'Editor')

  t.test('followed without a redirect badge; a conflict then names the redirect badges; kept with a badge', async t => {
    const plain = await repo.post({ action: 'wbsetsitelink', id: 'Q1', linksite: 'clientwiki', linktitle: 'Berlin_redirect' }, 'Editor')
    t.same(plain.entity.sitelinks.clientwiki, { site: 'clientwiki', title: 'Berlin (city)', badges: [], url: `${url}/wiki/Berlin_(city)` })
    const refused = await repo.post({ action: 'wbsetsitelink', id: 'Q3', linksite: 'clientwiki', linktitle: 'Berlin redirect' }, 'Editor')
    t.match(refused, {
      error: {
        code: 'failed-save',
        messages: [{ name: 'wikibase-validator-sitelink-conflict-redirects-supported', parameters: ['clientwiki:Berlin (city)', 'Q1'] }]
      }
    })
    const badged = await repo.post({ action: 'wbsetsitelink', id: 'Q3', linksite: 'clientwiki', linktitle: 'Berlin redirect', badges: 'Q2' }, 'Editor')
    t.same(badged.entity.sitelinks.clientwiki, { site: 'clientwiki', title: 'Berlin redirect', badges: ['Q2'], url: `${url}/wiki/Berlin_redirect` })
    const missing = await repo.post({ action: 'wbsetsitelink', id: 'Q3', linksite: 'clientwiki', linktitle: 'Nowhere' }, 'Editor')
    t.equal(missing.error?.code, 'no-external-page')
  })
})
