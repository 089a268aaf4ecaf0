import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { freshDatabase } from '../../../support/test-database.js'
import { allSubscriptions, getSubscribers } from '../../../../plugin/repo/dispatch/subscription-store.js'
import { subscribe, unsubscribe } from '../../../../plugin/repo-reader/subscriptions.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

t.test('SqlSubscriptionManager (facts §7.11)', async t => {
  const url = await freshDatabase(t, 'subscriptions')
  const app = await startWiki(t, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false } })
  const db = wikibaseInternals(app).self
  await subscribe(db.pool, db, 'enwiki', ['Q11', 'P11'])
  await subscribe(db.pool, db, 'dewiki', ['Q22'])
  await subscribe(db.pool, db, 'dewiki', ['Q22', 'Q11'])
  t.same(await allSubscriptions(db.pool, db), [
    { entityId: 'Q11', subscriber: 'dewiki' }, { entityId: 'Q22', subscriber: 'dewiki' },
    { entityId: 'P11', subscriber: 'enwiki' }, { entityId: 'Q11', subscriber: 'enwiki' }
  ])
  await unsubscribe(db.pool, db, 'enwiki', ['Q11', 'Q22'])
  await unsubscribe(db.pool, db, 'dewiki', ['Q22'])
  await unsubscribe(db.pool, db, 'dewiki', [])
  t.same(await allSubscriptions(db.pool, db), [{ entityId: 'Q11', subscriber: 'dewiki' }, { entityId: 'P11', subscriber: 'enwiki' }])
  t.same(await getSubscribers(db.pool, db, 'Q11'), ['dewiki'])
})
