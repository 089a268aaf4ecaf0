import { pageUrl, prefixedText, tryParseTitle, type Title } from './titles.js'
import { decodeCharReferences, normalizeCharReferences } from './char-references.js'

/**
 * Expanded wikitext → HTML: headings, paragraphs, lists, rules, bold/italic, internal links
 * (red when the target does not exist), external links (bracketed and bare). Pure: existence
 * is given. Every pattern here either is anchored or stops at the next bracket, tag or line
 * end, so rendering is linear in the text: no input makes a match attempt re-read the rest of
 * the text from every position.
 */
export interface RenderInput {
  text: string
  exists: (title: Title) => boolean
}

/** Internal link targets in expanded wikitext (for pagelinks and existence checks). */
export function linkTargets (text: string): Title[] {
  const titles: Title[] = []
  for (const match of text.matchAll(/\[\[([^[\]|]+)(?:\|[^[\]]*)?\]\]/g)) {
    const target = decodeCharReferences(match[1]!).trim().replace(/^:/, '')
    if (FILE_PREFIX.test(target)) continue
    const title = tryParseTitle(target)
    if (title !== null) titles.push(title)
  }
  return titles
}

/** Text → HTML text or attribute value (every `&` escaped, quotes too). */
export function escapeHtml (text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')
}

/** An already escaped text (character references kept) made safe as an attribute value. */
const attribute = (html: string): string => escapeHtml(decodeCharReferences(html))

/** `[[File:…]]` / `[[Image:…]]`: the engine has no file pages; files are on Commons (InstantCommons, as Wikibase's CommonsThumbnailFormatter assumes). */
const FILE_PREFIX = /^(?:file|image)\s*:/i
const COMMONS_FILE_URL = 'https://commons.wikimedia.org/wiki/'

/** Tags parser functions may emit (their output is trusted, as in MediaWiki's sanitizer whitelist). */
const ALLOWED_TAG = /^<\/?(strong|em|span|b|i|br|sup|sub|code|small)(\s+class="[a-z0-9 _-]*")?\s*\/?>$/i

/**
 * Escapes text but keeps the small set of allowed inline tags and valid character references
 * (Sanitizer::normalizeCharReferences): wikitext escaped as `&#39;` shows as `'`, once.
 */
function sanitize (text: string): string {
  return text.split(/(<[^<>]{1,200}>)/g).map(piece => ALLOWED_TAG.test(piece) ? piece : normalizeCharReferences(piece)).join('')
}

function internalLink (whole: string, target: string, label: string | undefined, trail: string, exists: RenderInput['exists']): string {
  const decoded = decodeCharReferences(target).trim().replace(/^:/, '')
  if (FILE_PREFIX.test(decoded)) {
    const name = decoded.replace(FILE_PREFIX, '').trim().replaceAll(' ', '_')
    return `<a href="${escapeHtml(COMMONS_FILE_URL + 'File:' + encodeURIComponent(name))}" class="mw-file-description external">` +
      `File:${escapeHtml(name.replaceAll('_', ' '))}</a>${trail}`
  }
  const title = tryParseTitle(decoded)
  if (title === null) return whole
  const text = (label ?? target.trim().replace(/^:/, '')) + trail
  return exists(title)
    ? `<a href="${escapeHtml(pageUrl(title))}" title="${escapeHtml(prefixedText(title))}">${text}</a>`
    : `<a href="${escapeHtml(pageUrl(title, { action: 'edit' }))}" class="new" title="${escapeHtml(prefixedText(title))} (page does not exist)">${text}</a>`
}

/** MediaWiki's free external links: a bare `http(s)://…` in text (not inside a link) becomes a link; trailing punctuation stays text. */
function freeLinks (html: string): string {
  let inAnchor = 0
  return html.split(/(<[^>]*>)/).map(piece => {
    if (piece.startsWith('<')) {
      if (/^<a[\s>]/i.test(piece)) inAnchor += 1
      else if (/^<\/a>/i.test(piece)) inAnchor = Math.max(0, inAnchor - 1)
      return piece
    }
    if (inAnchor > 0) return piece
    return piece.replace(/\bhttps?:\/\/[^\s<>"[\]]+/g, match => {
      let end = match.length
      while (end > 0 && '.,:!?)'.includes(match[end - 1]!)) end -= 1
      const url = match.slice(0, end)
      return `<a class="external free" rel="nofollow" href="${attribute(url)}">${url}</a>${match.slice(url.length)}`
    })
  }).join('')
}

function inline (text: string, exists: RenderInput['exists']): string {
  let html = sanitize(text)
  html = html.replace(/\[\[([^[\]|]+)(?:\|([^[\]]*))?\]\]([a-z]*)/g, (whole, target: string, label: string | undefined, trail: string) =>
    internalLink(whole, target, label, trail, exists))
  html = html.replace(/\[(https?:\/\/[^\s[\]]+)(?:\s+([^[\]]*))?\]/g, (_w, url: string, label: string | undefined) =>
    `<a class="external" rel="nofollow" href="${attribute(url)}">${label ?? url}</a>`)
  html = freeLinks(html)
  html = html.replace(/'''''(.+?)'''''/g, '<b><i>$1</i></b>')
  html = html.replace(/'''(.+?)'''/g, '<b>$1</b>')
  html = html.replace(/''(.+?)''/g, '<i>$1</i>')
  return html
}

function anchorOf (text: string): string {
  return text.replace(/<[^<>]*>/g, '').trim().replace(/\s+/g, '_').replace(/[^\p{L}\p{N}_.-]/gu, '')
}

/**
 * `<!-- … -->` removed; an unclosed comment runs to the end of the text, as in MediaWiki.
 * indexOf scans, so many unclosed `<!--` cost one pass.
 */
export function stripComments (text: string): string {
  let out = ''
  let from = 0
  while (true) {
    const start = text.indexOf('<!--', from)
    if (start === -1) return out + text.slice(from)
    out += text.slice(from, start)
    const end = text.indexOf('-->', start + 4)
    if (end === -1) return out
    from = end + 3
  }
}

/** `== Title ==`: as many `=` on both sides as the shorter side has, at most 6 (MediaWiki's handleHeadings); counted, not matched by a backtracking pattern. */
export function headingOf (line: string): { level: number, text: string } | null {
  if (!line.startsWith('=') || !line.endsWith('=')) return null
  let lead = 0
  while (lead < line.length && line[lead] === '=') lead += 1
  if (lead === line.length) return null
  let trail = 0
  while (line[line.length - 1 - trail] === '=') trail += 1
  const level = Math.min(lead, trail, 6)
  const text = line.slice(level, line.length - level).trim()
  return text === '' ? null : { level, text }
}

export function renderWikitext (input: RenderInput): string {
  const renderer = render(input)
  let step = renderer.next()
  while (step.done !== true) step = renderer.next()
  return step.value
}

/** renderWikitext for a parse that must not hold the event loop: between lines it asks `pause` whether to let other requests run first. */
export async function renderWikitextAsync (input: RenderInput, pause: () => Promise<void> | null): Promise<string> {
  const renderer = render(input)
  let step = renderer.next()
  while (step.done !== true) {
    const paused = pause()
    if (paused !== null) await paused
    step = renderer.next()
  }
  return step.value
}

function * render ({ text, exists }: RenderInput): Generator<void, string, void> {
  const out: string[] = []
  let paragraph: string[] = []
  const listStack: string[] = []
  const closeParagraph = (): void => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.join('\n')}</p>`)
    paragraph = []
  }
  const setList = (markers: string): void => {
    const wanted = [...markers].map(m => m === '#' ? 'ol' : 'ul')
    let common = 0
    while (common < listStack.length && common < wanted.length && listStack[common] === wanted[common]) common += 1
    while (listStack.length > common) out.push(`</li></${listStack.pop()!}>`)
    if (listStack.length === wanted.length && wanted.length > 0) out.push('</li>')
    while (listStack.length < wanted.length) {
      const tag = wanted[listStack.length]!
      out.push(`<${tag}>`)
      listStack.push(tag)
    }
  }
  for (const raw of stripComments(text.replace(/\r\n?/g, '\n')).split('\n')) {
    yield
    const line = raw.trimEnd()
    const heading = headingOf(line)
    const list = /^([*#]+)\s*(.*)$/.exec(line)
    if (list !== null) {
      closeParagraph()
      setList(list[1]!)
      out.push(`<li>${inline(list[2]!, exists)}`)
      continue
    }
    if (listStack.length > 0) setList('')
    if (heading !== null) {
      closeParagraph()
      const { level, text } = heading
      out.push(`<h${level} id="${escapeHtml(anchorOf(decodeCharReferences(text)))}">${inline(text, exists)}</h${level}>`)
    } else if (/^-{4,}$/.test(line)) {
      closeParagraph()
      out.push('<hr>')
    } else if (line.trim() === '') {
      closeParagraph()
    } else {
      paragraph.push(inline(line, exists))
    }
  }
  closeParagraph()
  setList('')
  return out.join('\n')
}
