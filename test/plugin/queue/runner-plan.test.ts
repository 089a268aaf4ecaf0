import t from 'tap'
import type pg from 'pg'
import { runnerPlan, samePlan, type RunnerMember } from '../../../plugin/queue/runner-plan.js'

const poolA = {} as pg.Pool
const poolB = {} as pg.Pool
const settings = { enabled: true, concurrency: 4, pollInterval: 2000, heartbeatInterval: 10_000, deadAfter: 60_000 }
const member = (siteId: string, over: Partial<RunnerMember> = {}): RunnerMember =>
  ({ siteId, dataSchema: siteId, pool: poolA, taskNames: ['wikibase:refreshLinks'], crontab: '', settings, ...over })

t.test('one runner for the wikis of a queue', async t => {
  const plan = runnerPlan([
    member('enwiki'),
    member('dewiki', { pool: poolB, taskNames: ['wikibase:refreshLinks', 'wikibase:injectRCRecords'], settings: { ...settings, concurrency: 8, pollInterval: 500 } }),
    member('repo', { taskNames: ['wikibase:dispatchChanges'], crontab: 'line repo', settings: { ...settings, heartbeatInterval: 5000, deadAfter: 90_000 } })
  ])
  t.equal(plan.pool, poolA, "the first wiki's pool")
  t.same(plan.taskNames, ['wikibase:dispatchChanges', 'wikibase:injectRCRecords', 'wikibase:refreshLinks'], 'every task any wiki runs, once')
  t.equal(plan.crontab, 'line repo')
  t.same(plan.settings, { enabled: true, concurrency: 8, pollInterval: 500, heartbeatInterval: 5000, deadAfter: 90_000 },
    'the largest concurrency (not the sum), the shortest intervals, the longest deadAfter')
  t.throws(() => runnerPlan([]))
})

t.test('a wiki joining with what the runner already runs does not restart it', async t => {
  const one = runnerPlan([member('w0')])
  const cases: Array<[string, RunnerMember[], boolean]> = [
    ['one more wiki like the first', [member('w0'), member('w1')], true],
    ['a wiki with a new task', [member('w0'), member('w1', { taskNames: ['wikibase:purgeWebCache'] })], false],
    ['a wiki with a crontab', [member('w0'), member('w1', { crontab: 'x' })], false],
    ['a wiki asking for more concurrency', [member('w0'), member('w1', { settings: { ...settings, concurrency: 5 } })], false],
    ['the first wiki left: another pool', [member('w1', { pool: poolB })], false]
  ]
  for (const [name, members, same] of cases) t.equal(samePlan(one, runnerPlan(members)), same, name)
})
