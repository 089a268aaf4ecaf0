/**
 * How values become wikitext on a client page without becoming wikitext structure, whatever
 * the stored value holds (stored data is treated as hostile even after the repo validated it).
 * Each function is one pass over its input.
 */

/** wfEscapeWikiText's characters that start markup anywhere (includes/GlobalFunctions.php). */
const MARKUP_CHARS = /["&'<=>[\]{|}]/g

/** What starts markup at the beginning of a line: lists, definitions, tables, `<pre>`, rules, paragraphs. */
const LINE_START = /(?<=^|[\n\r])[#*:;!\s-]/g

const entity = (char: string): string => `&#${char.codePointAt(0)!};`

/**
 * wfEscapeWikiText (MediaWiki includes/GlobalFunctions.php): the characters that could start
 * markup become numeric character references, so the value shows as text — `[[`, `{{`, `|`,
 * `=`, quotes, `<`, `&`, and at a line start `#*:;!`, whitespace and `-` (so `----` and blank
 * lines lose their meaning), `__` (behaviour switches like `__TOC__`), `://` (free links),
 * `~~~` (signatures) and the magic links `ISBN `/`RFC `/`PMID `. The renderer keeps the
 * references (Sanitizer::normalizeCharReferences), so each value is escaped exactly once.
 */
export function escapeWikitext (text: string): string {
  let out = text.replace(MARKUP_CHARS, entity)
  out = out.replace(LINE_START, entity)
  out = out.replaceAll('__', '_&#95;').replaceAll('://', '&#58;//').replaceAll('~~~', '~~&#126;')
  return out.replace(/\b(ISBN|RFC|PMID)(\s)/g, (_m, magic: string, space: string) => `${magic}${entity(space)}`)
}

/**
 * Wikibase repo's default `urlSchemes` (repo/config/Wikibase.default.php), and what MediaWiki's
 * external links accept in a URL (Parser::EXT_LINK_URL_CLASS: no brackets, `<>"`, controls,
 * spaces) without the characters that are wikitext structure (`{|}`) or never in a URL
 * unescaped (RFC 3986: `\^` and backtick). Anchored, one character class: linear.
 */
const VALID_URL = /^(?:(?:bzr|cvs|ftp|git|https?|irc|ssh|svn):\/\/[^\s\x00-\x1f\x7f\p{Z}"<>[\]{|}\\^`\ufffd]+|mailto:[^\s\x00-\x1f\x7f\p{Z}"<>[\]{|}\\^`\ufffd]+)$/iu

/**
 * A URL value as wikitext. Wikibase formats URLs for wikitext unescaped (WikibaseValueFormatterBuilders::newUrlFormatter,
 * FORMAT_WIKI: "Use the string formatter without escaping!") so that MediaWiki makes it a bare
 * external link; it can, because the repo only stores valid URLs. Here that holds only for a
 * value that is a valid URL of an allowed scheme; the few URL characters that are still
 * markup (`'` for bold/italic, `=` for headings, `&`, `__` for behaviour switches) become
 * character references, which MediaWiki decodes when it makes the link (Sanitizer::cleanUrl).
 * Anything else is escaped as text.
 */
export function formatUrlWikitext (value: string): string {
  if (!VALID_URL.test(value)) return escapeWikitext(value)
  return value.replace(/[&'=]/g, entity).replaceAll('__', '_&#95;')
}

/**
 * MediaWiki's title rules (MediaWikiTitleCodec::splitTitleString with the default
 * $wgLegalTitleChars): none of `#<>[]|{}`, no control characters or U+FFFD, no
 * percent-encoded bytes or character references, no `~~~`, no relative path segments, no
 * leading `:`, at most 255 bytes. The normalized title (spaces for underscores, first letter
 * upper case), or null when it is not a valid title.
 */
export function legalTitleText (text: string): string | null {
  if (text.length > 1024) return null
  const title = text.replaceAll('_', ' ').replace(/ {2,}/g, ' ').trim()
  if (title === '' || title.startsWith(':') || Buffer.byteLength(title) > 255) return null
  if (/[#<>[\]|{}\x00-\x1f\x7f\ufffd]/.test(title)) return null
  if (/%[0-9A-Fa-f]{2}/.test(title) || /&[A-Za-z0-9\x80-\uffff]+;/.test(title) || /&#[0-9]+;|&#x[0-9A-Fa-f]+;/.test(title)) return null
  if (title.includes('~~~')) return null
  if (title === '.' || title === '..' || title.startsWith('./') || title.startsWith('../')) return null
  if (title.includes('/./') || title.includes('/../') || title.endsWith('/.') || title.endsWith('/..')) return null
  return title[0]!.toUpperCase() + title.slice(1)
}

const FILE_NAMESPACE = /^(?:file|image)\s*:\s*/i

/**
 * Wikibase's CommonsThumbnailFormatter (lib/includes/Formatters): `[[File:<name>|frameless]]`
 * for a valid file title (a `File:` prefix in the value is dropped), the name escaped as text
 * otherwise — so a value like `x.jpg]] [http://evil.example/p Click] [[Main Page` stays text.
 */
export function commonsThumbnailWikitext (fileName: string): string {
  const title = legalTitleText(fileName.replace(FILE_NAMESPACE, ''))
  if (title === null) return escapeWikitext(fileName)
  return `[[File:${title}|frameless]]`
}

/**
 * A link to the local page an item is connected to (EntityIdSiteLinkFormatter): `[[<title>|<label>]]`
 * with the label escaped; a colon in front so a title in the File or Category namespace links
 * rather than embeds or categorises. A title that is not a valid title gives the label alone.
 */
export function localPageLinkWikitext (title: string, label: string): string {
  const valid = legalTitleText(title)
  return valid === null ? escapeWikitext(label) : `[[${valid.includes(':') ? ':' : ''}${valid}|${escapeWikitext(label)}]]`
}
