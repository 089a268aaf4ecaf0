import type { EntityId } from '../../../hooks/ids.js'
import { entityMap, type Snak, type Statement } from '../../changes/wikibase-entity.js'
import type { ClientParseSession } from './client-parse-session.js'
import { orderProperties, propertyOrderOf, type PropertyOrder } from './property-order.js'
import { findReferencedEntityId } from './referenced-entity-id-lookup.js'
import { parseEntityIdLoosely } from './repo-entity-lookup.js'
import { formatSnak } from './snak-formatter.js'
import { bestStatements, formatStatements, resolvePropertyId, statementsOf } from './statement-transclusion.js'
import { trackedEntity, trackedStatement, type TrackedEntity } from './tracked-entity.js'

export type { TrackedEntity } from './tracked-entity.js'

/** An entity id as Wikibase's EntityIdParser takes it: no surrounding space, any letter case (`q42`). */
const STRICT_ENTITY_ID = /^[QPL][1-9][0-9]{0,9}$/i

/** Term languages data access accepts (`getLabelByLang`): a language code, not any string. */
const TERM_LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/

/** A parse made more `getReferencedEntityId` calls than `referencedEntityIdAccessLimit`. */
export class ReferencedEntityIdLimitError extends Error {
  constructor (readonly limit: number) {
    super(`Too many mw.wikibase.getReferencedEntityId calls: at most ${limit} per page`)
    this.name = 'ReferencedEntityIdLimitError'
  }
}

/** The parser output's count of getReferencedEntityId calls (Wikibase keeps it in this extension data). */
const REFERENCED_ENTITY_ID_COUNT_KEY = 'wikibase-referenced-entity-id-limit'

/**
 * The entity-access API for templates and other plugins (the counterpart of Lua's
 * `mw.wikibase`), bound to one parse: each call records the usage Wikibase records (§6.2)
 * in that parse's output. Bad ids give null, never an exception; loading more entities than
 * `entityAccessLimit` throws EntityAccessLimitError.
 */
export class EntityAccess {
  readonly #session: ClientParseSession

  constructor (session: ClientParseSession) {
    this.#session = session
  }

  /** `getEntityIdForCurrentPage`: the connected item; records `T` on it. */
  async getEntityIdForCurrentPage (): Promise<EntityId | null> {
    const id = await this.#session.connectedItemId()
    if (id !== null) this.#session.track(id, 'T', null)
    return id
  }

  /** `getEntityIdForTitle(title, site)`: the item linked from that page; `T` for this wiki, else `S`. */
  async getEntityIdForTitle (title: string, siteId: string = this.#session.config.siteId): Promise<EntityId | null> {
    const id = await this.#session.lookup.getItemIdForSiteLink(siteId, title.replaceAll('_', ' ').trim())
    if (id !== null) this.#session.track(id, siteId === this.#session.config.siteId ? 'T' : 'S', null)
    return id
  }

  /**
   * `getEntity(id)` (counted against the access limit; default: the connected item). No usage
   * for the entity itself until parts of it are read; records `T` on the page's connected item.
   */
  async getEntity (id?: string): Promise<TrackedEntity | null> {
    const connected = await this.getEntityIdForCurrentPage()
    const entityId = id === undefined ? connected : parseEntityIdLoosely(id)
    if (entityId === null) return null
    const result = await this.#session.lookup.getEntity(entityId)
    if (result.status !== 'found') return null
    return trackedEntity(this.#session, result.entity, result.entityId, entityId, result)
  }

  /** `getLabel(id)`: through the fallback chain, recording each language tried. */
  async getLabel (id: string): Promise<string | null> {
    return (await this.getLabelWithLang(id))?.text ?? null
  }

  /** `getLabelWithLang(id)`: the label and the language it is in (fallback chain, as getLabel). */
  async getLabelWithLang (id: string): Promise<{ text: string, language: string } | null> {
    return await this.#termWithLang(id, 'L')
  }

  async getDescription (id: string): Promise<string | null> {
    return (await this.getDescriptionWithLang(id))?.text ?? null
  }

  /** `getDescriptionWithLang(id)`: the description and its language (fallback chain, `D.*`). */
  async getDescriptionWithLang (id: string): Promise<{ text: string, language: string } | null> {
    return await this.#termWithLang(id, 'D')
  }

  /** `getLabelByLang(id, lang)`: `L.lang`, also when the entity is missing; nothing for an invalid language. */
  async getLabelByLang (id: string, language: string): Promise<string | null> {
    return await this.#termByLang(id, language, 'L')
  }

  /** `getDescriptionByLang(id, lang)`: `D.lang`, as getLabelByLang. */
  async getDescriptionByLang (id: string, language: string): Promise<string | null> {
    return await this.#termByLang(id, language, 'D')
  }

  /**
   * `getSitelink(itemId, site)`: the title; `T` for this wiki else `S` — on the target of a
   * redirect, plus `X` on the redirect itself.
   */
  async getSitelink (itemId: string, siteId: string = this.#session.config.siteId): Promise<string | null> {
    const item = await this.#itemThroughRedirect(itemId, siteId === this.#session.config.siteId ? 'T' : 'S')
    return item === null ? null : item.sitelinks[siteId]?.title ?? null
  }

  /** `getBadges(itemId, site)`: the badge item ids of that sitelink; `S` (on a redirect's target, plus `X` on it). */
  async getBadges (itemId: string, siteId: string = this.#session.config.siteId): Promise<string[]> {
    const item = await this.#itemThroughRedirect(itemId, 'S')
    return item === null ? [] : [...item.sitelinks[siteId]?.badges ?? []]
  }

  /** `getBestStatements(id, P)`: `C.P` (full entity access). */
  async getBestStatements (id: string, propertyLabelOrId: string): Promise<readonly Statement[]> {
    return bestStatements(await this.getAllStatements(id, propertyLabelOrId))
  }

  /** `getAllStatements(id, P)`: `C.P`, also for a missing entity; reading qualifiers or references adds `CQR.P`. */
  async getAllStatements (id: string, propertyLabelOrId: string): Promise<readonly Statement[]> {
    const entityId = parseEntityIdLoosely(id)
    const propertyId = parseEntityIdLoosely(propertyLabelOrId)
    if (entityId === null || propertyId === null || !propertyId.startsWith('P')) return []
    const result = await this.#session.lookup.getEntity(entityId)
    // Recorded before the entity is known to exist (EntityAccessor::getEntityStatements), so
    // that creating or undeleting it re-renders the page.
    this.#session.track(entityId, 'C', propertyId, result)
    if (result.status !== 'found') return []
    return statementsOf(result.entity, propertyId).map(s => trackedStatement(s, () => { this.#session.track(entityId, 'CQR', propertyId, result) }))
  }

  /** `entityExists(id)`: `O`. */
  async entityExists (id: string): Promise<boolean> {
    const entityId = parseEntityIdLoosely(id)
    if (entityId === null) return false
    const result = await this.#session.lookup.peekEntity(entityId)
    this.#session.track(entityId, 'O', null, result)
    return result.status === 'found'
  }

  /** `isValidEntityId(id)`: whether Wikibase's id parser takes it (any letter case, no spaces). No usage. */
  isValidEntityId (id: string): boolean {
    return STRICT_ENTITY_ID.test(id)
  }

  /** `getGlobalSiteId()`: this wiki's global site id. */
  getGlobalSiteId (): string {
    return this.#session.config.siteId
  }

  /** `getEntityUrl(id)`: the entity's page on the repo (`…/Special:EntityPage/Q42`); null for an invalid id. No usage. */
  async getEntityUrl (id: string): Promise<string | null> {
    if (!this.isValidEntityId(id)) return null
    return await this.#session.config.entityUrl?.(id.toUpperCase() as EntityId) ?? null
  }

  /**
   * `getReferencedEntityId(fromId, propertyId, toIds)`: the first of `toIds` reached from
   * `fromId` along `propertyId` (breadth first, best statements); null if none, false when
   * the search hit `referencedEntityIdMaxDepth` or `…MaxReferencedEntityVisits`. Invalid ids
   * or a non-property give null. Records no usage (as Wikibase); every call counts against
   * `referencedEntityIdAccessLimit`, past it ReferencedEntityIdLimitError.
   */
  async getReferencedEntityId (fromId: string, propertyId: string, toIds: readonly string[]): Promise<EntityId | null | false> {
    const { settings } = this.#session.config
    const extensionData = this.#session.output.extensionData
    const calls = Number(extensionData.get(REFERENCED_ENTITY_ID_COUNT_KEY) ?? 0) + 1
    extensionData.set(REFERENCED_ENTITY_ID_COUNT_KEY, calls)
    if (calls > settings.referencedEntityIdAccessLimit) throw new ReferencedEntityIdLimitError(settings.referencedEntityIdAccessLimit)
    const from = parseEntityIdLoosely(fromId)
    const property = parseEntityIdLoosely(propertyId)
    const targets = toIds.map(parseEntityIdLoosely)
    if (from === null || property === null || !property.startsWith('P') || targets.some(id => id === null)) return null
    const found = await findReferencedEntityId(from, property, targets as EntityId[], {
      maxDepth: settings.referencedEntityIdMaxDepth, maxEntityVisits: settings.referencedEntityIdMaxReferencedEntityVisits
    }, async id => {
      const result = await this.#session.lookup.peekEntity(id)
      return result.status === 'found' ? result.entity : null
    })
    return found === 'max-depth' || found === 'max-visits' ? false : found
  }

  /** `getPropertyOrder()`: property id → position (`propertyOrder` setting), null when none is set. */
  getPropertyOrder (): PropertyOrder {
    return propertyOrderOf(this.#session.config.settings.propertyOrder)
  }

  /** `orderProperties(ids)`: the ids in the configured property order, the unknown ones last. */
  orderProperties (propertyIds: readonly string[]): string[] {
    return orderProperties(propertyIds, this.getPropertyOrder())
  }

  /** `resolvePropertyId(labelOrId)`: the property id, or null; `L.lang` on it when found by label. */
  async resolvePropertyId (labelOrId: string): Promise<EntityId | null> {
    try {
      return await resolvePropertyId(this.#session, labelOrId.trim())
    } catch {
      return null
    }
  }

  /** `renderSnak` (escaped plain text): label usages of referenced items and units. */
  async renderSnak (snak: Snak): Promise<string> {
    return await this.#format([snak], 'plain')
  }

  /** `renderSnaks` (a list, or snaks by property as in `qualifiers`): comma-separated plain text. */
  async renderSnaks (snaks: readonly Snak[] | Readonly<Record<string, readonly Snak[]>>): Promise<string> {
    return await this.#format(snakList(snaks), 'plain')
  }

  /** `formatValue` (rich wikitext): also `T` of referenced items. */
  async formatValue (snak: Snak): Promise<string> {
    return await this.#format([snak], 'rich')
  }

  /** `formatValues`: comma-separated rich wikitext. */
  async formatValues (snaks: readonly Snak[] | Readonly<Record<string, readonly Snak[]>>): Promise<string> {
    return await this.#format(snakList(snaks), 'rich')
  }

  /** The best statements of a property rendered as `#property` (plain) or `#statements` (rich) does. */
  async formatStatements (statements: readonly Statement[], format: 'plain' | 'rich' = 'plain'): Promise<string> {
    return await formatStatements(this.#session, statements, format)
  }

  async #termWithLang (id: string, aspect: 'L' | 'D'): Promise<{ text: string, language: string } | null> {
    const entityId = parseEntityIdLoosely(id)
    if (entityId === null) return null
    const term = await this.#session.term(entityId, aspect)
    return term === null ? null : { text: term.text, language: term.actualLanguageCode }
  }

  async #termByLang (id: string, language: string, aspect: 'L' | 'D'): Promise<string | null> {
    // Only valid term languages are tracked (WikibaseLanguageIndependentLuaBindings).
    if (!TERM_LANGUAGE.test(language)) return null
    const entityId = parseEntityIdLoosely(id)
    if (entityId === null) return null
    const result = await this.#session.lookup.peekEntity(entityId)
    this.#session.track(entityId, aspect, language, result)
    if (result.status !== 'found') return null
    return entityMap(aspect === 'L' ? result.entity.labels : result.entity.descriptions)[language]?.value ?? null
  }

  /** An item (redirect resolved) with `aspect` recorded on it, and `X` on a redirect to it; null for a non-item id. */
  async #itemThroughRedirect (itemId: string, aspect: 'T' | 'S'): Promise<{ sitelinks: Record<string, { title: string, badges: string[] }> } | null> {
    const entityId = parseEntityIdLoosely(itemId)
    if (entityId === null || !entityId.startsWith('Q')) return null
    const result = await this.#session.lookup.peekEntity(entityId)
    if (result.status === 'found' && result.redirectedFrom !== null) {
      this.#session.track(result.entityId, aspect, null)
      // A redirect: anything that happens to it matters (Wikibase records X).
      this.#session.track(entityId, 'X', null)
    } else {
      this.#session.track(entityId, aspect, null)
    }
    return result.status === 'found' ? { sitelinks: entityMap(result.entity.sitelinks) } : { sitelinks: {} }
  }

  async #format (snaks: readonly Snak[], format: 'plain' | 'rich'): Promise<string> {
    const context = {
      language: this.#session.termLanguage(),
      label: async (id: EntityId) => await this.#session.label(id),
      localTitle: async (id: EntityId) => await this.#session.localTitle(id)
    }
    const values: string[] = []
    for (const snak of snaks) values.push(await formatSnak(snak, format, context))
    // SnakSerializationRenderer: the language's comma list, for plain text and rich wikitext alike.
    return values.join(', ')
  }
}

function snakList (snaks: readonly Snak[] | Readonly<Record<string, readonly Snak[]>>): Snak[] {
  return Array.isArray(snaks) ? [...snaks] : Object.values(snaks as Record<string, Snak[]>).flat()
}
