import type { WikibaseEntity } from '../changes/wikibase-entity.js'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
/** A map of canonical JSON: an object, or PHP's `[]` (or absent) for an empty one. */
const mapOf = (v: unknown, each: (value: unknown) => boolean): boolean =>
  v === undefined || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.values(v).every(each))
const isTerm = (v: unknown): boolean => isObject(v) && typeof v.language === 'string' && typeof v.value === 'string'
const isSnak = (v: unknown): boolean => isObject(v) && typeof v.snaktype === 'string' && typeof v.property === 'string' &&
  (v.datavalue === undefined || (isObject(v.datavalue) && typeof v.datavalue.type === 'string'))
const isSnakMap = (v: unknown): boolean => mapOf(v, list => Array.isArray(list) && list.every(isSnak))
const isStatement = (v: unknown): boolean => isObject(v) && isSnak(v.mainsnak) &&
  (v.qualifiers === undefined || isSnakMap(v.qualifiers)) &&
  (v.references === undefined || (Array.isArray(v.references) && v.references.every(r => isObject(r) && isSnakMap(r.snaks))))
const isSiteLink = (v: unknown): boolean => isObject(v) && typeof v.site === 'string' && typeof v.title === 'string' &&
  (v.badges === undefined || (Array.isArray(v.badges) && v.badges.every(b => typeof b === 'string')))

/**
 * Whether a remote repo's answer is an entity in canonical JSON with id `id`, in the parts
 * the client reads (terms, statements with their snaks, sitelinks): what the repo sends is
 * checked before anything of the client looks into it, and an answer that is not an entity
 * is read as missing (http-repo-reader.ts), never handed to a renderer.
 */
export function isRemoteEntity (value: unknown, id: string): value is WikibaseEntity {
  if (!isObject(value) || typeof value.type !== 'string' || value.id !== id) return false
  return mapOf(value.labels, isTerm) && mapOf(value.descriptions, isTerm) &&
    mapOf(value.aliases, list => Array.isArray(list) && list.every(isTerm)) &&
    mapOf(value.claims, list => Array.isArray(list) && list.every(isStatement)) &&
    mapOf(value.sitelinks, isSiteLink) &&
    (value.datatype === undefined || typeof value.datatype === 'string') &&
    (value.lastrevid === undefined || (typeof value.lastrevid === 'number' && Number.isSafeInteger(value.lastrevid)))
}
