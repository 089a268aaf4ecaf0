import { randomBytes } from 'node:crypto'
import { anyUserInGroup, saveAccount } from './account-store.js'
import { hashPassword } from './passwords.js'
import type { WikiDb } from './wiki-db.js'

/**
 * On first start every wiki of the farm gets an administrator, `Admin` in group sysop (as
 * MediaWiki's installer makes its first account an administrator). One generated password for all the wikis of the farm, returned so the caller prints it once;
 * a wiki that already has a sysop is left alone.
 */
export const FIRST_SYSOP = 'Admin'

export async function ensureFirstSysop (dbs: readonly WikiDb[], password?: string): Promise<{ name: string, password: string } | null> {
  const missing: WikiDb[] = []
  for (const db of dbs) if (!await anyUserInGroup(db.pool, db, 'sysop')) missing.push(db)
  if (missing.length === 0) return null
  const chosen = password ?? randomBytes(12).toString('base64url')
  const hash = await hashPassword(chosen)
  for (const db of missing) await saveAccount(db.pool, db, FIRST_SYSOP, hash, ['sysop'])
  return { name: FIRST_SYSOP, password: chosen }
}
