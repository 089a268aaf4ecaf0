import type { HostUser } from '../../hooks/contract.js'
import { CLIENT_IDS, REPO_ID, startFarm, type Farm } from '../../example-wiki/farm.js'
import type { Wiki } from '../../example-wiki/engine/wiki-engine.js'
import { findAccount } from '../../example-wiki/engine/account-store.js'
import { freshDatabase } from './test-database.js'

/**
 * The example farm as the end-to-end tests start it: the repo and every client, each in a
 * fresh database of its own (named `<label><siteId>`), on free ports, quiet, with the given
 * password for each wiki's first sysop `Admin`; closed when the test ends.
 */
export async function startExampleFarm (t: { teardown: (fn: () => unknown) => void }, label: string, adminPassword: string): Promise<Farm> {
  const ids = [REPO_ID, ...CLIENT_IDS]
  const databases = new Map<string, string>()
  for (const id of ids) databases.set(id, await freshDatabase(t, `${label}${id}`))
  const farm = await startFarm({ databases, ports: ids.map(() => 0), logger: false, adminPassword })
  t.teardown(farm.close)
  return farm
}

/** The wiki's first sysop, `Admin`, as the engine's functions take a user. */
export async function adminOf (wiki: Wiki): Promise<HostUser> {
  const account = await findAccount(wiki.db.pool, wiki.db, 'Admin')
  if (account === null) throw new Error('no Admin account')
  return { id: account.user_id, name: account.user_name, anonymous: false, bot: false }
}
