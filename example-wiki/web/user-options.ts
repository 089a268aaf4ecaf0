import { saveUserOptions, storedUserOptions } from '../engine/user-options-store.js'
import type { WikiDb } from '../engine/wiki-db.js'

/**
 * The user options the example wiki knows, with MediaWiki's defaults ($wgDefaultUserOptions):
 * Wikibase client's two toggles default to off (extension.json DefaultUserOptions), so a
 * visitor sees repo changes only after asking for them.
 */
export const DEFAULT_USER_OPTIONS: Readonly<Record<string, string>> = {
  rcshowwikidata: '0',
  wlshowwikibase: '0'
}

/** The user's options over the defaults; an anonymous user (id 0) has the defaults. */
export async function userOptions (db: WikiDb, userId: number): Promise<Record<string, string>> {
  const stored = userId === 0 ? new Map<string, string>() : await storedUserOptions(db.pool, db, userId)
  const options: Record<string, string> = { ...DEFAULT_USER_OPTIONS }
  for (const [name, value] of stored) if (name in DEFAULT_USER_OPTIONS) options[name] = value
  return options
}

/** Saves the given known options; a value equal to the default removes the row. */
export async function setUserOptions (db: WikiDb, userId: number, changes: Readonly<Record<string, string>>): Promise<void> {
  const rows = new Map<string, string | null>()
  for (const [name, value] of Object.entries(changes)) {
    if (!(name in DEFAULT_USER_OPTIONS)) continue
    rows.set(name, value === DEFAULT_USER_OPTIONS[name] ? null : value)
  }
  await saveUserOptions(db.pool, db, userId, rows)
}
