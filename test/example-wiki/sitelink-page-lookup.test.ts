import t from 'tap'
import { adminOf, startExampleFarm } from '../support/example-farm.js'
import { REPO_ID } from '../../example-wiki/farm.js'
import { savePage } from '../../example-wiki/engine/wiki-engine.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import { TOKEN_HEADER, USER_HEADER, USER_TOKEN } from '../../example-wiki/web/plugin-api.js'

/**
 * Issue 22, "Sitelinks to redirects", on the example farm: the repo checks a new sitelink's
 * page on the client wiki through the farm (the host's `sitePageInfo`, answered by the
 * client's own engine in process), as Wikibase asks the client's api.php: a missing page is
 * refused, a redirect is followed (its target already linked: a conflict), a redirect badge
 * keeps the redirect, an existing page is linked.
 */

const REDIRECT_BADGE = 'Q70893996'

t.test('a sitelink to an enwiki page is checked on enwiki through the farm', async t => {
  const farm = await startExampleFarm(t, 'slk', 'sitelink-admin-password')
  const repo = farm.wikis.get(REPO_ID)!
  const en = farm.wikis.get('enwiki')!.wiki
  const enAdmin = await adminOf(en)
  const repoAdmin = await adminOf(repo.wiki)
  for (const [title, text] of [['Londinium', '#REDIRECT [[London]]'], ['Paddington', 'A part of London.'], ['Paddington station', '#REDIRECT [[Paddington]]'], ['Camden', 'A borough of London.'], ['Nowhere land', '#REDIRECT [[No such page]]']]) {
    await savePage(en, { title: parseTitle(title!), text: text!, comment: 'test page', user: enAdmin })
  }
  const headers = { [USER_HEADER]: JSON.stringify(repoAdmin), [TOKEN_HEADER]: USER_TOKEN }
  const tokens = await repo.app.inject({ method: 'GET', url: '/w/api.php?action=query&meta=tokens&format=json', headers })
  const token: string = tokens.json().query.tokens.csrftoken
  const api = async (params: Record<string, string>): Promise<any> => {
    const response = await repo.app.inject({
      method: 'POST',
      url: '/w/api.php',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams({ format: 'json', token, ...params }).toString()
    })
    t.ok(response.statusCode < 500, `no 5xx for ${JSON.stringify(params)}`)
    return response.json()
  }
  const created = await api({ action: 'wbeditentity', new: 'item', data: '{}' })
  const id: string = created.entity.id
  const link = async (title: string, badges?: string): Promise<any> =>
    await api({ action: 'wbsetsitelink', id, linksite: 'enwiki', linktitle: title, ...(badges === undefined ? {} : { badges }) })

  for (const missing of ['No such page here', 'nowhere_land']) {
    const refused = await link(missing)
    t.equal(refused.error?.code, 'no-external-page', `${missing}: a page enwiki does not have (or a redirect to one) is refused`)
  }

  const conflict = await link('Londinium')
  t.equal(conflict.error?.code, 'failed-save', 'a redirect to London, which Q84 links, conflicts')
  t.same(conflict.error?.messages?.[0], { name: 'wikibase-validator-sitelink-conflict-redirects-supported', parameters: ['enwiki:London', 'Q84'], html: conflict.error?.messages?.[0]?.html })

  const badged = await link('Londinium', REDIRECT_BADGE)
  t.same(badged.entity?.sitelinks?.enwiki, { site: 'enwiki', title: 'Londinium', badges: [REDIRECT_BADGE], url: `${farm.urls.get('enwiki')!}wiki/Londinium` },
    'with a redirect badge the redirect page itself is linked')

  const newItem = async (): Promise<string> => (await api({ action: 'wbeditentity', new: 'item', data: '{}' })).entity.id
  const followed = await api({ action: 'wbsetsitelink', id: await newItem(), linksite: 'enwiki', linktitle: 'paddington_station' })
  t.same(followed.entity?.sitelinks?.enwiki, { site: 'enwiki', title: 'Paddington', badges: [], url: `${farm.urls.get('enwiki')!}wiki/Paddington` },
    'a redirect to an unlinked page is replaced by its target')

  const plain = await api({ action: 'wbsetsitelink', id: await newItem(), linksite: 'enwiki', linktitle: 'camden' })
  t.equal(plain.error, undefined, 'an existing page is linked')
  t.same(plain.entity?.sitelinks?.enwiki, { site: 'enwiki', title: 'Camden', badges: [], url: `${farm.urls.get('enwiki')!}wiki/Camden` })
})
