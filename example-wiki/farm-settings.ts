import { StartupError } from './postgres/startup-error.js'

/**
 * What `npm run example` reads from the environment — every variable it reads, so the README
 * table can list them all. Invalid values stop the start with a message naming the variable.
 */
export interface FarmSettings {
  /** EXAMPLE_PORT: repowiki's port; enwiki, dewiki and remotewiki take the next three. */
  basePort: number
  /** EXAMPLE_PG_PORT: the embedded PostgreSQL's port (unused with DATABASE_URL). */
  postgresPort: number
  /** EXAMPLE_DATA_DIR: where the embedded PostgreSQL keeps its data (default example-wiki/.data). */
  dataDir: string | undefined
  /** DATABASE_URL: a PostgreSQL server to use instead of the embedded one. */
  databaseUrl: string | undefined
  /** LOG_LEVEL: the wikis' pino log level. */
  logLevel: string
}

export const FARM_DEFAULTS = { basePort: 8080, postgresPort: 54329, logLevel: 'warn' } as const
export const WIKI_COUNT = 4
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

export function farmSettings (env: Record<string, string | undefined>): FarmSettings {
  const given = (name: string): string | undefined => { const v = env[name]?.trim(); return v === undefined || v === '' ? undefined : v }
  const logLevel = given('LOG_LEVEL') ?? FARM_DEFAULTS.logLevel
  if (!LOG_LEVELS.includes(logLevel)) throw new StartupError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got ${JSON.stringify(logLevel)}.`)
  return {
    basePort: port(given('EXAMPLE_PORT'), 'EXAMPLE_PORT', FARM_DEFAULTS.basePort, WIKI_COUNT),
    postgresPort: port(given('EXAMPLE_PG_PORT'), 'EXAMPLE_PG_PORT', FARM_DEFAULTS.postgresPort, 1),
    dataDir: given('EXAMPLE_DATA_DIR'),
    databaseUrl: given('DATABASE_URL'),
    logLevel
  }
}

/** A port number such that `count` consecutive ports from it exist (1–65535). */
function port (value: string | undefined, name: string, fallback: number, count: number): number {
  if (value === undefined) return fallback
  const n = /^\d{1,5}$/.test(value) ? Number(value) : NaN
  const last = 65536 - count
  if (!(n >= 1 && n <= last)) throw new StartupError(`${name} must be a port number from 1 to ${last}; got ${JSON.stringify(value)}.`)
  return n
}
