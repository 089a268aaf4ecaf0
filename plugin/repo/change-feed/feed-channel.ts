import type { WikiDatabase } from '../../db/wiki-database.js'

/**
 * The LISTEN/NOTIFY channel of a wiki's feed: one per data schema, since several wikis may
 * share a database. PostgreSQL channel names are identifiers (at most 63 bytes); schema names
 * are validated lower-case identifiers, so the slice keeps them distinct in practice.
 */
export function feedChannel (db: Pick<WikiDatabase, 'dataSchema'>): string {
  return `wbfeed_${db.dataSchema}`.slice(0, 63)
}
