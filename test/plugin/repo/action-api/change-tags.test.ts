import t from 'tap'
import { startActionApiApp } from '../../../support/action-api-app.js'
import { revisionTags } from '../../../../plugin/repo/change-tags/change-tag-store.js'
import { tableName } from '../../../../plugin/db/wiki-database.js'
import { restErrorOf } from '../../../../plugin/repo/rest/rest-errors.js'
import { InvalidEditTagsError } from '../../../../plugin/repo/entities/entity-errors.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * Change tags on the action API: action=managetags (MediaWiki's ApiManageTags and ChangeTags'
 * checks), list=tags (ApiQueryTags), and `tags` on the wb* edit modules: stored with the
 * revision and handed to the host's recentchanges row, refused when not applicable.
 */
t.test('action=managetags, step by step', async t => {
  const { host, get, post } = await startActionApiApp(t, 'managetags')
  host.denied.add('Admin:deletechangetags')
  host.denied.add('Bot:managechangetags')
  const ok = (operation: string, tag: string, logid: number): unknown => ({ managetags: { operation, tag, success: '', logid } })
  const error = (code: string): unknown => ({ error: { code } })
  const steps: Array<[string, Record<string, string>, string, unknown]> = [
    ['create', { operation: 'create', tag: 'spam', reason: 'for patrolling' }, 'Editor', ok('create', 'spam', 1)],
    ['create it again', { operation: 'create', tag: 'spam' }, 'Editor', error('tags-create-already-exists')],
    ['create without a name', { operation: 'create', tag: '' }, 'Editor', error('tags-create-no-name')],
    ['create with a comma', { operation: 'create', tag: 'a,b' }, 'Editor', error('tags-create-invalid-chars')],
    ['create with a slash', { operation: 'create', tag: 'a/b' }, 'Editor', error('tags-create-invalid-chars')],
    ['create with a title character', { operation: 'create', tag: 'a#b' }, 'Editor', error('tags-create-invalid-title-chars')],
    ['create without managechangetags', { operation: 'create', tag: 'mine' }, 'Bot', error('permissiondenied')],
    ['no operation', { tag: 'x' }, 'Editor', error('missingparam')],
    ['no tag', { operation: 'create' }, 'Editor', error('missingparam')],
    ['an unknown operation', { operation: 'rename', tag: 'spam' }, 'Editor', error('badvalue')],
    ['deactivate', { operation: 'deactivate', tag: 'spam', reason: 'done' }, 'Editor', ok('deactivate', 'spam', 2)],
    ['deactivate it again', { operation: 'deactivate', tag: 'spam' }, 'Editor', error('tags-deactivate-not-allowed')],
    ['deactivate an unknown tag', { operation: 'deactivate', tag: 'nope' }, 'Editor', error('tags-deactivate-not-allowed')],
    ['activate', { operation: 'activate', tag: 'spam' }, 'Editor', ok('activate', 'spam', 3)],
    ['activate it again', { operation: 'activate', tag: 'spam' }, 'Editor', error('tags-activate-not-allowed')],
    ['activate an unknown tag', { operation: 'activate', tag: 'nope' }, 'Editor', error('tags-activate-not-found')],
    ['delete an unknown tag', { operation: 'delete', tag: 'nope' }, 'Editor', error('tags-delete-not-found')],
    ['delete without deletechangetags', { operation: 'delete', tag: 'spam' }, 'Admin', error('tags-delete-no-permission')],
    ['create another', { operation: 'create', tag: 'old' }, 'Admin', ok('create', 'old', 4)],
    ['delete', { operation: 'delete', tag: 'old' }, 'Editor', ok('delete', 'old', 5)]
  ]
  for (const [name, params, user, expected] of steps) t.match(await post({ action: 'managetags', ...params }, user), expected, name)

  t.match(await get({ action: 'managetags', operation: 'create', tag: 'x' }, 'Editor'), error('mustbeposted'), 'GET is refused')
  t.match(await post({ action: 'managetags', operation: 'create', tag: 'x', token: 'bad' }, 'Editor'), error('badtoken'), 'a bad token is refused')
  t.same((await post({ action: 'managetags', operation: 'create', tag: 'v2', formatversion: '2' }, 'Editor')).managetags,
    { operation: 'create', tag: 'v2', success: true, logid: 6 }, 'format 2: success is a boolean')

  t.test('list=tags', async t => {
    const v1 = await get({ action: 'query', list: 'tags', tgprop: 'name|displayname|description|hitcount|defined|source|active' })
    t.same(v1, {
      batchcomplete: '',
      query: {
        tags: [
          { name: 'spam', displayname: 'spam', description: '', hitcount: 0, defined: '', source: ['manual'], active: '' },
          { name: 'v2', displayname: 'v2', description: '', hitcount: 0, defined: '', source: ['manual'], active: '' }
        ]
      }
    })
    await post({ action: 'managetags', operation: 'deactivate', tag: 'v2' }, 'Editor')
    const v2 = await get({ action: 'query', list: 'tags', tgprop: 'defined|active', formatversion: '2' })
    t.same(v2.query.tags, [{ name: 'spam', defined: true, active: true }, { name: 'v2', defined: false, active: false }])
    const first = await get({ action: 'query', list: 'tags', tglimit: '1' })
    t.same(first, { batchcomplete: '', continue: { tgcontinue: 'v2', continue: '-||' }, query: { tags: [{ name: 'spam' }] } })
    const second = await get({ action: 'query', list: 'tags', tglimit: '1', tgcontinue: 'v2' })
    t.same(second, { batchcomplete: '', query: { tags: [{ name: 'v2' }] } })
  })
})

t.test('tags on wb* edits', async t => {
  const { app, host, get, post } = await startActionApiApp(t, 'edittags')
  const db = wikibaseInternals(app).self
  for (const tag of ['spam', 'bot-run', 'retired']) await post({ action: 'managetags', operation: 'create', tag }, 'Editor')
  await post({ action: 'managetags', operation: 'deactivate', tag: 'retired' }, 'Editor')

  const created = await post({ action: 'wbeditentity', new: 'item', data: JSON.stringify({ labels: { en: { language: 'en', value: 'Berlin' } } }), tags: 'spam' }, 'Editor')
  const id = created.entity.id as string
  const first = created.entity.lastrevid as number
  const labelled = await post({ action: 'wbsetlabel', id, language: 'de', value: 'Berlin', tags: 'spam|bot-run' }, 'Editor')
  const second = labelled.entity.lastrevid as number
  const plain = await post({ action: 'wbsetdescription', id, language: 'en', value: 'capital' }, 'Editor')

  t.same(await revisionTags(db.pool, db, [first, second, plain.entity.lastrevid]), new Map([[first, ['spam']], [second, ['bot-run', 'spam']]]),
    'the tags are stored with their revisions')
  t.same(host.edits.map(edit => edit.tags), [['spam'], ['spam', 'bot-run'], undefined], 'and handed to the host with the edit')
  t.same(host.entityEditChanges.map(rc => rc.tags), [['spam'], ['spam', 'bot-run'], []], 'whose recentchanges rows carry them')
  t.match((await get({ action: 'query', list: 'tags', tgprop: 'hitcount' })).query.tags,
    [{ name: 'bot-run', hitcount: 1 }, { name: 'retired', hitcount: 0 }, { name: 'spam', hitcount: 2 }])

  const revisions = async (): Promise<number> =>
    Number((await db.pool.query(`SELECT count(*) AS n FROM ${tableName(db, 'wb_entity_revisions')}`)).rows[0].n)
  const before = await revisions()
  host.denied.add('Bot:applychangetags')
  const refusals: Array<[string, Record<string, string>, string, unknown]> = [
    ['an undefined tag', { tags: 'nope' }, 'Editor',
      { code: 'tags-apply-not-allowed-one', info: 'The tag "nope" is not allowed to be manually applied.', messages: [{ name: 'tags-apply-not-allowed-one', parameters: ['nope', 1] }] }],
    ['two of them', { tags: 'spam|nope|retired' }, 'Editor', { code: 'tags-apply-not-allowed-multi', messages: [{ parameters: ['nope, retired', 2] }] }],
    ['a deactivated tag', { tags: 'retired' }, 'Editor', { code: 'tags-apply-not-allowed-one' }],
    ['without applychangetags', { tags: 'spam' }, 'Bot', { code: 'tags-apply-no-permission' }]
  ]
  for (const [name, params, user, expected] of refusals) {
    const answer = await post({ action: 'wbsetlabel', id, language: 'fr', value: 'Berlin', ...params }, user)
    t.match(answer, { error: expected }, name)
  }
  t.equal(await revisions(), before, 'a refused edit saves nothing')
  t.equal(host.edits.length, 3, 'and records nothing at the host')

  const rest = async (tags: string[]): Promise<{ statusCode: number, body: any }> => {
    const response = await app.inject({
      method: 'POST', url: '/w/rest.php/wikibase/v1/entities/items', headers: { 'x-test-user': 'Editor' },
      payload: { item: { labels: { en: 'Roma' } }, tags }
    })
    return { statusCode: response.statusCode, body: response.json() }
  }
  t.same(await rest(['spam', 'nope']), { statusCode: 400, body: { code: 'invalid-value', message: "Invalid value at '/tags/1'", context: { path: '/tags/1' } } },
    'REST: 400 invalid-value at the refused tag (Wikibase EditMetadataRequestValidatingDeserializerTest)')
  t.equal((await rest(['spam'])).statusCode, 201, 'REST: an applicable tag')
  t.same(host.edits.at(-1)?.tags, ['spam'])
  t.same(restErrorOf(new InvalidEditTagsError(['nope'], 1)),
    { statusCode: 400, body: { code: 'invalid-value', message: "Invalid value at '/tags/1'", context: { path: '/tags/1' } } },
    'REST: 400 invalid-value at the tag (Wikibase EditMetadataRequestValidatingDeserializer)')
})
