import {
  authenticateRemoteClient, listRemoteClients, moveRemoteClient, registerRemoteClient, renewRemoteClient
} from '../plugin/repo/remote-clients/remote-client-store.js'
import { wikibaseInternals } from '../plugin/facade.js'
import { settingOf, setSetting } from './engine/user-store.js'
import { StartupError } from './postgres/startup-error.js'
import type { WikiApp } from './wiki-app.js'

/**
 * The example farm registers its remote wiki on the repo through the store an operator's
 * `fastify-wikibase clients add <siteId> --url <url>` uses, once, and keeps the token it would
 * have printed in the repo engine's farm settings, the operator's notebook: the token is
 * handed to the remote wiki's process (and to nothing else) on every start. A registration
 * whose token the farm no longer has (another data dir, a `clients add` by hand) gets a fresh
 * token (`clients renew`); a revoked one stops the start, since a revocation is the
 * operator's decision. The push URL follows the remote wiki's port.
 */
export async function ensureRemoteClient (repo: WikiApp, siteId: string, pushUrl: string): Promise<string> {
  const self = wikibaseInternals(repo.app).self
  const engineDb = repo.wiki.db
  const settingName = `remote-client-token:${siteId}`
  const saved = await settingOf(self.pool, engineDb, settingName)
  const registered = (await listRemoteClients(self.pool, self)).find(client => client.siteId === siteId)
  if (registered?.revoked != null) {
    throw new StartupError(`${siteId} is revoked on the repo (since ${registered.revoked.toISOString()}); ` +
      `\`fastify-wikibase clients remove ${siteId} --purge\` lets the farm register it again.`)
  }
  if (registered !== undefined && saved !== null && (await authenticateRemoteClient(self.pool, self, saved)).client?.siteId === siteId) {
    await moveRemoteClient(self, siteId, pushUrl)
    return saved
  }
  // Not registered yet (`clients add`), or registered with a token the farm does not have (`clients renew`).
  const { token } = registered === undefined ? await registerRemoteClient(self, { siteId, pushUrl }) : await renewRemoteClient(self, siteId, pushUrl)
  await setSetting(self.pool, engineDb, settingName, token)
  return token
}
