import type { EntityId } from '../../../hooks/ids.js'
import { entityMap, type Statement, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import type { ClientParseSession } from './client-parse-session.js'

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

export function trackedStatement (statement: Statement, onQualOrRef: () => void): Statement {
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
