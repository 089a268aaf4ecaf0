import type { EntityId } from '../../../hooks/ids.js'
import { entityMap, type Snak, type Statement, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import type { ClientParseSession } from './client-parse-session.js'
import { parseEntityIdLoosely } from './repo-entity-lookup.js'
import { formatSnak, joinValues } from './snak-formatter.js'
import { bestStatements, formatStatements, resolvePropertyId, statementsOf } from './statement-transclusion.js'

/**
 * An entity as handed to templates: the canonical JSON, read through views that record the
 * usage of exactly what is read (Lua's mw.wikibase.entity, facts §6.2): `claims[P]` → `C.P`,
 * a statement's `qualifiers`/`references` → `CQR.P`, `labels[lang]` → `L.lang`,
 * `descriptions[lang]` → `D.lang`, `aliases[lang]` → `A.lang`, `sitelinks[site]` → `T` for this
 * wiki else `S`; listing the claims or getProperties() → `C`.
 */
export interface TrackedEntity {
  readonly id: EntityId
  readonly type: string
  readonly labels: Readonly<Record<string, { language: string, value: string }>>
  readonly descriptions: Readonly<Record<string, { language: string, value: string }>>
  readonly aliases: Readonly<Record<string, ReadonlyArray<{ language: string, value: string }>>>
  readonly claims: Readonly<Record<string, readonly Statement[]>>
  readonly sitelinks: Readonly<Record<string, { site: string, title: string, badges: string[] }>>
  getProperties: () => string[]
}

function trackingView<T> (
  map: Record<string, T>, onKey: (key: string) => void, onList: () => void, wrap: (key: string, value: T) => T = (_k, v) => v
): Record<string, T> {
  return new Proxy(map, {
    get (target, key) {
      if (typeof key !== 'string') return Reflect.get(target, key)
      onKey(key)
      const value = target[key]
      return value === undefined ? undefined : wrap(key, value)
    },
    ownKeys (target) {
      onList()
      return Reflect.ownKeys(target)
    },
    set () { return false },
    deleteProperty () { return false }
  })
}

function trackedStatement (statement: Statement, onQualOrRef: () => void): Statement {
  return new Proxy(statement, {
    get (target, key) {
      if (key === 'qualifiers' || key === 'references' || key === 'qualifiers-order') onQualOrRef()
      return Reflect.get(target, key)
    },
    set () { return false }
  })
}

export function trackedEntity (
  session: ClientParseSession, entity: WikibaseEntity, entityId: EntityId, requestedId: EntityId, result: Parameters<ClientParseSession['track']>[3]
): TrackedEntity {
  const track = (aspect: 'L' | 'D' | 'A' | 'C' | 'CQR' | 'S' | 'T', modifier: string | null): void => { session.track(requestedId, aspect, modifier, result) }
  const claims = entityMap(entity.claims)
  return {
    id: entityId,
    type: entity.type,
    labels: trackingView(entityMap(entity.labels), lang => { track('L', lang) }, () => { track('L', null) }),
    descriptions: trackingView(entityMap(entity.descriptions), lang => { track('D', lang) }, () => { track('D', null) }),
    aliases: trackingView(entityMap(entity.aliases), lang => { track('A', lang) }, () => { track('A', null) }),
    claims: trackingView(claims, p => { track('C', p) }, () => { track('C', null) },
      (p, statements) => statements.map(s => trackedStatement(s, () => { track('CQR', p) }))),
    sitelinks: trackingView(entityMap(entity.sitelinks), site => { track(site === session.config.siteId ? 'T' : 'S', null) }, () => { track('S', null) }),
    getProperties: () => { track('C', null); return Object.keys(claims) }
  }
}

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

  async getLabelWithLang (id: string): Promise<{ text: string, language: string } | null> {
    const entityId = parseEntityIdLoosely(id)
    if (entityId === null) return null
    const term = await this.#session.term(entityId, 'L')
    return term === null ? null : { text: term.text, language: term.actualLanguageCode }
  }

  async getDescription (id: string): Promise<string | null> {
    const entityId = parseEntityIdLoosely(id)
    if (entityId === null) return null
    return (await this.#session.term(entityId, 'D'))?.text ?? null
  }

  /** `getLabelByLang(id, lang)`: `L.lang`. */
  async getLabelByLang (id: string, language: string): Promise<string | null> {
    const entityId = parseEntityIdLoosely(id)
    if (entityId === null || !/^[a-z]{2,3}(-[a-z0-9-]+)?$/i.test(language)) return null
    const result = await this.#session.lookup.peekEntity(entityId)
    this.#session.track(entityId, 'L', language, result)
    return result.status === 'found' ? entityMap(result.entity.labels)[language]?.value ?? null : null
  }

  /**
   * `getSitelink(itemId, site)`: the title; `T` for this wiki else `S` — on the target of a
   * redirect, plus `X` on the redirect itself.
   */
  async getSitelink (itemId: string, siteId: string = this.#session.config.siteId): Promise<string | null> {
    const entityId = parseEntityIdLoosely(itemId)
    if (entityId === null || !entityId.startsWith('Q')) return null
    const result = await this.#session.lookup.peekEntity(entityId)
    const aspect = siteId === this.#session.config.siteId ? 'T' : 'S'
    if (result.status === 'found' && result.redirectedFrom !== null) {
      this.#session.track(result.entityId, aspect, null)
      this.#session.track(entityId, 'X', null)
    } else {
      this.#session.track(entityId, aspect, null)
    }
    return result.status === 'found' ? entityMap(result.entity.sitelinks)[siteId]?.title ?? null : null
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

  async renderSnaks (snaks: readonly Snak[]): Promise<string> {
    return await this.#format(snaks, 'plain')
  }

  /** `formatValue` (rich wikitext): also `T` of referenced items. */
  async formatValue (snak: Snak): Promise<string> {
    return await this.#format([snak], 'rich')
  }

  /** The best statements of a property rendered as `#property` (plain) or `#statements` (rich) does. */
  async formatStatements (statements: readonly Statement[], format: 'plain' | 'rich' = 'plain'): Promise<string> {
    return await formatStatements(this.#session, statements, format)
  }

  async #format (snaks: readonly Snak[], format: 'plain' | 'rich'): Promise<string> {
    const context = {
      language: this.#session.language,
      label: async (id: EntityId) => await this.#session.label(id),
      localTitle: async (id: EntityId) => await this.#session.localTitle(id)
    }
    const values: string[] = []
    for (const snak of snaks) values.push(await formatSnak(snak, format, context))
    return format === 'plain' ? values.join(', ') : joinValues(values, format)
  }
}
