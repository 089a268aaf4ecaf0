import type { EntityId } from '../../../hooks/ids.js'
import { entityTypeOf } from '../../../hooks/ids.js'
import { loadEntityState } from '../../repo-reader/entity-state.js'
import { rightsCheck } from '../entities/entity-editor.js'
import {
  assertCanProtect, DEFAULT_RESTRICTION_LEVELS, ProtectCantEditError, protectEntity, RESTRICTION_TYPES, usableRestrictionLevels
} from '../entities/entity-protection.js'
import { entityOfPageId, type EntityProtection } from '../entities/protection-store.js'
import { ApiError, missingParam } from '../../action-api/api-errors.js'
import type { ApiCall, ApiModule } from '../../action-api/api-module.js'
import { editContext } from './entity-module-call.js'
import { assertUserRights } from '../user-rights.js'
import { pageTitleOf } from './entity-output.js'
import { entityOfTitle } from './page-modules.js'
import { expiriesFor, formatExpiry, parseExpiry, parseProtection } from './protection-params.js'

/**
 * MediaWiki's core `protect` module for entity pages (includes/api/ApiProtect.php): POST with
 * a csrf token; `title` (`Item:Q1`, `Property:P1` or the bare id) or `pageid`;
 * `protections=edit=sysop|move=sysop` (`all` lifts one; an action not named is lifted, as
 * WikiPage::doUpdateRestrictions does; empty lifts all); `expiry` (one for all or one each);
 * `reason`. Checks in ApiProtect's order: the `protect` right and being able to edit the page
 * (`permissiondenied`, `protect-cantedit`), the expiry count, then per protection the type,
 * the level (those of `repoSettings.restrictionLevels` whose right the user holds) and the
 * expiry. `cascade`, `watchlist` and `tags` are not supported; create protection of an entity
 * that does not exist is refused (`missingtitle`). The answer is ApiProtect's
 * `{protect: {title, reason, protections: [{edit: "sysop", expiry: "infinite"}, …]}}`.
 */
async function targetOf (call: ApiCall): Promise<EntityId> {
  const title = call.params.string('title')
  const pageId = call.params.integer('pageid')
  // ApiBase::requireOnlyOneParameter
  if (title !== undefined && pageId !== undefined) throw new ApiError('invalidparammix', 'The parameters "title" and "pageid" can not be used together.')
  if (title !== undefined) return entityOfTitle(title)
  if (pageId === undefined) throw new ApiError('missingparam', 'One of the parameters "title" and "pageid" is required.')
  const found = await entityOfPageId(call.deps.db.pool, call.deps.db, pageId)
  if (found === null) throw new ApiError('nosuchpageid', `There is no page with ID ${pageId}.`)
  return found
}

/** The domain's refusal in ApiProtect's terms (MediaWiki message `protect-cantedit`). */
async function asApiError<T> (run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof ProtectCantEditError) {
      throw new ApiError('protect-cantedit', 'You cannot change the protection levels of this page because you do not have permission to edit it.')
    }
    throw error
  }
}

export const protectModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const id = await targetOf(call)
    if (!call.params.has('protections')) throw missingParam('protections')
    const db = call.deps.db
    const ctx = editContext(call)
    const check = rightsCheck(ctx)
    const state = await loadEntityState(db.pool, db, id)
    const exists = state !== null && !state.deleted && (state.latestRevisionId > 0 || state.redirectTarget !== null)
    if (exists) await asApiError(async () => { await assertCanProtect(ctx, db.pool, id) })
    else await assertUserRights(check, ['protect'])

    const entries = call.params.list('protections').map(parseProtection)
    const expiries = expiriesFor(call.params.has('expiry') ? call.params.list('expiry') : ['infinite'], entries.length)
    if (expiries === null) {
      throw new ApiError('toofewexpiries', `${call.params.list('expiry').length} expiry timestamps were provided where ${entries.length} were needed.`)
    }
    const levels = await usableRestrictionLevels(check, call.deps.restrictionLevels ?? DEFAULT_RESTRICTION_LEVELS)
    const now = new Date()
    const chosen = new Map<string, EntityProtection>()
    const shown: Array<Record<string, string>> = []
    for (const [i, entry] of entries.entries()) {
      if (exists && entry.type === 'create') throw new ApiError('create-titleexists', 'Existing titles can\'t be protected with "create".')
      if (!exists && entry.type !== 'create') throw new ApiError('missingtitle-createonly', 'Missing titles can only be protected with "create".')
      if (!exists) throw new ApiError('missingtitle', 'The page you specified doesn\'t exist.')
      if (!RESTRICTION_TYPES.includes(entry.type)) throw new ApiError('protect-invalidaction', `Invalid protection type "${entry.type}".`)
      if (entry.given !== 'all' && !levels.includes(entry.given)) throw new ApiError('protect-invalidlevel', `Invalid protection level "${entry.given}".`)
      const expiry = parseExpiry(expiries[i]!, now)
      if ('error' in expiry) {
        const info = expiry.error === 'pastexpiry' ? `Expiry time "${expiries[i]!}" is in the past.` : `Invalid expiry time "${expiries[i]!}".`
        throw new ApiError(expiry.error, info)
      }
      chosen.set(entry.type, { type: entry.type, level: entry.level, expiry: expiry.expiry })
      shown.push({ [entry.type]: entry.level, expiry: formatExpiry(expiry.expiry) })
    }
    if (!exists) throw new ApiError('missingtitle', 'The page you specified doesn\'t exist.')
    // Actions not named are lifted (WikiPage::doUpdateRestrictions sets them to '').
    const protections = RESTRICTION_TYPES.map(type => chosen.get(type) ?? { type, level: '', expiry: null })
    await asApiError(async () => { await protectEntity(ctx, id, protections) })
    const reason = call.params.string('reason') ?? ''
    return { protect: { title: pageTitleOf(id, entityTypeOf(id), call.namespaces), reason, protections: shown } }
  }
}
