import t from 'tap'
import { startExampleFarm } from '../support/example-farm.js'
import { REPO_ID } from '../../example-wiki/farm.js'

/**
 * Issue 16.3 on the example repo's own pages: a revision whose comment a sysop hid with
 * `action=revisiondelete` shows "(edit summary removed)", struck through, in the item's
 * history to readers without `deletedhistory`; the user stays visible (only the comment was hidden).
 */
t.test('the item history hides a deleted edit summary from readers who may not see it', async t => {
  const farm = await startExampleFarm(t, 'histvis', 'history-admin-password')
  const repo = farm.wikis.get(REPO_ID)!.app
  const post = async (params: Record<string, string>, cookie?: string): Promise<{ body: any, cookie: string | undefined }> => {
    const response = await repo.inject({
      method: 'POST',
      url: '/w/api.php',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie === undefined ? {} : { cookie }) },
      payload: new URLSearchParams({ format: 'json', formatversion: '2', ...params }).toString()
    })
    const set = response.headers['set-cookie']
    return { body: response.json(), cookie: (Array.isArray(set) ? set[0] : set)?.split(';')[0] ?? cookie }
  }
  const loginToken = await post({ action: 'query', meta: 'tokens', type: 'login' })
  const login = await post({ action: 'login', lgname: 'Admin', lgpassword: 'history-admin-password', lgtoken: loginToken.body.query.tokens.logintoken }, loginToken.cookie)
  t.equal(login.body.login?.result, 'Success', 'the sysop is logged in to the repo')
  const token = (await post({ action: 'query', meta: 'tokens' }, login.cookie)).body.query.tokens.csrftoken as string
  const edit = await post({ action: 'wbsetdescription', id: 'Q84', language: 'en', value: 'capital of England', summary: 'secret words', token }, login.cookie)
  const revision = edit.body.entity.lastrevid as number
  t.ok(revision > 0, 'the edit saved a revision')

  const history = async (cookie?: string): Promise<string> =>
    (await repo.inject({ url: '/wiki/Item:Q84?action=history', headers: cookie === undefined ? {} : { cookie } })).body
  t.match(await history(), /secret words/, 'before: everybody sees the summary')

  const hidden = await post({
    action: 'revisiondelete', type: 'revision', target: 'Item:Q84', ids: String(revision), hide: 'comment', reason: 'private data', token
  }, login.cookie)
  t.equal(hidden.body.revisiondelete?.status, 'Success', 'the sysop hid the comment')

  const anonymous = await history()
  t.notMatch(anonymous, /secret words/, 'an anonymous reader does not see the hidden summary')
  t.match(anonymous, /<span class="comment history-deleted">\(\(edit summary removed\)\)<\/span>/, 'but MediaWiki\'s placeholder, struck through')
  t.match(anonymous, /<span class="history-user">Admin<\/span>/, 'the editor is still shown')
})
