import t from 'tap'
import { feedFormat, parseFeedRequest } from '../../../../plugin/repo/change-feed/feed-query.js'

/** Issue 19.1: the feed's parameters, parsed (pure). */

t.test('where a request starts', async t => {
  const start = (query: Record<string, string>, lastEventId?: string, accept?: string): unknown => {
    const parsed = parseFeedRequest(query, { accept, lastEventId })
    return 'param' in parsed ? parsed.param : parsed.start
  }
  t.same(start({}), { kind: 'newest' }, 'a stream: from now on')
  t.same(start({}, undefined, 'application/json'), { kind: 'oldest' }, 'a list: the oldest kept')
  t.same(start({ since: '12' }), { kind: 'after', id: 12 })
  t.same(start({ since: '12' }, '20'), { kind: 'after', id: 20 }, 'Last-Event-ID wins over since')
  t.same(start({ continue: '30' }, '20', 'application/json'), { kind: 'after', id: 30 }, 'continue wins over Last-Event-ID')
  t.same(start({ since: '2026-01-31T12:00:00Z' }), { kind: 'time', time: new Date('2026-01-31T12:00:00Z') })
  t.same(start({ since: '2026-01-31T12:00+01:00' }), { kind: 'time', time: new Date('2026-01-31T11:00:00Z') })
  for (const bad of ['2026-02-30T00:00:00Z', '2026-01-31', '2026-01-31T24:00:00Z', '2026-01-31T12:00:00', '-1', '1e3', '01', '9999999999999999']) {
    t.equal(start({ since: bad }), 'since', bad)
  }
  t.equal(start({}, 'x'), 'Last-Event-ID')
  t.equal(start({ continue: '1' }), 'continue', 'continue pages lists only')
})

t.test('filters', async t => {
  const filter = (query: Record<string, string>): unknown => {
    const parsed = parseFeedRequest(query, {})
    return 'param' in parsed ? parsed.param : parsed.filter
  }
  t.same(filter({}), { entities: null, types: null, subscriber: null })
  t.same(filter({ entity: 'Q1|P2,Q1' }), { entities: ['Q1', 'P2'], types: null, subscriber: null })
  t.same(filter({ type: 'item|wikibase-property~add' }), { entities: null, types: ['wikibase-item~%', 'wikibase-property~add'], subscriber: null })
  t.same(filter({ subscriber: 'enwiki' }), { entities: null, types: null, subscriber: 'enwiki' })
  t.equal(filter({ entity: Array.from({ length: 51 }, (_, i) => `Q${i + 1}`).join('|') }), 'entity')
  t.equal(filter({ type: 'wikibase-item~delete' }), 'type')
  t.equal(filter({ subscriber: 'a b' }), 'subscriber')
  t.equal(filter({ limit: '05' }), 'limit')
})

t.test('format by Accept', async t => {
  t.equal(feedFormat(undefined), 'sse')
  t.equal(feedFormat('text/event-stream'), 'sse')
  t.equal(feedFormat('application/json'), 'json')
  t.equal(feedFormat('application/json, text/event-stream'), 'sse')
})
