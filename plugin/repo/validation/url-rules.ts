import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { checkStorableString, utf8Length } from './string-rules.js'
import { ValueTooLongError } from './validation-errors.js'

/**
 * URL values as Wikibase checks them (repo/includes/ValidatorBuilders.php getUrlValidator,
 * Validators/UrlValidator.php, Validators/UrlSchemeValidators.php): a string of 2..limit
 * bytes (StringLengthValidator measures with strlen), whose scheme is in the allow-list
 * (setting `urlSchemes`) and has a rule, and which matches that rule: `scheme://` then one
 * or more characters of MediaWiki's Parser::EXT_LINK_URL_CLASS (no `[ ] < > "`, no white
 * space or control characters, no U+FFFD); `mailto:` then `…@…` of the same class. So
 * `javascript:…`, a URL with a line break or wikitext after it, and `//host` are refused.
 */
const URL_CHAR = '[^\\][<>"\\u0000-\\u0020\\u007f\\p{Zs}\\ufffd]'

/** The schemes UrlSchemeValidators has a rule for; `any`/`*` allow any scheme. */
const SLASH_SCHEMES = new Set([
  'ftp', 'ftps', 'git', 'gopher', 'http', 'https', 'irc', 'ircs', 'mms', 'nntp', 'redis', 'sftp', 'ssh', 'svn', 'telnet', 'worldwind', 'bzr', 'cvs'
])

function schemeRule (scheme: string): RegExp | null {
  if (SLASH_SCHEMES.has(scheme)) return new RegExp(`^${scheme}://${URL_CHAR}+$`, 'iu')
  if (scheme === 'mailto') return new RegExp(`^mailto:${URL_CHAR}+@${URL_CHAR}+$`, 'iu')
  if (scheme === '*' || scheme === 'any') return new RegExp(`^[a-z][a-z\\d+.-]*:${URL_CHAR}+$`, 'iu')
  return null
}

/** Checks a URL string against `schemes`; `maxBytes` is `string-limits.PT:url` (500) or 255 for concept URIs. */
export function checkUrl (path: string, value: unknown, schemes: readonly string[], maxBytes: number): string {
  if (typeof value !== 'string') throw new InvalidEntityValueError(path, 'a URL must be a string', 'bad-type')
  if (value.length > maxBytes) throw new ValueTooLongError(path, utf8Length(value), maxBytes, 'bytes')
  checkStorableString(path, value)
  const bytes = utf8Length(value)
  if (bytes < 2) throw new InvalidEntityValueError(path, 'a URL must be at least 2 bytes long', 'too-short')
  if (bytes > maxBytes) throw new ValueTooLongError(path, bytes, maxBytes, 'bytes')
  const scheme = /^([-+.a-z\d]+):/i.exec(value)?.[1]?.toLowerCase()
  if (scheme === undefined) throw new InvalidEntityValueError(path, 'a URL needs a scheme (such as https:)', 'bad-url')
  const allowed = schemes.includes(scheme) ? schemeRule(scheme) : schemes.includes('*') || schemes.includes('any') ? schemeRule('*') : null
  if (allowed === null) {
    throw new InvalidEntityValueError(
      path, `the URL scheme ${JSON.stringify(scheme)} is not allowed (allowed: ${schemes.join(', ')}; setting urlSchemes)`, 'bad-url-scheme')
  }
  if (!allowed.test(value)) {
    throw new InvalidEntityValueError(path, 'is not a well-formed URL: no white space, control characters or [ ] < > " allowed', 'bad-url')
  }
  return value
}

/**
 * A concept URI (unit, globe, calendar model): an http(s) URL of at most 255 bytes, as
 * ValidatorBuilders checks them, naming an item (`…/Q42`).
 */
export function checkItemConceptUri (path: string, value: unknown): string {
  const url = checkUrl(path, value, ['http', 'https'], 255)
  if (!/\/Q[1-9]\d{0,9}$/.test(url)) throw new InvalidEntityValueError(path, 'must be the concept URI of an item (…/entity/Q…)', 'bad-prefix')
  return url
}
