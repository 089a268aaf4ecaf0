import { nfc } from '../../http/unicode-nfc.js'

/**
 * Wikibase's string normalization (lib/includes/StringNormalizer.php): `trimWhitespace`
 * turns every run of control characters (\p{Cc}: tab, line breaks …) into one space and
 * strips separators (\p{Z}) at both ends; `cleanupToNfc` is UtfNormal's cleanUp, i.e. NFC
 * (a JavaScript string holds no invalid UTF-8, and the request guard refuses lone surrogates
 * and NUL); `trimToNfc` is both, as Wikibase applies it to terms.
 */
const CONTROL_RUN = /\p{Cc}+/gu
const EDGE_SEPARATORS = /^\p{Z}+|\p{Z}+$/gu

export function trimWhitespace (text: string): string {
  return text.replace(CONTROL_RUN, ' ').replace(EDGE_SEPARATORS, '')
}

export function cleanupToNfc (text: string): string {
  return nfc(text)
}

export function trimToNfc (text: string): string {
  return cleanupToNfc(trimWhitespace(text))
}

/** PHP's trim(): what Wikibase's REST API does to a term before validating it (a tab inside stays, and is refused). */
const PHP_TRIM = /^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g

export function phpTrimToNfc (text: string): string {
  return cleanupToNfc(text.replace(PHP_TRIM, ''))
}
