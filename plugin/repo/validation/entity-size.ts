import { EntityTooBigError } from './validation-errors.js'

/**
 * The whole serialized entity must stay within `maxSerializedEntitySize` KiB, checked on every
 * write (Wikibase: EntityContentTooBigException from WikiPageEntityStore / EditEntity, the
 * setting in lib/config/WikibaseLib.default.php, `$wgMaxArticleSize` = 2048 KiB by default).
 * Measured as UTF-8 bytes of the JSON this repo stores.
 */
export function serializedSize (entity: unknown): number {
  return Buffer.byteLength(JSON.stringify(entity), 'utf8')
}

export function checkEntitySize (entity: unknown, maxKiB: number): void {
  const size = serializedSize(entity)
  if (size > maxKiB * 1024) throw new EntityTooBigError(size, maxKiB)
}
