/**
 * Character references in wikitext, as MediaWiki's Sanitizer treats them
 * (includes/parser/Sanitizer.php normalizeCharReferences / decodeCharReferences): a valid
 * reference (`&amp;`, `&#39;`, `&#x5B;`) is kept as it is — it is how wikitext writes a
 * character that would otherwise be markup, e.g. wfEscapeWikiText's output — and any other
 * `&` is escaped. So text escaped once for wikitext is shown as written, never as `&#39;`.
 */

/** Named references kept and decoded (HTML 4's most used; an unknown name is shown literally, as in MediaWiki). */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', minus: '−', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', middot: '·', bull: '•', deg: '°', plusmn: '±', times: '×', divide: '÷',
  euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶', thinsp: '\u2009', ensp: '\u2002', emsp: '\u2003',
  zwj: '\u200d', zwnj: '\u200c', lrm: '\u200e', rlm: '\u200f', prime: '′', Prime: '″', larr: '←', rarr: '→', uarr: '↑',
  darr: '↓', harr: '↔', frac12: '½', frac14: '¼', frac34: '¾', sup1: '¹', sup2: '²', sup3: '³', micro: 'µ', iexcl: '¡',
  iquest: '¿', eacute: 'é', egrave: 'è', aacute: 'á', agrave: 'à', ouml: 'ö', auml: 'ä', uuml: 'ü', szlig: 'ß', ccedil: 'ç'
}

/** Sanitizer::validateCodepoint: the characters XML allows. */
function validCodepoint (code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
}

/** Bounded lengths keep the scan linear: a reference is at most a few characters after `&`. */
const REFERENCE = /&(?:([A-Za-z][A-Za-z0-9]{0,31})|#([0-9]{1,8})|#[xX]([0-9A-Fa-f]{1,8}));/y

/** The reference starting at `at` (which holds `&`): its length and the character it stands for, or null. */
function referenceAt (text: string, at: number): { length: number, char: string } | null {
  REFERENCE.lastIndex = at
  const match = REFERENCE.exec(text)
  if (match === null) return null
  const [whole, name, decimal, hex] = match
  if (name !== undefined) {
    const char = NAMED[name]
    return char === undefined || !Object.hasOwn(NAMED, name) ? null : { length: whole.length, char }
  }
  const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16)
  return validCodepoint(code) ? { length: whole.length, char: String.fromCodePoint(code) } : null
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;' }

/**
 * Wikitext → HTML element content: `<`, `>` and every `&` that does not start a valid
 * reference escaped (quotes stay: they are wikitext's bold and italic, and harmless outside
 * attributes).
 */
export function normalizeCharReferences (text: string): string {
  return text.replace(/[&<>]/g, (char, at: number) => {
    if (char !== '&') return HTML_ESCAPES[char]!
    return referenceAt(text, at) === null ? '&amp;' : '&'
  })
}

/** Valid references replaced by their characters; anything else left as written. */
export function decodeCharReferences (text: string): string {
  let out = ''
  let from = 0
  let at = text.indexOf('&')
  while (at !== -1) {
    const reference = referenceAt(text, at)
    if (reference !== null) {
      out += text.slice(from, at) + reference.char
      from = at + reference.length
    }
    at = text.indexOf('&', reference === null ? at + 1 : from)
  }
  return out + text.slice(from)
}
