import type { JobHelpers, TaskList } from 'graphile-worker'
import { WikibaseError } from '../errors.js'
import type { SiteGlobalId } from '../../hooks/ids.js'
import { jobWiki, wikiFlag } from './job-wiki.js'

/**
 * A job this runner cannot run: for a wiki it does not serve (another process serves it, or
 * nobody does right now), or unmarked on a queue several wikis share. It fails like any
 * error, so graphile-worker retries it later, where the wiki runs.
 */
export class UnroutableJobError extends WikibaseError {
  override readonly code = 'unroutable-job'
  constructor (readonly task: string, readonly wiki: string | null, reason: string) {
    super(`job ${task}${wiki === null ? '' : ` for wiki ${wiki}`} cannot run here: ${reason}`)
    this.name = 'UnroutableJobError'
  }
}

/**
 * Hands each job of a shared queue to the task list of the wiki it is marked for
 * (job-wiki.ts). Wikis join and leave while the runner runs; the jobs of a wiki that is not
 * here (it left, or runs in another process only) are skipped from then on through
 * graphile-worker's forbidden flags, so at most one attempt per wiki is spent finding out.
 */
export class JobRouter {
  /** A wiki's task lists: more than one when it is registered twice in this process (the latest serves). */
  private readonly wikis = new Map<SiteGlobalId, TaskList[]>()
  /** Wikis whose jobs reached this runner although they are not here: their flags are skipped. */
  private readonly away = new Set<SiteGlobalId>()
  /** Jobs running per registration, so a registration leaving waits for its own. */
  private readonly running = new Map<TaskList, { count: number, idle: Array<() => void> }>()

  add (siteId: SiteGlobalId, tasks: TaskList): void {
    this.wikis.set(siteId, [...this.wikis.get(siteId) ?? [], tasks])
    this.away.delete(siteId)
  }

  /** Stops routing to this registration of the wiki; resolves when the wiki's running jobs have finished. */
  async remove (siteId: SiteGlobalId, tasks: TaskList): Promise<void> {
    const left = (this.wikis.get(siteId) ?? []).filter(list => list !== tasks)
    if (left.length > 0) {
      this.wikis.set(siteId, left)
    } else {
      this.wikis.delete(siteId)
      this.away.add(siteId)
    }
    const state = this.running.get(tasks)
    if (state !== undefined && state.count > 0) await new Promise<void>(resolve => { state.idle.push(resolve) })
  }

  get size (): number { return this.wikis.size }

  /** graphile-worker `forbiddenFlags`: asked before each fetch. */
  readonly forbiddenFlags = (): string[] => [...this.away].map(wikiFlag)

  /** The graphile-worker task list: every name any wiki here runs, each routed per job. */
  taskList (names: readonly string[]): TaskList {
    return Object.fromEntries(names.map(name => [name, async (payload: unknown, helpers: JobHelpers) => { await this.route(name, payload, helpers) }]))
  }

  private async route (name: string, payload: unknown, helpers: JobHelpers): Promise<void> {
    const marked = jobWiki(helpers.job)
    // An unmarked job was queued before jobs were marked, when a queue had one wiki.
    const only = this.wikis.size === 1 ? [...this.wikis.keys()][0]! : null
    const wiki = marked ?? only
    if (wiki === null) throw new UnroutableJobError(name, null, `it names no wiki and ${this.wikis.size} wikis share this queue`)
    const tasks = this.wikis.get(wiki)?.at(-1)
    if (tasks === undefined) {
      this.away.add(wiki)
      throw new UnroutableJobError(name, wiki, 'the wiki does not run in this process')
    }
    const task = tasks[name]
    if (task === undefined) throw new UnroutableJobError(name, wiki, 'the wiki has no such task (its roles)')
    const state = this.running.get(tasks) ?? { count: 0, idle: [] }
    this.running.set(tasks, state)
    state.count += 1
    try {
      await task(payload, helpers)
    } finally {
      state.count -= 1
      if (state.count === 0) {
        this.running.delete(tasks)
        for (const resolve of state.idle.splice(0)) resolve()
      }
    }
  }
}
