import type { FastifyBaseLogger } from 'fastify'
import type { Runner, TaskList } from 'graphile-worker'
import type { WikiDatabase } from '../db/wiki-database.js'
import type { WorkerSettings } from '../options.js'
import { JobRouter } from './job-router.js'
import { queueIdentity } from './queue-identity.js'
import { runnerPlan, samePlan, type RunnerMember, type RunnerPlan } from './runner-plan.js'
import { startWorker, type WikiWorker } from './worker.js'

export interface JoinRunner {
  db: WikiDatabase
  settings: WorkerSettings
  /** The wiki's own tasks (buildTaskList). */
  taskList: TaskList
  crontab: string
  log: FastifyBaseLogger
}

/** The one runner of a queue in this process and the wikis it serves, in the order they joined. */
interface SharedQueue {
  identity: string
  members: Array<RunnerMember & { db: WikiDatabase, log: FastifyBaseLogger }>
  router: JobRouter
  worker: WikiWorker | null
  plan: RunnerPlan | null
  /** Deaths of runners this queue had before the current one (plan changes start new ones). */
  deaths: number
  /** Joins and leaves, one at a time. */
  changes: Promise<void>
}

/**
 * Process-wide: one runner per queue (database, queue schema). Wikis of a farm that give the
 * same `schema.queue` share it: the first wiki starts the runner, the others join it, the last
 * to leave stops it (Wikimedia's job runners likewise serve every wiki from one pool).
 */
const queues = new Map<string, SharedQueue>()

/**
 * Runs this wiki's jobs on its queue's shared runner. The runner is started again (running
 * jobs finish first) only when a joining or leaving wiki changes what it runs: task names,
 * crontab, settings (runner-plan.ts), or the pool, when the wiki whose pool it used leaves.
 * The handle's `stop` is this wiki leaving: its running jobs finish, the others go on.
 */
export async function joinRunner (wiki: JoinRunner): Promise<WikiWorker> {
  const identity = await queueIdentity(wiki.db.pool, wiki.db.queueSchema)
  let queue = queues.get(identity)
  if (queue === undefined) {
    queue = { identity, members: [], router: new JobRouter(), worker: null, plan: null, deaths: 0, changes: Promise.resolve() }
    queues.set(identity, queue)
  }
  const shared = queue
  const member = {
    siteId: wiki.db.siteId,
    dataSchema: wiki.db.dataSchema,
    pool: wiki.db.pool,
    taskNames: Object.keys(wiki.taskList),
    crontab: wiki.crontab,
    settings: wiki.settings,
    db: wiki.db,
    log: wiki.log
  }
  await change(shared, async () => {
    shared.members.push(member)
    // The last wiki may have left (and the queue left the registry) while this join waited.
    if (!queues.has(identity)) queues.set(identity, shared)
    shared.router.add(wiki.db.siteId, wiki.taskList)
    try {
      await follow(shared)
    } catch (error) {
      // The wiki's registration fails: it must not stay a member nobody will remove.
      shared.members = shared.members.filter(m => m !== member)
      await shared.router.remove(wiki.db.siteId, wiki.taskList)
      if (shared.members.length === 0) queues.delete(identity)
      throw error
    }
  })
  let left = false
  const current = (): WikiWorker | null => left ? null : shared.worker
  return {
    get runner (): Runner {
      const worker = current()
      if (worker === null) throw new Error(`fastify-wikibase: wiki ${member.siteId} no longer runs jobs`)
      return worker.runner
    },
    get restarts () { return shared.deaths + (shared.worker?.restarts ?? 0) },
    workerIds: () => current()?.workerIds() ?? [],
    stop: async () => {
      if (left) return
      left = true
      await change(shared, async () => {
        shared.members = shared.members.filter(m => m !== member)
        // No new job of this wiki starts; the running ones finish before its pools close.
        await shared.router.remove(wiki.db.siteId, wiki.taskList)
        await follow(shared)
      })
    }
  }
}

async function change (queue: SharedQueue, fn: () => Promise<void>): Promise<void> {
  const next = queue.changes.then(fn)
  queue.changes = next.catch(() => {})
  await next
}

/** Starts, restarts or stops the queue's runner to serve the wikis now here. */
async function follow (queue: SharedQueue): Promise<void> {
  const first = queue.members[0]
  if (first === undefined) {
    queues.delete(queue.identity)
    const worker = queue.worker
    queue.worker = null
    queue.plan = null
    await worker?.stop()
    return
  }
  const plan = runnerPlan(queue.members)
  if (queue.worker !== null && queue.plan !== null && samePlan(queue.plan, plan)) return
  if (queue.worker !== null) {
    first.log.info({ queue: first.db.queueSchema, wikis: queue.members.length },
      'fastify-wikibase: the wikis of the queue changed what its runner runs; starting it again')
    queue.deaths += queue.worker.restarts
    const old = queue.worker
    queue.worker = null
    await old.stop()
  }
  queue.worker = await startWorker({
    db: first.db,
    settings: plan.settings,
    taskList: queue.router.taskList(plan.taskNames),
    crontab: plan.crontab,
    log: first.log,
    forbiddenFlags: queue.router.forbiddenFlags,
    heartbeatSchemas: () => queue.members.map(m => m.dataSchema)
  })
  queue.plan = plan
}

/** How many runners this process runs, and how many wikis each serves (for tests and metrics). */
export function sharedRunners (): Array<{ queue: string, wikis: string[] }> {
  return [...queues.values()].map(q => ({ queue: q.identity, wikis: q.members.map(m => m.siteId) }))
}
