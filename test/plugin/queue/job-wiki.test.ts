import t from 'tap'
import { jobWiki, wikiFlag, wikiJobKey, wikiQueueName, type MarkedJob } from '../../../plugin/queue/job-wiki.js'

t.test('the wiki a job is for, read from the job alone', async t => {
  const cases: Array<[string, MarkedJob, string | null]> = [
    ['flagged', { flags: { [wikiFlag('enwiki')]: true }, key: null }, 'enwiki'],
    ['flagged and keyed: the flag', { flags: { 'wiki:enwiki': true }, key: wikiJobKey('enwiki', 'dispatch:Q1') }, 'enwiki'],
    ['a crontab run: keyed only', { flags: null, key: 'repo/resubmit-changes' }, 'repo'],
    ['other flags are not marks', { flags: { slow: true }, key: null }, null],
    ['a flag that is no site id', { flags: { 'wiki:en wiki': true }, key: null }, null],
    ['queued before marks: unkeyed', { flags: null, key: null }, null],
    ['queued before marks: an old key', { flags: null, key: 'dispatch:Q1' }, null],
    ['an old key holding a slash after a colon', { flags: null, key: 'wikibase:addUsagesForPage:1:ab/cd' }, null],
    ['a key starting with a slash', { flags: null, key: '/x' }, null],
    ['site ids with dashes and digits', { flags: null, key: 'zh-min-nan1/refreshLinks:3' }, 'zh-min-nan1']
  ]
  for (const [name, job, expected] of cases) t.equal(jobWiki(job), expected, name)
})

t.test('marks as written', async t => {
  t.equal(wikiFlag('dewiki'), 'wiki:dewiki')
  t.equal(wikiJobKey('dewiki', 'refreshLinks:7'), 'dewiki/refreshLinks:7')
  t.equal(wikiQueueName('dewiki', 'dispatch:3'), 'dewiki/dispatch:3', 'named queues are scoped as keys are: two repos on one queue schema do not serialise each other')
})
