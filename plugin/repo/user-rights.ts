import { isDeepStrictEqual } from 'node:util'
import type { HostUser, UserRight, WikiHost } from '../../hooks/contract.js'
import { entityMap, type WikibaseEntity } from '../changes/wikibase-entity.js'
import { PermissionDeniedError } from './entities/entity-errors.js'

/**
 * Deny by default: the plugin asks the host (`userCan`) for each right a write needs and
 * refuses what the host does not confirm. Which rights a write needs is a pure rule
 * (`rightsForEdit`), modelled on MediaWiki's page permissions and Wikibase's
 * EntityPermissionChecker.
 */

/**
 * A host without `userCan` has no rights system: everyone may read and edit (MediaWiki's
 * `*` group without `createpage`), and term edits count as edits (Wikibase's `item-term` /
 * `property-term` only refine `edit`; its extension.json grants them to `*`). Creating,
 * deleting, undeleting, protecting, merging, redirecting and bot-flagging need a host that says yes.
 */
export const RIGHTS_WITHOUT_HOST_CHECK: ReadonlySet<UserRight> = new Set<UserRight>(['read', 'edit', 'item-term', 'property-term'])

export type EditKind = 'create' | 'edit' | 'delete' | 'restore'

const TERM_SECTIONS = ['labels', 'descriptions', 'aliases'] as const

/** Whether labels, descriptions or aliases differ (PHP's empty `[]` equals `{}`). */
export function termsChanged (before: WikibaseEntity | null, after: WikibaseEntity | null): boolean {
  const terms = (entity: WikibaseEntity | null, section: typeof TERM_SECTIONS[number]): Record<string, unknown> =>
    entityMap<unknown>(entity?.[section] as Record<string, unknown> | [] | undefined)
  return TERM_SECTIONS.some(section => !isDeepStrictEqual(terms(before, section), terms(after, section)))
}

/**
 * The rights a write needs, in the order they are checked:
 * - create: `edit`, `createpage` (MediaWiki: creating a page needs both), a property also
 *   `property-create`, and the term right when the new entity has terms;
 * - edit: `edit`, and `item-term` / `property-term` when terms change (Wikibase:
 *   EntityPermissionChecker, ACTION_EDIT_TERMS). Sitelinks need `edit` only: Wikibase has no
 *   sitelink right;
 * - delete: `delete`; restore: `undelete` (MediaWiki's rights of the delete and undelete actions).
 */
export function rightsForEdit (kind: EditKind, type: string, before: WikibaseEntity | null, after: WikibaseEntity | null): UserRight[] {
  if (kind === 'delete') return ['delete']
  if (kind === 'restore') return ['undelete']
  const rights: UserRight[] = ['edit']
  if (kind === 'create') rights.push('createpage')
  if (kind === 'create' && type === 'property') rights.push('property-create')
  if (termsChanged(before, after)) rights.push(type === 'property' ? 'property-term' : 'item-term')
  return rights
}

export interface RightsCheck {
  host: WikiHost | undefined
  user: HostUser
  /** Where a failing host check is logged (it counts as "no"). */
  onHostError?: (error: unknown, right: UserRight) => void
}

/** Whether the user holds `right`: the host's answer, or the fixed set when it has no `userCan`. */
export async function userHasRight (check: RightsCheck, right: UserRight): Promise<boolean> {
  const userCan = check.host?.services.userCan
  if (userCan === undefined) return RIGHTS_WITHOUT_HOST_CHECK.has(right)
  try {
    return await userCan(check.user, right) === true
  } catch (error) {
    check.onHostError?.(error, right)
    return false
  }
}

/** Throws PermissionDeniedError naming the first right the user lacks. */
export async function assertUserRights (check: RightsCheck, rights: readonly UserRight[]): Promise<void> {
  for (const right of rights) {
    if (!await userHasRight(check, right)) throw new PermissionDeniedError(right, check.user.name, check.user.anonymous)
  }
}
