import type pg from 'pg'
import type { WorkerSettings } from '../options.js'

/** A wiki as the shared runner of its queue sees it. */
export interface RunnerMember {
  siteId: string
  dataSchema: string
  pool: pg.Pool
  /** The names of the wiki's tasks (its roles choose them). */
  taskNames: readonly string[]
  /** The wiki's graphile-worker crontab text ('' for none). */
  crontab: string
  settings: WorkerSettings
}

/** What the one graphile-worker runner of a queue is started with. */
export interface RunnerPlan {
  /** The pool of the first wiki still here: the runner's own queries go through it. */
  pool: pg.Pool
  taskNames: readonly string[]
  crontab: string
  settings: WorkerSettings
}

/**
 * The runner the wikis of one queue need, in the order they joined. One runner serves
 * them all, so concurrency is the runner's: the largest any of them asks for (a farm gives
 * every wiki the same `worker` settings), not the sum. It polls as often, and beats as
 * often, as the most demanding wiki; a worker is dead after the longest `deadAfter`.
 */
export function runnerPlan (members: readonly RunnerMember[]): RunnerPlan {
  const first = members[0]
  if (first === undefined) throw new Error('a runner plan needs at least one wiki')
  const all = members.map(m => m.settings)
  return {
    pool: first.pool,
    taskNames: [...new Set(members.flatMap(m => m.taskNames))].sort(),
    // A wiki registered twice in one process brings its crontab twice: one line each (graphile-worker refuses duplicate ids).
    crontab: [...new Set(members.flatMap(m => m.crontab.split('\n')).filter(line => line !== ''))].join('\n'),
    settings: {
      enabled: true,
      concurrency: Math.max(...all.map(s => s.concurrency)),
      pollInterval: Math.min(...all.map(s => s.pollInterval)),
      heartbeatInterval: Math.min(...all.map(s => s.heartbeatInterval)),
      deadAfter: Math.max(...all.map(s => s.deadAfter))
    }
  }
}

/** Whether a running runner started from `a` must be started again to follow `b`. */
export function samePlan (a: RunnerPlan, b: RunnerPlan): boolean {
  return a.pool === b.pool && a.crontab === b.crontab && a.taskNames.join('\n') === b.taskNames.join('\n') &&
    a.settings.concurrency === b.settings.concurrency && a.settings.pollInterval === b.settings.pollInterval &&
    a.settings.heartbeatInterval === b.settings.heartbeatInterval && a.settings.deadAfter === b.settings.deadAfter
}
