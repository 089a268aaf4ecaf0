import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Role, WikibaseOptions } from '../plugin/options.js'

/**
 * What a worker config file gives: the plugin options of one wiki or of every wiki of a
 * farm (an array), as JSON or as the default export of a JavaScript module (which may be
 * an async function returning them, and may add `host` and `pool` objects JSON cannot
 * hold). A module may also export `close()`, called once every wiki's worker has stopped
 * (to end the pools it opened for its hosts).
 */
export interface WorkerConfig {
  wikis: WikibaseOptions[]
  close: () => Promise<void>
}

export interface WorkerFlags {
  config?: string
  database?: string
  site?: string
  roles: string
  concurrency?: string
}

/** The command line given wrongly: the message names the flag. */
export class WorkerFlagError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'WorkerFlagError'
  }
}

const ROLES = new Set<Role>(['repo', 'client'])

/**
 * The wikis this worker process runs, from the config's wikis and the flags: `--site` picks
 * one wiki of a farm, `--database` is the database of wikis that name none, `--concurrency`
 * overrides every wiki's. Without a config, one wiki from `--site`, `--roles` and
 * `--database`. Every wiki runs its worker here, whatever its config says for web processes.
 */
export function workerWikis (configured: WikibaseOptions[] | null, flags: WorkerFlags, env: NodeJS.ProcessEnv = process.env): WikibaseOptions[] {
  const database = flags.database ?? (env.DATABASE_URL === '' ? undefined : env.DATABASE_URL)
  let concurrency: number | undefined
  if (flags.concurrency !== undefined) {
    concurrency = Number(flags.concurrency)
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
      throw new WorkerFlagError(`--concurrency must be a whole number from 1 to 100, got ${JSON.stringify(flags.concurrency)}`)
    }
  }
  let wikis: WikibaseOptions[]
  if (configured === null) {
    const roles = flags.roles.split(',').map(r => r.trim())
    if (roles.length === 0 || roles.length > 2 || new Set(roles).size !== roles.length || !roles.every(r => ROLES.has(r as Role))) {
      throw new WorkerFlagError(`--roles must be repo, client or repo,client, got ${JSON.stringify(flags.roles)}`)
    }
    wikis = [{ siteId: flags.site ?? 'wiki', roles: roles as Role[] }]
  } else {
    wikis = flags.site === undefined ? configured : configured.filter(w => w.siteId === flags.site)
    if (wikis.length === 0) {
      throw new WorkerFlagError(flags.site === undefined
        ? 'the config names no wiki'
        : `--site ${flags.site}: the config has no wiki with that siteId (it has ${configured.map(w => w.siteId).join(', ')})`)
    }
  }
  return wikis.map(wiki => {
    if (wiki.database === undefined && wiki.pool === undefined && database === undefined) {
      throw new WorkerFlagError(`no database for ${wiki.siteId}: pass --database <url>, set DATABASE_URL, or give it in the config`)
    }
    return {
      ...wiki,
      ...(wiki.database === undefined && wiki.pool === undefined ? { database } : {}),
      worker: { ...wiki.worker, enabled: true, ...(concurrency === undefined ? {} : { concurrency }) }
    }
  })
}

/** Reads `--config`: a .json file, or a module (.js, .mjs; .ts in a checkout run through tsx). */
export async function loadWorkerConfig (file: string): Promise<WorkerConfig> {
  const path = resolve(file)
  if (path.endsWith('.json')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'))
    } catch (error) {
      throw new WorkerFlagError(`--config ${file}: ${(error as Error).message}`)
    }
    return { wikis: asWikis(parsed, file), close: async () => {} }
  }
  const module = await import(pathToFileURL(path).href) as { default?: unknown, close?: unknown }
  const exported = typeof module.default === 'function' ? await (module.default as () => unknown)() : module.default
  const close = typeof module.close === 'function' ? module.close as () => Promise<void> : async () => {}
  return { wikis: asWikis(exported, file), close: async () => { await close() } }
}

function asWikis (value: unknown, file: string): WikibaseOptions[] {
  const list = Array.isArray(value) ? value : [value]
  for (const [i, wiki] of list.entries()) {
    if (typeof wiki !== 'object' || wiki === null || typeof (wiki as { siteId?: unknown }).siteId !== 'string') {
      throw new WorkerFlagError(`--config ${file}: wiki ${i} is not plugin options with a siteId`)
    }
  }
  // Everything else is checked by the plugin's own option validation when it is registered.
  return list as WikibaseOptions[]
}
