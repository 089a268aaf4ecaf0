import { phpTrim } from '../../sites/title-encoding.js'
import { jsonPointer } from './rest-api-error.js'
import type { InputProblems } from './rest-input-problems.js'

/**
 * The REST shape of the term and sitelink parts of an entity a client sent (a request body
 * or the result of a JSON Patch), checked before it is turned into canonical JSON, so a patch
 * that makes `aliases` a string or a sitelink a number is the spec's 400/422, never a crash
 * (Wikibase's LabelsSyntaxValidator, AliasesValidator, SitelinksValidator under
 * repo/rest-api/src/Application/Validation/). Each value's own rules (length, white space,
 * language and site known) are the domain validator's; statements are checked by their routes.
 */
type At = (...segments: string[]) => string

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)

/** `labels` or `descriptions`: language → string. */
export function checkTermMap (value: unknown, at: At, problems: InputProblems): void {
  if (!isMap(value)) throw problems.invalidValue(at(), value)
  for (const [language, text] of Object.entries(value)) if (typeof text !== 'string') throw problems.invalidValue(at(language), text)
}

/** `aliases`: language → non-empty list of strings. */
export function checkAliasMap (value: unknown, at: At, problems: InputProblems): void {
  if (!isMap(value)) throw problems.invalidValue(at(), value)
  for (const [language, list] of Object.entries(value)) {
    if (!Array.isArray(list) || list.length === 0) throw problems.invalidValue(at(language), list)
    list.forEach((alias, i) => { if (typeof alias !== 'string') throw problems.invalidValue(at(language, String(i)), alias) })
  }
}

/**
 * One sitelink `{title, badges?, url?}`. `url` is read-only: in a request it is ignored, in a
 * patch result it must be what the resource showed (`shownUrl`).
 */
export function checkSitelink (value: unknown, at: At, problems: InputProblems, shownUrl?: string | null): void {
  if (!isMap(value)) throw problems.invalidValue(at(), value)
  if (!Object.hasOwn(value, 'title')) throw problems.missingField(at(), 'title')
  if (typeof value.title !== 'string') throw problems.invalidValue(at('title'), value.title)
  if (value.badges !== undefined) {
    if (!Array.isArray(value.badges)) throw problems.invalidValue(at('badges'), value.badges)
    value.badges.forEach((badge, i) => { if (typeof badge !== 'string') throw problems.invalidValue(at('badges', String(i)), badge) })
  }
  if (shownUrl !== undefined && value.url !== undefined && value.url !== shownUrl) throw problems.readOnly(at('url'))
}

/** `sitelinks`: site → sitelink; `shown` is the resource before a patch (for read-only urls). */
export function checkSitelinkMap (value: unknown, at: At, problems: InputProblems, shown?: Record<string, { url?: string }>): void {
  if (!isMap(value)) throw problems.invalidValue(at(), value)
  for (const [site, link] of Object.entries(value)) {
    checkSitelink(link, (...s) => at(site, ...s), problems, shown === undefined ? undefined : (shown[site]?.url ?? null))
  }
}

export type RestSectionName = 'labels' | 'descriptions' | 'aliases' | 'sitelinks'

/** One map-shaped section, by name. */
export function checkSection (
  name: RestSectionName, value: unknown, at: At, problems: InputProblems, shown?: Record<string, unknown>
): void {
  if (name === 'aliases') checkAliasMap(value, at, problems)
  else if (name === 'sitelinks') checkSitelinkMap(value, at, problems, shown as Record<string, { url?: string }> | undefined)
  else checkTermMap(value, at, problems)
}

/**
 * A whole entity: its sections present are checked; `id`, `type` and (properties)
 * `data_type` are read-only — a new entity may not name an id or another type, a patch
 * result must keep them (`readOnly` at their pointer).
 */
export function checkEntityInput (
  entity: unknown, prefix: string[], type: 'item' | 'property', problems: InputProblems, shown?: Record<string, unknown>
): void {
  const at = (...segments: string[]): string => jsonPointer(...prefix, ...segments)
  if (!isMap(entity)) throw problems.invalidValue(at(), entity)
  if (shown === undefined) {
    if (entity.id !== undefined) throw problems.readOnly(at('id'))
    if (entity.type !== undefined && entity.type !== type) throw problems.readOnly(at('type'))
  } else {
    for (const key of ['id', 'type', ...(type === 'property' ? ['data_type'] : [])]) {
      if (entity[key] !== shown[key]) throw problems.readOnly(at(key))
    }
  }
  if (type === 'property' && shown === undefined) {
    if (entity.data_type === undefined) throw problems.missingField(at(), 'data_type')
    if (typeof entity.data_type !== 'string') throw problems.invalidValue(at('data_type'), entity.data_type)
  }
  const sections: RestSectionName[] = type === 'item' ? ['labels', 'descriptions', 'aliases', 'sitelinks'] : ['labels', 'descriptions', 'aliases']
  for (const name of sections) {
    if (entity[name] === undefined) continue
    checkSection(name, entity[name], (...s) => at(name, ...s), problems, shown?.[name] as Record<string, unknown> | undefined)
  }
  if (type === 'property' && entity.sitelinks !== undefined) throw problems.invalidKey(at(), 'sitelinks')
}

const trimmed = (value: unknown): unknown => typeof value === 'string' ? phpTrim(value) : value
const mapValues = (value: unknown, f: (v: unknown) => unknown): unknown =>
  isMap(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, f(v)])) : value

/**
 * Terms and sitelink titles trimmed, as Wikibase's REST deserializers do (LabelsDeserializer,
 * AliasesDeserializer, SitelinkDeserializer: `trim`), so `" Berlin "` is stored as `Berlin`;
 * text that is then empty is refused by the domain rules. Only sections present are touched.
 */
export function trimEntityInput<T> (entity: T): T {
  if (!isMap(entity)) return entity
  const out: Record<string, unknown> = { ...entity }
  for (const name of ['labels', 'descriptions'] as const) if (out[name] !== undefined) out[name] = mapValues(out[name], trimmed)
  if (out.aliases !== undefined) out.aliases = mapValues(out.aliases, list => Array.isArray(list) ? list.map(trimmed) : list)
  if (out.sitelinks !== undefined) {
    out.sitelinks = mapValues(out.sitelinks, link => isMap(link) ? { ...link, title: trimmed(link.title) } : link)
  }
  return out as T
}
