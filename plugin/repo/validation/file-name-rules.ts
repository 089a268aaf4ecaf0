import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { checkText } from './string-rules.js'

/**
 * Values that name a page of another wiki (repo/includes/ValidatorBuilders.php
 * buildMediaValidators, buildGeoShapeValidators, buildTabularDataValidators): the common
 * string rules with a limit of 240 (oi_archive_name is 255 bytes, with room for a timestamp),
 * then a file-name pattern without the characters `$wgLegalTitleChars`/`$wgIllegalFileChars`
 * exclude. Wikibase lists `# / : [ \ ] { | }`; we add `< >`, which no MediaWiki title may
 * hold either. A commonsMedia name needs an extension of two or more word characters; a
 * geo-shape is `Data:….map`, tabular data `Data:….tab` (these may hold `/`). (Wikibase also asks Commons whether
 * the file exists; this repo has no Commons to ask.)
 */
export const MAX_FILE_NAME_LENGTH = 240

const MEDIA_FILE = /^[^#/:[\\\]{|}<>]+\.[\p{L}\p{N}_]{2,}$/u
const GEO_SHAPE = /^Data:[^#:[\\\]{|}<>]+\.map$/u
const TABULAR_DATA = /^Data:[^#:[\\\]{|}<>]+\.tab$/u

function checkPageName (path: string, value: unknown, pattern: RegExp, what: string): string {
  const text = checkText(path, value, MAX_FILE_NAME_LENGTH)
  if (!pattern.test(text)) throw new InvalidEntityValueError(path, what, 'illegal-file-chars')
  return text
}

export const checkCommonsMediaFileName = (path: string, value: unknown): string =>
  checkPageName(path, value, MEDIA_FILE, 'is not a file name: it needs an extension and must not contain # / : [ \\ ] { | } < >')

export const checkGeoShapeTitle = (path: string, value: unknown): string =>
  checkPageName(path, value, GEO_SHAPE, 'must be a page title Data:….map without # : [ \\ ] { | } < > in its name')

export const checkTabularDataTitle = (path: string, value: unknown): string =>
  checkPageName(path, value, TABULAR_DATA, 'must be a page title Data:….tab without # : [ \\ ] { | } < > in its name')
