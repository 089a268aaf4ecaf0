import t from 'tap'
import { createHash } from 'node:crypto'
import type { PageId } from '../../../../hooks/ids.js'
import type { PageRef } from '../../../../hooks/contract.js'
import {
  changeSignature, purgeCauseAgent, refreshLinksCauseAgent, rootJobParams, titleBatchSignature,
  type CausingChange, type SignableChange
} from '../../../../plugin/client/changes/root-job-signature.js'

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex')

// Facts §7.15(c): pages 101 and 102, given in reverse order.
const pages: PageRef[] = [
  { id: 102 as PageId, namespace: 0, title: 'Page_No_102' },
  { id: 101 as PageId, namespace: 0, title: 'Page_No_101' }
]
const TITLE_BATCH = 'title-batch:f0b873699a63c858667e54cd071f7d9209faeda1'

t.test('title batch signature (§7.15(c))', async t => {
  t.equal(sha1('{"101":[0,"Page_No_101"],"102":[0,"Page_No_102"]}'), 'f0b873699a63c858667e54cd071f7d9209faeda1', 'the documented text')
  t.equal(titleBatchSignature(pages), TITLE_BATCH)
  t.equal(titleBatchSignature([...pages].reverse()), TITLE_BATCH, 'order of the input does not matter')
  t.equal(titleBatchSignature([...pages, pages[0]!]), TITLE_BATCH, 'a page listed twice counts once')
  const cases: Array<[string, PageRef[], string]> = [
    ['non-ASCII and slash escaped as PHP does', [{ id: 5 as PageId, namespace: 10, title: 'Ä/b' }], '{"5":[10,"\\u00c4\\/b"]}'],
    ['ids sorted numerically, not as text', [{ id: 10 as PageId, namespace: 0, title: 'B' }, { id: 9 as PageId, namespace: 0, title: 'A' }], '{"9":[0,"A"],"10":[0,"B"]}'],
    ['no pages: an empty PHP array', [], '[]']
  ]
  for (const [name, input, json] of cases) t.equal(titleBatchSignature(input), 'title-batch:' + sha1(json), name)
})

t.test('change signature (§7.15(c))', async t => {
  const cases: Array<[string, SignableChange, string]> = [
    ['id 17', { id: 17, info: {} }, 'change-id:17'],
    ['string id', { id: '13', info: {} }, 'change-id:13'],
    ['id 0 with change-ids: sorted numerically', { id: 0, info: { 'change-ids': [18, 19, 17] } }, 'change-batch:17,18,19'],
    ['id null with change-ids, numeric not text order', { id: null, info: { 'change-ids': [100, 9] } }, 'change-batch:9,100'],
    ['id "0" is not truthy in PHP', { id: '0', info: { 'change-ids': [2, 1] } }, 'change-batch:1,2'],
    [
      'id 0, no change-ids: hash of the key-sorted row as it is (field objectid, no revision_id/user_id)',
      { id: 0, info: { kittens: 13 }, time: '20121212121212', type: 'x~y', objectid: 'Q100' },
      'change-hash:cadbb4899603593164f06a4754f597fdcb2c07b4'
    ],
    [
      'the same row with the real field name object_id hashes differently',
      { id: 0, info: { kittens: 13 }, time: '20121212121212', type: 'x~y', object_id: 'Q100' },
      'change-hash:' + sha1('{"id":0,"info":{"kittens":13},"object_id":"Q100","time":"20121212121212","type":"x~y"}')
    ],
    [
      'a full EntityChange row hashes all seven fields, info in stored form',
      { id: null, type: 'wikibase-item~update', time: '20130101000000', object_id: 'Q1', revision_id: 5, user_id: 0, info: { metadata: { user_text: 'A/B' } } },
      'change-hash:' + sha1('{"id":null,"info":{"metadata":{"user_text":"A\\/B"}},"object_id":"Q1","revision_id":5,"time":"20130101000000","type":"wikibase-item~update","user_id":0}')
    ]
  ]
  for (const [name, change, expected] of cases) t.equal(changeSignature(change), expected, name)
  t.equal(sha1('{"id":0,"info":{"kittens":13},"objectid":"Q100","time":"20121212121212","type":"x~y"}'), 'cadbb4899603593164f06a4754f597fdcb2c07b4', 'the documented text')
})

t.test('root job parameters for purge, links refresh and recentchanges (§7.15(c))', async t => {
  const changes: Array<[string, CausingChange, string]> = [
    ['id 17', { id: 17, type: 'wikibase-item~update', user_id: 3, info: {} }, 'change-id:17'],
    ['coalesced', { id: 0, type: 'wikibase-item~update', user_id: 3, info: { 'change-ids': [18, 19, 17] } }, 'change-batch:17,18,19'],
    ['hashed', { id: 0, info: { kittens: 13 }, time: '20121212121212', type: 'x~y', objectid: 'Q100' }, 'change-hash:cadbb4899603593164f06a4754f597fdcb2c07b4']
  ]
  for (const [name, change, changeSig] of changes) {
    const params = rootJobParams(pages, change, { rootJobTimestamp: '20171122040506' })
    t.equal(params.purge.rootJobSignature, TITLE_BATCH, `${name}: purge signature`)
    t.equal(params.purge.rootJobTimestamp, '20171122040506', `${name}: purge keeps the timestamp`)
    t.equal(params.refreshLinks.rootJobSignature, TITLE_BATCH, `${name}: refreshLinks signature`)
    t.notOk('rootJobTimestamp' in params.refreshLinks, `${name}: refreshLinks has no timestamp (T233520)`)
    t.strictSame(params.recentChanges, { rootJobSignature: `${TITLE_BATCH}&${changeSig}`, rootJobTimestamp: '20171122040506' }, `${name}: recentchanges`)
  }
  const now = (): Date => new Date(Date.UTC(2024, 1, 3, 4, 5, 6))
  const fresh = rootJobParams(pages, { id: 1, type: 'wikibase-item~remove', user_id: 5, info: {} }, { now })
  t.strictSame(fresh, {
    purge: { action: 'remove', agent: 'uid:5', rootJobSignature: TITLE_BATCH, rootJobTimestamp: '20240203040506' },
    refreshLinks: { action: 'remove', agent: 'uid:5', rootJobSignature: TITLE_BATCH },
    recentChanges: { rootJobSignature: `${TITLE_BATCH}&change-id:1`, rootJobTimestamp: '20240203040506' }
  }, 'no root timestamp given: now, in MW format; cause action is the change action')
})

t.test('cause agents: uid:0 for purge, uid:? for links refresh (§9.6)', async t => {
  const cases: Array<[string, { user_id?: number | null }, string, string]> = [
    ['user 7', { user_id: 7 }, 'uid:7', 'uid:7'],
    ['user 0', { user_id: 0 }, 'uid:0', 'uid:?'],
    ['no user_id field', {}, 'uid:?', 'uid:?'],
    ['user_id null', { user_id: null }, 'uid:?', 'uid:?']
  ]
  for (const [name, change, purge, refresh] of cases) {
    t.equal(purgeCauseAgent(change), purge, `${name}: purge`)
    t.equal(refreshLinksCauseAgent(change), refresh, `${name}: refreshLinks`)
  }
  const params = rootJobParams(pages, { id: 2, type: 'wikibase-item~update', user_id: 0, info: {} }, { rootJobTimestamp: '20171122040506' })
  t.equal(params.purge.agent, 'uid:0')
  t.equal(params.refreshLinks.agent, 'uid:?')
})
