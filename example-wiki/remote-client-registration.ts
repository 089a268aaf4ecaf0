import { newClientToken, pushKey, tokenHash } from '../plugin/remote/credentials.js'
import { tableName, withTransaction } from '../plugin/db/wiki-database.js'
import { wikibaseInternals } from '../plugin/facade.js'
import { settingOf, setSetting } from './engine/user-store.js'
import { StartupError } from './postgres/startup-error.js'
import type { WikiApp } from './wiki-app.js'

/**
 * The example farm registers its remote wiki on the repo as an operator does with
 * `fastify-wikibase clients add <siteId> --url <url>` (repo migration 100, `wb_remote_client`),
 * once, and keeps the token it would have printed in the repo engine's farm settings, the
 * operator's notebook: the token is handed to the remote wiki's process (and to nothing else)
 * on every start. A registration whose token the farm no longer has (another data dir, a
 * `clients add` by hand) gets a fresh token; a revoked one stops the start, since a revocation
 * is the operator's decision. The push URL follows the remote wiki's port.
 *
 * Until the repo's registration store exists on this branch this writes the contract's
 * columns itself, with credentials.ts's derivations; the integrator points it at the store.
 */
export async function ensureRemoteClient (repo: WikiApp, siteId: string, pushUrl: string): Promise<string> {
  const self = wikibaseInternals(repo.app).self
  const engineDb = repo.wiki.db
  const clients = tableName(self, 'wb_remote_client')
  const settingName = `remote-client-token:${siteId}`
  return await withTransaction(self.pool, async tx => {
    // One start at a time registers (two farms on one database would race on the token).
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [settingName])
    const saved = await settingOf(tx, engineDb, settingName)
    const { rows } = await tx.query<{ rc_token_hash: Buffer, rc_push_url: string, rc_revoked: Date | null }>(
      `SELECT rc_token_hash, rc_push_url, rc_revoked FROM ${clients} WHERE rc_site_id = $1`, [siteId])
    const row = rows[0]
    if (row?.rc_revoked != null) {
      throw new StartupError(`${siteId} is revoked on the repo (since ${row.rc_revoked.toISOString()}); ` +
        `\`fastify-wikibase clients remove ${siteId} --purge\` lets the farm register it again.`)
    }
    if (row !== undefined && saved !== null && row.rc_token_hash.equals(tokenHash(saved))) {
      if (row.rc_push_url !== pushUrl) await tx.query(`UPDATE ${clients} SET rc_push_url = $2 WHERE rc_site_id = $1`, [siteId, pushUrl])
      return saved
    }
    const token = newClientToken()
    await tx.query(
      `INSERT INTO ${clients} (rc_site_id, rc_push_url, rc_token_hash, rc_push_key) VALUES ($1, $2, $3, $4)
         ON CONFLICT (rc_site_id) DO UPDATE SET rc_push_url = EXCLUDED.rc_push_url, rc_token_hash = EXCLUDED.rc_token_hash, rc_push_key = EXCLUDED.rc_push_key`,
      [siteId, pushUrl, tokenHash(token), pushKey(token)])
    await setSetting(tx, engineDb, settingName, token)
    return token
  })
}
