import type { HostServices, HostUser } from '../../../hooks/contract.js'

/** The repo's user lookups an UpdateRepo job attributes its edit with. */
export type RepoUserLookups = Pick<HostServices, 'localUserIdForCentral' | 'userByName'>

/**
 * The repo user an UpdateRepo job edits as (UpdateRepoJob::getUser): the local user of the
 * client user's central id when the host maps central ids, else the registered user of the
 * same name; null when there is none (the job then does nothing, as Wikibase's does).
 */
export async function repoUserFor (services: RepoUserLookups | undefined, client: { user: string, centralUserId: number }): Promise<HostUser | null> {
  if (client.centralUserId > 0 && services?.localUserIdForCentral !== undefined) {
    const localId = await services.localUserIdForCentral(client.centralUserId)
    if (localId > 0) {
      const byName = await services.userByName?.(client.user) ?? null
      // Central accounts share their name across the farm; a different local name is the host's to give.
      return byName !== null && byName.id === localId ? byName : { id: localId, name: client.user, anonymous: false, bot: false }
    }
  }
  const user = await services?.userByName?.(client.user) ?? null
  return user === null || user.anonymous || user.id <= 0 ? null : user
}
