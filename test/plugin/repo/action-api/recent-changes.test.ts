import t from 'tap'
import { startActionApiApp } from '../../../support/action-api-app.js'

/**
 * `list=recentchanges` on the repo's api.php (MediaWiki's ApiQueryRecentChanges shape), read
 * through the host's queryRecentChanges service: props, formats 1 and 2, filters, and
 * continuation with `rccontinue` through edits made in the same second.
 */
t.test('list=recentchanges', async t => {
  const { host, get, post } = await startActionApiApp(t, 'rclist')
  await post({ action: 'managetags', operation: 'create', tag: 'spam' }, 'Editor')
  await post({ action: 'wbeditentity', new: 'property', data: JSON.stringify({ datatype: 'string', labels: { en: { language: 'en', value: 'motto' } } }) }, 'Editor')
  const item = await post({ action: 'wbeditentity', new: 'item', data: JSON.stringify({ labels: { en: { language: 'en', value: 'Berlin' } } }), tags: 'spam' }, 'Editor')
  const id = item.entity.id as string
  for (const language of ['de', 'fr', 'it']) await post({ action: 'wbsetlabel', id, language, value: 'Berlin', bot: '1', summary: language }, 'Bot')
  const rows = host.entityEditChanges
  t.equal(rows.length, 5)

  t.test('one row in each format', async t => {
    const props = 'title|ids|sizes|flags|user|userid|comment|timestamp|tags'
    const v1 = await get({ action: 'query', list: 'recentchanges', rcprop: props, rclimit: '1', rcdir: 'newer', rcnamespace: '120' })
    const created = rows[1]!
    const expected = {
      type: 'new', ns: 120, title: `Item:${id}`, pageid: created.rc_cur_id, revid: item.entity.lastrevid, old_revid: 0, rcid: created.rc_id,
      user: 'Editor', userid: 7, oldlen: 0, newlen: created.rc_new_len, timestamp: created.rc_timestamp.toISOString().replace('.000Z', 'Z'),
      comment: created.rc_comment, tags: ['spam']
    }
    t.same(v1.query.recentchanges, [{ ...expected, new: '' }], 'format 1: true flags as "", false ones left out')
    t.match(v1, { batchcomplete: '', continue: { rccontinue: /^\d{14}\|\d+$/, continue: '-||' } })
    const v2 = await get({ action: 'query', list: 'recentchanges', rcprop: props, rclimit: '1', rcdir: 'newer', rcnamespace: '120', formatversion: '2' })
    t.same(v2.query.recentchanges, [{ ...expected, bot: false, new: true, minor: false }], 'format 2: every flag a boolean')
    t.equal(v2.batchcomplete, true)
    const bot = await get({ action: 'query', list: 'recentchanges', rcprop: 'flags|user', rclimit: '1' })
    t.same(bot.query.recentchanges, [{ type: 'edit', user: 'Bot', bot: '' }], 'a bot edit, newest first')
    const defaults = await get({ action: 'query', list: 'recentchanges', rclimit: '1' })
    t.same(Object.keys(defaults.query.recentchanges[0]), ['type', 'ns', 'title', 'pageid', 'revid', 'old_revid', 'rcid', 'timestamp'], 'rcprop=title|timestamp|ids by default')
  })

  t.test('continuation walks every row once, both ways', async t => {
    for (const dir of ['older', 'newer']) {
      const seen: number[] = []
      let rccontinue: string | undefined
      let requests = 0
      do {
        const answer = await get({ action: 'query', list: 'recentchanges', rcprop: 'ids', rclimit: '2', rcdir: dir, ...(rccontinue === undefined ? {} : { rccontinue }) })
        seen.push(...answer.query.recentchanges.map((row: { rcid: number }) => row.rcid))
        rccontinue = answer.continue?.rccontinue
        requests += 1
      } while (rccontinue !== undefined && requests < 10)
      const all = rows.map(row => row.rc_id)
      t.same(seen, dir === 'older' ? [...all].reverse() : all, dir)
      t.equal(requests, 3, `${dir}: 2 + 2 + 1`)
    }
  })

  t.test('filters and bad parameters', async t => {
    const ids = async (params: Record<string, string>): Promise<number[]> =>
      (await get({ action: 'query', list: 'recentchanges', rcprop: 'ids', rcdir: 'newer', ...params })).query.recentchanges.map((row: { rcid: number }) => row.rcid)
    const all = rows.map(row => row.rc_id)
    const cases: Array<[string, Record<string, string>, number[]]> = [
      ['properties', { rcnamespace: '122' }, [all[0]!]],
      ['items and properties', { rcnamespace: '120|122' }, all],
      ['creations', { rctype: 'new' }, all.slice(0, 2)],
      ['external rows are not listed by default', { rctype: 'external' }, []],
      ['a window in the past', { rcend: '20000101000000' }, []],
      ['from the future on', { rcstart: '2999-01-01T00:00:00Z' }, []]
    ]
    for (const [name, params, expected] of cases) t.same(await ids(params), expected, name)
    const errors: Array<[Record<string, string>, string]> = [
      [{ rccontinue: 'nonsense' }, 'badcontinue'],
      [{ rccontinue: '20261201000000|x' }, 'badcontinue'],
      [{ rcstart: 'yesterday' }, 'badtimestamp'],
      [{ rcdir: 'sideways' }, 'badvalue'],
      [{ rclimit: '1.5' }, 'badinteger']
    ]
    for (const [params, code] of errors) t.match(await get({ action: 'query', list: 'recentchanges', ...params }), { error: { code } }, code)
    // Unknown values of multi-value parameters are dropped with a warning (MediaWiki's ParamValidator), in declaration order.
    const bogus = await get({ action: 'query', list: 'recentchanges', rctype: 'new|bogus', rcnamespace: 'Item|122', rcprop: 'ids' })
    t.same(bogus.warnings, { recentchanges: { '*': 'Unrecognized value for parameter "rcnamespace": Item\nUnrecognized value for parameter "rctype": bogus' } })
    t.same(bogus.query.recentchanges.map((row: { rcid: number }) => row.rcid), [all[0]])
    t.same(await get({ action: 'query', list: 'nothing' }),
      { warnings: { query: { '*': 'Unrecognized value for parameter "list": nothing' } }, batchcomplete: '' })
  })

  t.test('a user without read', async t => {
    host.denied.add('Editor:read')
    t.teardown(() => { host.denied.delete('Editor:read') })
    t.match(await get({ action: 'query', list: 'recentchanges' }, 'Editor'), { error: { code: 'readapidenied' } })
  })

  t.test('a host without queryRecentChanges', async t => {
    const service = host.services.queryRecentChanges
    delete host.services.queryRecentChanges
    t.teardown(() => { host.services.queryRecentChanges = service })
    t.match(await get({ action: 'query', list: 'recentchanges' }), { error: { code: 'recentchanges-unavailable', info: /queryRecentChanges/ } })
  })
})
