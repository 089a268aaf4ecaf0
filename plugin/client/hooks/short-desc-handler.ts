import type { ParserOutput } from '../../../hooks/contract.js'

/**
 * `{{SHORTDESC:…}}` (Wikibase's client/includes/Hooks/ShortDescHandler.php): a page's own short
 * description, kept in the page prop `wikibase-shortdesc` and read back by the description
 * lookup (DescriptionLookup::LOCAL_PROPERTY_NAME).
 */
export const LOCAL_SHORT_DESC_PROP = 'wikibase-shortdesc'

/** The control argument that keeps an earlier description (magic word `shortdesc_noreplace`, case-insensitive). */
const NO_REPLACE = 'noreplace'

/** The named character references the sanitizer decodes besides numeric ones (the ones wikitext authors write). */
const NAMED_REFERENCES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

function decodeCharacterReferences (text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10)
      // Surrogates and out-of-range code points are not characters: leave the reference as written.
      return code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || code === 0 ? whole : String.fromCodePoint(code)
    }
    return NAMED_REFERENCES[ref] ?? whole
  })
}

/**
 * ShortDescHandler::sanitize: the description as plain text — tags removed (descriptions are
 * plain text), character references decoded (so `&lt;b&gt;` may be mentioned; whoever shows
 * it must escape it), runs of whitespace one space, trimmed.
 */
export function sanitizeShortDesc (html: string): string {
  const withoutTags = html.replace(/<\/?[a-zA-Z][^<>]*>/g, '').replace(/<!--[\s\S]*?(-->|$)/g, '')
  return decodeCharacterReferences(withoutTags).replace(/\s+/gu, ' ').trim()
}

/** ShortDescHandler::isValid: something other than whitespace and punctuation. */
export function isValidShortDesc (text: string): boolean {
  return !/^[\s\p{P}\p{Z}]*$/u.test(text)
}

/**
 * The parser function: sets `wikibase-shortdesc` to the sanitized description when it is
 * valid; a later call replaces an earlier one unless it says `noreplace`. Renders nothing.
 */
export function applyShortDesc (output: ParserOutput, description: string, controlArg = ''): string {
  if (output.pageProps.has(LOCAL_SHORT_DESC_PROP) && controlArg.trim().toLowerCase() === NO_REPLACE) return ''
  const text = sanitizeShortDesc(description)
  if (isValidShortDesc(text)) output.pageProps.set(LOCAL_SHORT_DESC_PROP, text)
  return ''
}
