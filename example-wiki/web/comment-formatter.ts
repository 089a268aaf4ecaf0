import { escapeHtml } from '../engine/wikitext-renderer.js'

/**
 * MediaWiki's CommentFormatter (Linker::formatComment) for edit summaries shown as HTML:
 * every piece of the comment is escaped; each autocomment `/* … *\/` is offered to the
 * FormatAutocomments handler (`autocomment`) and otherwise shown as the section link
 * `→Section`, followed by `: ` when text follows and preceded by `- ` when text precedes;
 * `[[target|label]]` links become links — `[[:de:Berlin]]` through the interwiki prefix,
 * other targets as local pages. Nothing of the comment is ever markup.
 */
export interface CommentFormatterDeps {
  /** FormatAutocomments: the HTML of an autocomment, or null to leave it to the default. */
  autocomment?: (auto: string) => string | null
  /** URL of a local page (`Berlin`, `Template:X`); null leaves the link as text. */
  pageUrl: (title: string) => string | null
  /** URL of a section of the page the comment is about; without it a section link is text. */
  sectionUrl?: (section: string) => string | null
  /** URL of a page through an interwiki prefix (`de`, `Berlin`); null when the prefix is unknown. */
  interwikiUrl?: (prefix: string, title: string) => string | null
}

const AUTOCOMMENT = /\/\*\s*(.*?)\s*\*\//g
const LINK = /\[\[\s*(:?)([^[\]|]+?)\s*(?:\|([^[\]]*))?\]\]([a-z]*)/g

function linkHtml (href: string, text: string, title: string, className?: string): string {
  return `<a href="${escapeHtml(href)}" title="${escapeHtml(title)}"${className === undefined ? '' : ` class="${className}"`}>${escapeHtml(text)}</a>`
}

/** formatLinksInComment: `[[…]]` links of a piece of comment text, the rest escaped. */
export function formatLinksInComment (text: string, deps: CommentFormatterDeps): string {
  let html = ''
  let last = 0
  for (const match of text.matchAll(LINK)) {
    html += escapeHtml(text.slice(last, match.index))
    last = match.index + match[0].length
    const target = match[2]!
    const label = (match[3] ?? `${target}`) + match[4]!
    const colon = target.indexOf(':')
    const prefix = colon > 0 ? target.slice(0, colon).trim().toLowerCase() : ''
    const interwiki = prefix === '' ? null : deps.interwikiUrl?.(prefix, target.slice(colon + 1).trim()) ?? null
    const href = interwiki ?? deps.pageUrl(target)
    html += href === null ? escapeHtml(match[0]) : linkHtml(href, label, target, interwiki === null ? undefined : 'extiw')
  }
  return html + escapeHtml(text.slice(last))
}

export function formatComment (comment: string, deps: CommentFormatterDeps): string {
  let html = ''
  let last = 0
  for (const match of comment.matchAll(AUTOCOMMENT)) {
    html += formatLinksInComment(comment.slice(last, match.index), deps)
    last = match.index + match[0].length
    const pre = match.index > 0
    const post = last < comment.length && comment.slice(last).trim() !== ''
    const auto = match[1]!
    const formatted = deps.autocomment?.(auto) ?? defaultAutocomment(auto, deps)
    html += `${pre ? '- ' : ''}<span dir="auto"><span class="autocomment">${formatted}${post ? ': ' : ''}</span></span>`
  }
  return html + formatLinksInComment(comment.slice(last), deps)
}

/** Linker::formatAutocomments without a handler: `→` linking to the section of that name. */
function defaultAutocomment (auto: string, deps: CommentFormatterDeps): string {
  const href = deps.sectionUrl?.(auto) ?? null
  return href === null ? `→${escapeHtml(auto)}` : `<a href="${escapeHtml(href)}">→</a>${escapeHtml(auto)}`
}
