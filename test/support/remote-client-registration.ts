import { tableName, type WikiDatabase } from '../../plugin/db/wiki-database.js'
import { pushKey, tokenHash } from '../../plugin/remote/credentials.js'

/**
 * Registers a remote client on the repo with a token of the test's choosing (`clients add`
 * draws one; plugin/repo/remote-clients/remote-client-store.ts): the rows it writes.
 */
export async function registerRemoteClient (repo: WikiDatabase, siteId: string, pushUrl: string, token: string): Promise<void> {
  await repo.pool.query(
    `INSERT INTO ${tableName(repo, 'wb_remote_client')} (rc_site_id, rc_push_url, rc_token_hash, rc_push_key) VALUES ($1, $2, $3, $4)`,
    [siteId, pushUrl, tokenHash(token), pushKey(token)])
}
