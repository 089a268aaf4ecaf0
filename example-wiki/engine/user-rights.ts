import type { HostUser } from '../../hooks/contract.js'
import { groupsOfUser } from './account-store.js'
import { effectiveGroups, groupsGrant, type ExampleRight } from './user-groups.js'
import type { WikiDb } from './wiki-db.js'

/**
 * Whether `user` holds `right` now: the groups are read from the database on every call (a
 * group removed takes effect on the next request), anonymous visitors are `*` only.
 */
export async function userCan (db: WikiDb, user: HostUser, right: ExampleRight): Promise<boolean> {
  if (user.anonymous || user.id <= 0) return groupsGrant(effectiveGroups(false, []), right)
  return groupsGrant(effectiveGroups(true, await groupsOfUser(db.pool, db, user.id)), right)
}
