/**
 * Nesting depth of JSON text, measured on the raw text before it is parsed: one linear pass
 * that skips string contents (and their escapes) and counts `[`/`{` against `]`/`}`. It does
 * not validate the JSON; the parser does that afterwards, on text known to be shallow enough
 * for every recursive walk that follows (validators, comparisons, serializers).
 */

/** The default limit. PHP's json_decode (which MediaWiki's FormatJson and Wikibase use) stops at 512;
 * the deepest valid Wikibase request (a statement with qualifiers and a quantity value inside a
 * JSON Patch operation) is about 12 levels, so 64 leaves room for any real document. */
export const DEFAULT_MAX_JSON_DEPTH = 64

/** True when the text nests arrays/objects deeper than `maxDepth` anywhere. */
export function jsonDepthExceeds (text: string, maxDepth: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: the next character is escaped
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b || c === 0x7b) {
      depth++
      if (depth > maxDepth) return true
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return false
}
