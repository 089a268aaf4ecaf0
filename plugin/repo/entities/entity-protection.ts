import type { HostUser, UserRight, WikiHost } from '../../../hooks/contract.js'
import { entityTypeOf, type EntityId } from '../../../hooks/ids.js'
import { withTransaction, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import { loadEntityState } from '../../repo-reader/entity-state.js'
import { assertUserRights, userHasRight, type RightsCheck } from '../user-rights.js'
import { EntityEditError, EntityNotFoundError, PageProtectedError, PermissionDeniedError } from './entity-errors.js'
import { activeProtections, saveProtections, type EntityProtection } from './protection-store.js'
import { entityUsageSummary } from '../../repo-reader/entity-usage-counts.js'
import { usageProtectionRight } from './usage-protection.js'

/**
 * Page protection of entity pages, as MediaWiki has it: a protection restricts an action
 * (`edit`, `move`) of one page to users holding the right its level names; every entity edit
 * checks it (entity-editor.ts), `action=protect` sets it (protect-module.ts).
 */

/**
 * What the protection checks read of an edit's context (entity-editor.ts EditContext, which
 * satisfies it): the user and their rights check, and the usage threshold.
 */
export interface ProtectionContext {
  db: WikiDatabase
  host?: WikiHost
  user: HostUser
  onHostError?: RightsCheck['onHostError']
  protectEntitiesUsedOnMoreThan?: number | null
}

const rightsCheck = (ctx: ProtectionContext): RightsCheck => ({ host: ctx.host, user: ctx.user, onHostError: ctx.onHostError })

/** MediaWiki's $wgRestrictionLevels without the empty level: the default of `repoSettings.restrictionLevels`. */
export const DEFAULT_RESTRICTION_LEVELS: readonly string[] = ['autoconfirmed', 'sysop']

/** The actions an existing page can be protected from (MediaWiki's RestrictionStore::listApplicableRestrictionTypes). */
export const RESTRICTION_TYPES: readonly string[] = ['edit', 'move']

/**
 * The right a restriction level asks for (MediaWiki PermissionManager::checkPageRestrictions
 * and getNamespaceRestrictionLevels): `sysop` is `editprotected`, `autoconfirmed` is
 * `editsemiprotected` (their names before MediaWiki 1.23), any other level is a right of its
 * own name, which a host that does not know it refuses.
 */
export function restrictionRight (level: string): UserRight {
  if (level === 'sysop') return 'editprotected'
  if (level === 'autoconfirmed') return 'editsemiprotected'
  return level as UserRight
}

/** A protect the user may not make although they hold `protect`: they could not edit the page (MediaWiki's `protect-cantedit`). */
export class ProtectCantEditError extends EntityEditError {
  override readonly statusCode = 403
  override readonly code = 'protect-cantedit'
  constructor (readonly entityId: string) {
    super(`You may not change the protection of ${entityId}: you cannot edit it.`)
    this.name = 'ProtectCantEditError'
  }
}

/**
 * Throws PageProtectedError when a protection of `action` asks for a right the user lacks, or
 * when the entity is used on more client pages than the context's
 * `protectEntitiesUsedOnMoreThan` (usage-protection.ts; null or absent: that rule is off) and
 * the user lacks `editsemiprotected`. The threshold comes from the context, so no writer can
 * forget to pass it.
 */
export async function assertNotProtected (ctx: ProtectionContext, client: Queryable, id: EntityId, action = 'edit'): Promise<void> {
  const check = rightsCheck(ctx)
  const db = ctx.db
  const usedOnMoreThan = ctx.protectEntitiesUsedOnMoreThan ?? null
  for (const protection of await activeProtections(client, db, id)) {
    if (protection.type !== action) continue
    const right = restrictionRight(protection.level)
    if (!await userHasRight(check, right)) throw new PageProtectedError(id, right, check.user.name, check.user.anonymous, action)
  }
  if (usedOnMoreThan === null || action !== 'edit') return
  const right = usageProtectionRight((await entityUsageSummary(client, db, id)).pages, usedOnMoreThan, action)
  if (right !== null && !await userHasRight(check, right)) throw new PageProtectedError(id, right, check.user.name, check.user.anonymous, action)
}

/**
 * Who may protect (MediaWiki PermissionManager for the `protect` action): the `protect`
 * right, and being able to edit the page, protections (and the usage rule) included — else
 * `protect-cantedit`.
 */
export async function assertCanProtect (ctx: ProtectionContext, client: Queryable, id: EntityId): Promise<void> {
  const check = rightsCheck(ctx)
  await assertUserRights(check, ['protect'])
  try {
    await assertUserRights(check, ['edit'])
    await assertNotProtected(ctx, client, id)
  } catch (error) {
    if (error instanceof PermissionDeniedError) throw new ProtectCantEditError(id)
    throw error
  }
}

/** The levels the user may set: those of the wiki whose right they hold (PermissionManager::getNamespaceRestrictionLevels). */
export async function usableRestrictionLevels (check: RightsCheck, levels: readonly string[]): Promise<string[]> {
  const usable: string[] = []
  for (const level of levels) if (await userHasRight(check, restrictionRight(level))) usable.push(level)
  return usable
}

/** Sets the protections of an existing entity page in one transaction; the rights are checked again under its lock. */
export async function protectEntity (ctx: ProtectionContext, id: EntityId, protections: readonly EntityProtection[]): Promise<void> {
  const db = ctx.db
  await withTransaction(db.pool, async tx => {
    const state = await loadEntityState(tx, db, id, { forUpdate: true })
    if (state === null || state.deleted) throw new EntityNotFoundError(id, entityTypeOf(id))
    await assertCanProtect(ctx, tx, id)
    await saveProtections(tx, db, id, protections)
  })
}
