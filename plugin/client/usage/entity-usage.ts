import { isEntityId, type EntityId } from '../../../hooks/ids.js'
import { WikibaseError } from '../../errors.js'

/**
 * Wikibase's usage aspects (EntityUsage::*_USAGE), facts §5.1:
 * S sitelinks, L label, D description, A alias, T title, C statements,
 * CQR statements with qualifiers/references, O other, X all.
 */
export const USAGE_ASPECTS = ['S', 'L', 'D', 'A', 'T', 'C', 'CQR', 'O', 'X'] as const
export type UsageAspect = (typeof USAGE_ASPECTS)[number]

export const SITELINK_USAGE = 'S' satisfies UsageAspect
export const LABEL_USAGE = 'L' satisfies UsageAspect
export const DESCRIPTION_USAGE = 'D' satisfies UsageAspect
export const ALIAS_USAGE = 'A' satisfies UsageAspect
export const TITLE_USAGE = 'T' satisfies UsageAspect
export const STATEMENT_USAGE = 'C' satisfies UsageAspect
export const STATEMENT_WITH_QUAL_OR_REF_USAGE = 'CQR' satisfies UsageAspect
export const OTHER_USAGE = 'O' satisfies UsageAspect
export const ALL_USAGE = 'X' satisfies UsageAspect

/**
 * An aspect key: an aspect, optionally followed by `.` and a modifier (`L.en`, `C.P31`).
 * Kept a plain string because keys are compared and stored as text (`eu_aspect`).
 */
export type AspectKey = string

/** `<entityId>#<aspectKey>`, e.g. `Q42#L.en`; unique per usage. */
export type UsageIdentity = string

/** One usage of one aspect of one entity (EntityUsage; `asArray()` has exactly this shape). */
export interface EntityUsage {
  readonly entityId: EntityId
  readonly aspect: UsageAspect
  readonly modifier: string | null
}

export class InvalidUsageAspectError extends WikibaseError {
  override readonly statusCode = 400
  override readonly code = 'invalid-usage-aspect'
  constructor (readonly value: unknown) {
    super(`not a usage aspect: ${JSON.stringify(value)} (expected one of ${USAGE_ASPECTS.join(', ')})`)
    this.name = 'InvalidUsageAspectError'
  }
}

export class InvalidUsageIdentityError extends WikibaseError {
  override readonly statusCode = 400
  override readonly code = 'invalid-usage-identity'
  constructor (readonly identity: unknown, readonly reason: string) {
    super(`not a usage identity string: ${JSON.stringify(identity)} (${reason}; expected <entity id>#<aspect key>, e.g. Q42#L.en)`)
    this.name = 'InvalidUsageIdentityError'
  }
}

const ASPECT_SET: ReadonlySet<string> = new Set(USAGE_ASPECTS)

export function isUsageAspect (raw: unknown): raw is UsageAspect {
  return typeof raw === 'string' && ASPECT_SET.has(raw)
}

export function parseUsageAspect (raw: unknown): UsageAspect {
  if (!isUsageAspect(raw)) throw new InvalidUsageAspectError(raw)
  return raw
}

/**
 * The EntityUsage constructor: rejects an unknown aspect. The modifier is kept as given
 * (Wikibase accepts any string, including '' as produced by splitting `L.`).
 */
export function newEntityUsage (entityId: EntityId, aspect: UsageAspect | string, modifier: string | null = null): EntityUsage {
  return { entityId, aspect: parseUsageAspect(aspect), modifier }
}

/** `makeAspectKey`: `L` + null → `L`; `L` + `en` → `L.en`. */
export function makeAspectKey (aspect: string, modifier: string | null): AspectKey {
  return modifier === null ? aspect : `${aspect}.${modifier}`
}

/** `splitAspectKey`: split at the first dot; `L.x.y` → [`L`, `x.y`], `L` → [`L`, null]. */
export function splitAspectKey (aspectKey: AspectKey): [string, string | null] {
  const dot = aspectKey.indexOf('.')
  return dot === -1 ? [aspectKey, null] : [aspectKey.slice(0, dot), aspectKey.slice(dot + 1)]
}

/** `stripModifier`: the text before the first dot (`L.x.y` → `L`). */
export function stripModifier (aspectKey: AspectKey): string {
  return splitAspectKey(aspectKey)[0]
}

/** `getAspectKey`. */
export function aspectKeyOf (usage: EntityUsage): AspectKey {
  return makeAspectKey(usage.aspect, usage.modifier)
}

/** `getIdentityString`: `Q42#L.en`. */
export function identityOf (usage: EntityUsage): UsageIdentity {
  return `${usage.entityId}#${aspectKeyOf(usage)}`
}

/** A usage of the same entity and aspect key; the aspect must be valid. */
export function newEntityUsageFromAspectKey (entityId: EntityId, aspectKey: AspectKey): EntityUsage {
  const [aspect, modifier] = splitAspectKey(aspectKey)
  return newEntityUsage(entityId, aspect, modifier)
}

/** The same usage without its modifier (`Q3#C.P12` → `Q3#C`). */
export function bareUsageOf (usage: EntityUsage): EntityUsage {
  return usage.modifier === null ? usage : { entityId: usage.entityId, aspect: usage.aspect, modifier: null }
}

/**
 * `EntityUsageFactory::newFromIdentity`: the entity id is the text before the first `#`, the
 * aspect key everything after it.
 */
export function newEntityUsageFromIdentity (identity: UsageIdentity): EntityUsage {
  const hash = identity.indexOf('#')
  if (hash === -1) throw new InvalidUsageIdentityError(identity, 'no "#"')
  const entityId = identity.slice(0, hash)
  if (!isEntityId(entityId)) throw new InvalidUsageIdentityError(identity, `${JSON.stringify(entityId)} is not an entity id`)
  const [aspect, modifier] = splitAspectKey(identity.slice(hash + 1))
  if (!isUsageAspect(aspect)) throw new InvalidUsageIdentityError(identity, `${JSON.stringify(aspect)} is not a usage aspect`)
  return { entityId, aspect, modifier }
}

/** Code-unit order of identity strings (how Wikibase sorts a page's usages). */
export function compareUsages (a: EntityUsage, b: EntityUsage): number {
  const x = identityOf(a)
  const y = identityOf(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** Distinct by identity (first occurrence kept), sorted by identity string. */
export function sortedUniqueUsages (usages: Iterable<EntityUsage>): EntityUsage[] {
  return [...usagesByIdentity(usages).values()].sort(compareUsages)
}

/** Identity → usage, first occurrence kept, input order. */
export function usagesByIdentity (usages: Iterable<EntityUsage>): Map<UsageIdentity, EntityUsage> {
  const map = new Map<UsageIdentity, EntityUsage>()
  for (const usage of usages) {
    const identity = identityOf(usage)
    if (!map.has(identity)) map.set(identity, usage)
  }
  return map
}

/** The distinct entity ids of the usages, in order of first appearance. */
export function entityIdsOf (usages: Iterable<EntityUsage>): EntityId[] {
  return [...new Set([...usages].map(usage => usage.entityId))]
}
