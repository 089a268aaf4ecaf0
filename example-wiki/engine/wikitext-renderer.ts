import { pageUrl, prefixedText, tryParseTitle, type Title } from './titles.js'

/**
 * Expanded wikitext → HTML: headings, paragraphs, lists, rules, bold/italic, internal links
 * (red when the target does not exist) and external links. Pure: existence is given.
 */
export interface RenderInput {
  text: string
  exists: (title: Title) => boolean
}

/** Internal link targets in expanded wikitext (for pagelinks and existence checks). */
export function linkTargets (text: string): Title[] {
  const titles: Title[] = []
  for (const match of text.matchAll(/\[\[([^[\]|]+)(?:\|[^[\]]*)?\]\]/g)) {
    const title = tryParseTitle(match[1]!.trim().replace(/^:/, ''))
    if (title !== null) titles.push(title)
  }
  return titles
}

export function escapeHtml (text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
}

/** Tags parser functions may emit (their output is trusted, as in MediaWiki's sanitizer whitelist). */
const ALLOWED_TAG = /^<\/?(strong|em|span|b|i|br|sup|sub|code|small)(\s+class="[a-z0-9 _-]*")?\s*\/?>$/i

/** Escapes text but keeps the small set of allowed inline tags. */
function sanitize (text: string): string {
  return text.split(/(<[^<>]{1,200}>)/g).map(piece => ALLOWED_TAG.test(piece) ? piece : escapeHtml(piece)).join('')
}

function inline (text: string, exists: RenderInput['exists']): string {
  let html = sanitize(text)
  html = html.replace(/\[\[([^[\]|]+)(?:\|([^[\]]*))?\]\]([a-z]*)/g, (whole, target: string, label: string | undefined, trail: string) => {
    const title = tryParseTitle(target.replaceAll('&amp;', '&').replaceAll('&quot;', '"').trim().replace(/^:/, ''))
    if (title === null) return whole
    const text = (label ?? target.trim().replace(/^:/, '')) + trail
    return exists(title)
      ? `<a href="${escapeHtml(pageUrl(title))}" title="${escapeHtml(prefixedText(title))}">${text}</a>`
      : `<a href="${escapeHtml(pageUrl(title, { action: 'edit' }))}" class="new" title="${escapeHtml(prefixedText(title))} (page does not exist)">${text}</a>`
  })
  html = html.replace(/\[(https?:\/\/[^\s\]]+)(?:\s+([^\]]*))?\]/g, (_w, url: string, label: string | undefined) =>
    `<a class="external" rel="nofollow" href="${url}">${label ?? url}</a>`)
  html = html.replace(/'''''(.+?)'''''/g, '<b><i>$1</i></b>')
  html = html.replace(/'''(.+?)'''/g, '<b>$1</b>')
  html = html.replace(/''(.+?)''/g, '<i>$1</i>')
  return html
}

function anchorOf (text: string): string {
  return text.replace(/<[^>]*>/g, '').trim().replace(/\s+/g, '_').replace(/[^\p{L}\p{N}_.-]/gu, '')
}

export function renderWikitext ({ text, exists }: RenderInput): string {
  const out: string[] = []
  let paragraph: string[] = []
  let listStack: string[] = []
  const closeParagraph = (): void => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map(line => inline(line, exists)).join('\n')}</p>`)
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
  for (const raw of text.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?-->/g, '').split('\n')) {
    const line = raw.trimEnd()
    const heading = /^(={1,6})\s*(.+?)\s*\1$/.exec(line)
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
      const level = heading[1]!.length
      const content = inline(heading[2]!, exists)
      out.push(`<h${level} id="${escapeHtml(anchorOf(heading[2]!))}">${content}</h${level}>`)
    } else if (/^-{4,}$/.test(line)) {
      closeParagraph()
      out.push('<hr>')
    } else if (line.trim() === '') {
      closeParagraph()
    } else {
      paragraph.push(line)
    }
  }
  closeParagraph()
  setList('')
  return out.join('\n')
}
