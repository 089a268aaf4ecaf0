import type { Snak } from '../../changes/wikibase-entity.js'
import { normalizePageName } from '../../sites/page-name-normalizer.js'
import { SITE_TYPE_MEDIAWIKI } from '../../sites/site.js'
import { cleanupToNfc } from './string-normalizer.js'

/**
 * Data value normalization as Wikibase's SnakNormalizer applies it to the snaks an edit
 * saves (lib/includes/Normalization/SnakNormalizer.php): the normalizers of the property's
 * data type (`PT:…`) first, then those of the value type (`VT:…`).
 * - VT:string (string, external-id, url, commonsMedia, math …): StringValueNormalizer
 *   (lib/includes/Normalization/StringValueNormalizer.php), the string in NFC.
 * - PT:commonsMedia: CommonsMediaValueNormalizer (repo/includes/Normalization/) asks
 *   Commons for the file page's title (CachingCommonsMediaFileNameLookup) and keeps the
 *   value when Commons does not answer. This repo has no Commons to ask, so it applies
 *   MediaWiki's title rules for `File:` pages locally: underscores and runs of white space
 *   become one space, the ends are trimmed, the first letter is upper case (File titles are
 *   always capitalised). A name that cannot be a title is kept; validation refuses it.
 */
const FILE_PAGE = { type: SITE_TYPE_MEDIAWIKI }

export function normalizeCommonsMediaFileName (fileName: string): string {
  return normalizePageName(FILE_PAGE, fileName) ?? fileName
}

/** The snak with its value normalized; the same object when nothing changes. A changed snak loses its stored hash. */
export function normalizeSnak (snak: Snak, datatype: string | undefined): Snak {
  if (snak === null || typeof snak !== 'object' || snak.snaktype !== 'value') return snak
  const datavalue = snak.datavalue
  if (datavalue === null || typeof datavalue !== 'object' || datavalue.type !== 'string' || typeof datavalue.value !== 'string') return snak
  let value = datavalue.value
  if (datatype === 'commonsMedia') value = normalizeCommonsMediaFileName(value)
  value = cleanupToNfc(value)
  if (value === datavalue.value) return snak
  const { hash: _stale, ...rest } = snak
  return { ...rest, datavalue: { ...datavalue, value } }
}
