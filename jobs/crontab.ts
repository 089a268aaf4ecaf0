import type { Role } from '../plugin/options.js'
import { formatProblems, schemaProblems } from '../plugin/schema-problems.js'
import { TaskPayloads, type TaskName } from '../plugin/queue/task-payloads.js'
import { wikiJobKey } from '../plugin/queue/job-wiki.js'
import { pullChangesCronItem } from './pull-changes.js'

/** One line of a wiki's graphile-worker crontab. */
export interface CronItem {
  /** The five time fields, e.g. `*\/5 * * * *`. */
  schedule: string
  task: TaskName
  /** graphile-worker crontab options (`?id=…&max=1&jobKey=…&fill=1h`). */
  options: { id?: string, max: number, jobKey: string, fill?: string }
  payload: Record<string, unknown>
}

export interface CrontabSettings {
  /** repoSettings.resubmitSchedule; '' turns the sweep off. */
  resubmitSchedule: string
  /** repoSettings.resubmitBackfill; '' for no backfill. */
  resubmitBackfill: string
}

/**
 * The crontab items of a wiki: on repos the resubmit sweep and the change feed's retention sweep. `jobKey` collapses the runs that
 * pile up (a backfill queues one per missed time) into one pending job; `fill` runs a sweep
 * that was due while no worker ran (e.g. the wiki was down) when the worker starts.
 */
export function cronItemsFor (roles: ReadonlySet<Role>, settings: CrontabSettings): CronItem[] {
  if (!roles.has('repo')) return []
  if (settings.resubmitSchedule === '') return [CHANGE_FEED_SWEEP]
  const resubmit: CronItem = {
    schedule: settings.resubmitSchedule,
    task: 'wikibase:resubmitChanges',
    options: { max: 1, jobKey: 'resubmit-changes', ...(settings.resubmitBackfill === '' ? {} : { fill: settings.resubmitBackfill }) },
    payload: {}
  }
  return [resubmit, CHANGE_FEED_SWEEP]
}

/** The change feed's retention sweep, hourly; a run missed while no worker ran is made at start. */
const CHANGE_FEED_SWEEP: CronItem = {
  schedule: '23 * * * *', task: 'wikibase:sweepChangeFeed', options: { max: 1, jobKey: 'sweep-change-feed', fill: '1h' }, payload: {}
}

/** A job payload as graphile-worker's crontab makes it: the item's payload plus `_cron`. */
export function cronJobPayload (item: Pick<CronItem, 'payload'>, ts: Date, backfilled: boolean): Record<string, unknown> {
  return { ...item.payload, _cron: { ts: ts.toISOString(), backfilled } }
}

/** A task whose payload schema would refuse the jobs its own crontab line queues. */
export class CronPayloadError extends Error {
  constructor (readonly task: string, readonly problems: string[]) {
    super(`crontab task ${task} refuses the payload graphile-worker's crontab gives it: ${problems.join('; ')}`)
    this.name = 'CronPayloadError'
  }
}

/**
 * The crontab text of `items`. Each item's payload, as the crontab will send it (with
 * `_cron`), is checked against its task's schema first: a schema that refuses it would fail
 * every run for good (the task list fails invalid payloads permanently), silently.
 */
export function formatCrontab (items: readonly CronItem[]): string {
  return items.map(item => {
    for (const backfilled of [false, true]) {
      const problems = schemaProblems(TaskPayloads[item.task], cronJobPayload(item, new Date(0), backfilled))
      if (problems.length > 0) throw new CronPayloadError(item.task, formatProblems(problems))
    }
    const options = new URLSearchParams(Object.entries(item.options).map(([key, value]) => [key, String(value)]))
    return `${item.schedule} ${item.task} ?${options.toString()} ${JSON.stringify(item.payload)}`
  }).join('\n')
}

/**
 * The crontab line's identifier on a queue that several wikis may share (graphile-worker
 * keeps one "last run" per identifier and queue, so each wiki needs its own): the task and
 * the wiki, in the characters graphile-worker allows (`[_a-zA-Z][-_a-zA-Z0-9]*`).
 */
export function cronIdentifier (siteId: string, task: TaskName): string {
  return `${task.replace(/^wikibase:/, '')}-${siteId}`
}

/**
 * graphile-worker crontab of a wiki: its items with the wiki's identifier and the wiki's
 * job key (job-wiki.ts), so the runner of a shared queue knows whose run it is. `pullFrom`:
 * the repo site id of a client in remote mode, whose feed it pulls every minute (issue 19).
 */
export function crontabFor (siteId: string, roles: ReadonlySet<Role>, settings: CrontabSettings, pullFrom: string | null = null): string {
  const items = [...cronItemsFor(roles, settings), ...(pullFrom === null ? [] : [pullChangesCronItem(pullFrom)])]
  return formatCrontab(items.map(item => ({
    ...item,
    options: { id: cronIdentifier(siteId, item.task), ...item.options, jobKey: wikiJobKey(siteId, item.options.jobKey) }
  })))
}
