import t from 'tap'
import { createEntity } from '../../../../plugin/repo/entities/entity-editor.js'
import { api, startApiRepo, V1 } from './api-test-repo.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * `action=protect` (MediaWiki's ApiProtect) on entity pages, and the protection enforced on
 * every entity edit: action API `protectedpage`, REST 403 `permission-denied` with
 * `denial_reason: resource-protected` (Wikibase's REST API), wbcreateredirect of a protected source.
 * Users: Admin may everything; Editor lacks `editprotected` and `protect`; Newbie also
 * `editsemiprotected`.
 */
t.test('protect', async t => {
  const { app, host, ctx } = await startApiRepo(t, 'protect')
  const db = wikibaseInternals(app).self
  for (const right of ['editprotected', 'protect']) host.denied.add(`Editor:${right}`)
  for (const right of ['editprotected', 'editsemiprotected', 'protect']) host.denied.add(`Newbie:${right}`)
  await createEntity(ctx, 'item', { type: 'item', labels: { en: { language: 'en', value: 'Berlin' } } }) // Q1
  await createEntity(ctx, 'item', { type: 'item' }) // Q2
  await createEntity(ctx, 'property', { type: 'property', datatype: 'string' }) // P1
  const pageId: string = (await db.pool.query("SELECT entity_page_id FROM repo.wb_entities WHERE entity_id = 'Q1'")).rows[0].entity_page_id
  const protections = async (): Promise<unknown[]> =>
    (await db.pool.query('SELECT pr_entity_id, pr_type, pr_level, pr_expiry FROM repo.wb_entity_protections ORDER BY 1, 2')).rows

  t.test('refusals: ApiProtect\'s error codes, nothing stored', async t => {
    const cases: Array<[string, string, Record<string, string>, string]> = [
      ['neither title nor pageid', 'admin', { protections: 'edit=sysop' }, 'missingparam'],
      ['title and pageid', 'admin', { title: 'Q1', pageid: String(pageId), protections: 'edit=sysop' }, 'invalidparammix'],
      ['not an entity page', 'admin', { title: 'Main Page', protections: 'edit=sysop' }, 'invalidtitle'],
      ['an item id as a property title', 'admin', { title: 'Property:Q1', protections: 'edit=sysop' }, 'invalidtitle'],
      ['unknown page id', 'admin', { pageid: '999999', protections: 'edit=sysop' }, 'nosuchpageid'],
      ['no protections', 'admin', { title: 'Q1' }, 'missingparam'],
      ['no protect right', 'editor', { title: 'Q1', protections: 'edit=sysop' }, 'permissiondenied'],
      ['create on an existing page', 'admin', { title: 'Q1', protections: 'create=sysop' }, 'create-titleexists'],
      ['missing entity', 'admin', { title: 'Q99', protections: 'edit=sysop' }, 'missingtitle-createonly'],
      ['create protection of a missing entity', 'admin', { title: 'Q99', protections: 'create=sysop' }, 'missingtitle'],
      ['unknown action', 'admin', { title: 'Q1', protections: 'upload=sysop' }, 'protect-invalidaction'],
      ['unknown level', 'admin', { title: 'Q1', protections: 'edit=bureaucrat' }, 'protect-invalidlevel'],
      ['no level', 'admin', { title: 'Q1', protections: 'edit' }, 'protect-invalidlevel'],
      ['more expiries than protections', 'admin', { title: 'Q1', protections: 'edit=sysop', expiry: 'infinite|infinite' }, 'toofewexpiries'],
      ['bad expiry', 'admin', { title: 'Q1', protections: 'edit=sysop', expiry: 'next Tuesday-ish' }, 'invalidexpiry'],
      ['past expiry', 'admin', { title: 'Q1', protections: 'edit=sysop', expiry: '2001-01-01T00:00:00Z' }, 'pastexpiry']
    ]
    for (const [name, user, params, code] of cases) {
      const body = await api(app, user, { action: 'protect', ...params })
      t.equal(body.error?.code, code, `${name}: ${code}`)
    }
    t.same(await protections(), [])
  })

  t.test('protect, shown as ApiProtect answers', async t => {
    const answer = await api(app, 'admin', { action: 'protect', title: 'Item:Q1', protections: 'edit=sysop|move=autoconfirmed', reason: 'vandalism' })
    t.same(answer, { protect: { title: 'Item:Q1', reason: 'vandalism', protections: [{ edit: 'sysop', expiry: 'infinite' }, { move: 'autoconfirmed', expiry: 'infinite' }] } })
    const byPageId = await api(app, 'admin', { action: 'protect', pageid: String(pageId), protections: 'edit=sysop|move=sysop', expiry: '2099-01-02T03:04:05Z|never' })
    t.same(byPageId.protect.protections, [{ edit: 'sysop', expiry: '2099-01-02T03:04:05Z' }, { move: 'sysop', expiry: 'infinite' }])
    const property = await api(app, 'admin', { action: 'protect', title: 'P1', protections: 'edit=autoconfirmed' })
    t.same(property.protect, { title: 'Property:P1', reason: '', protections: [{ edit: 'autoconfirmed', expiry: 'infinite' }] })
    t.same(await protections(), [
      { pr_entity_id: 'P1', pr_type: 'edit', pr_level: 'autoconfirmed', pr_expiry: null },
      { pr_entity_id: 'Q1', pr_type: 'edit', pr_level: 'sysop', pr_expiry: new Date('2099-01-02T03:04:05Z') },
      { pr_entity_id: 'Q1', pr_type: 'move', pr_level: 'sysop', pr_expiry: null }
    ])
    const cantEdit = await api(app, 'editor', { action: 'protect', title: 'Q1', protections: 'edit=autoconfirmed' })
    t.equal(cantEdit.error.code, 'permissiondenied', 'protect is checked before being able to edit')
    host.denied.delete('Editor:protect')
    t.equal((await api(app, 'editor', { action: 'protect', title: 'Q1', protections: 'edit=autoconfirmed' })).error.code, 'protect-cantedit')
    t.equal((await api(app, 'editor', { action: 'protect', title: 'Q2', protections: 'edit=sysop' })).error.code, 'protect-invalidlevel',
      'a level whose right the user lacks cannot be set')
    host.denied.add('Editor:protect')
  })

  t.test('edits of a protected entity: refused without the level\'s right, on both APIs', async t => {
    const label = { action: 'wbsetlabel', id: 'Q1', language: 'de', value: 'Berlin' }
    const refused = await api(app, 'editor', label)
    t.equal(refused.error.code, 'protectedpage')
    t.same(refused.error.messages.map((m: { name: string, parameters: unknown[] }) => [m.name, m.parameters]), [['protectedpagetext', ['editprotected', 'edit']]])
    const rest = await app.inject({ method: 'PUT', url: `${V1}/entities/items/Q1/labels/de`, headers: { 'x-test-user': 'editor' }, payload: { label: 'Berlin' } })
    t.equal(rest.statusCode, 403)
    t.same(rest.json(), { code: 'permission-denied', message: 'Access to resource is denied', context: { denial_reason: 'resource-protected', denial_context: { right: 'editprotected' } } })
    const patch = await app.inject({ method: 'PATCH', url: `${V1}/entities/items/Q1`, headers: { 'x-test-user': 'editor' },
      payload: { patch: [{ op: 'add', path: '/labels/de', value: 'Berlin' }] } })
    t.equal(patch.statusCode, 403)
    t.equal((await api(app, 'admin', label)).success, 1, 'a user with editprotected edits')

    t.equal((await api(app, 'newbie', { action: 'wbsetlabel', id: 'P1', language: 'de', value: 'x' })).error.code, 'protectedpage', 'semi-protection')
    t.equal((await api(app, 'editor', { action: 'wbsetlabel', id: 'P1', language: 'de', value: 'x' })).success, 1, 'editsemiprotected is enough')

    await api(app, 'admin', { action: 'protect', title: 'Q2', protections: 'edit=sysop' })
    t.equal((await api(app, 'editor', { action: 'wbcreateredirect', from: 'Q2', to: 'Q1' })).error.code, 'protectedpage', 'a protected source is not redirected')

    await db.pool.query("UPDATE repo.wb_entity_protections SET pr_expiry = now() - interval '1 second' WHERE pr_entity_id = 'Q2'")
    t.same((await api(app, 'editor', { action: 'wbsetlabel', id: 'Q2', language: 'en', value: 'free again' })).success, 1, 'an expired protection is no more')
    const lifted = await api(app, 'admin', { action: 'protect', title: 'Q1', protections: '' })
    t.same(lifted, { protect: { title: 'Item:Q1', reason: '', protections: [] } })
    t.same((await protections()).map(p => (p as { pr_entity_id: string }).pr_entity_id), ['P1', 'Q2'], 'empty protections lift all of Q1\'s')
    t.equal((await api(app, 'editor', label)).success, 1)
  })
})

t.test('repoSettings.restrictionLevels: the levels offered, each asking for the right of its name', async t => {
  const { app, host, ctx } = await startApiRepo(t, 'levels', { restrictionLevels: ['sysop', 'templateeditor'] })
  await createEntity(ctx, 'item', { type: 'item' }) // Q1
  host.denied.add('Editor:templateeditor')
  t.equal((await api(app, 'admin', { action: 'protect', title: 'Q1', protections: 'edit=autoconfirmed' })).error.code, 'protect-invalidlevel')
  t.same((await api(app, 'admin', { action: 'protect', title: 'Q1', protections: 'edit=templateeditor' })).protect.protections,
    [{ edit: 'templateeditor', expiry: 'infinite' }])
  const edit = { action: 'wbsetlabel', id: 'Q1', language: 'en', value: 'x' }
  t.same((await api(app, 'editor', edit)).error.messages[0].parameters, ['templateeditor', 'edit'])
  t.equal((await api(app, 'admin', edit)).success, 1)
})
