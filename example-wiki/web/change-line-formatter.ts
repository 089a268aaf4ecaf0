import { escapeHtml } from '../engine/wikitext-renderer.js'
import type { RepoLinker } from './repo-linker.js'

/**
 * Wikibase client's ChangeLineFormatter (client/includes/RecentChanges/ChangeLineFormatter.php,
 * its `format` for the old-style list) for a recentchanges row of a repo change
 * (`rc_source = 'wb'`), on Special:RecentChanges and Special:Watchlist:
 *
 *   (diff | hist) . . D Page (Berlin (Q64)); 12:00 . . Ann (talk | contribs) (comment)
 *
 * `(diff | hist)` on the repo — the repo's deletion log for a deletion or undeletion —, the
 * "D" flag (`wikibase-edit`), the client page, the entity linked to its repo page (not for a
 * deletion), the time, the user's links on the repo (an IP: its contributions and talk page),
 * the comment. The entity is shown by its label with its id (`Berlin (Q64)`; the id alone
 * without a label) where Wikibase's RepoLinker shows the id. Everything taken from the row is
 * escaped; a hidden user or comment (rc_deleted bits 4, 2) shows MediaWiki's placeholder.
 */
export interface RepoChangeParams {
  object_id?: unknown
  type?: unknown
  revision_id?: unknown
  rev_id?: unknown
  parent_id?: unknown
  user_text?: unknown
}

export interface ExternalChangeLineDeps {
  linker: RepoLinker | null
  /** The entity's label in the client's language (with fallback), if known. */
  entityLabel: (id: string) => string | undefined
  /** The repo's name for the "D" flag's tooltip (`wikibase-rc-wikibase-edit-title`). */
  repoName?: string
}

const ENTITY_ID = /^[QP][1-9][0-9]*$/
const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+)$/

function changeType (params: RepoChangeParams): string {
  // EntityChange type `wikibase-item~update` → `update`.
  return typeof params.type === 'string' ? params.type.replace(/^.*~/, '') : ''
}

const positive = (value: unknown): number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0
    ? value
    : Number(value) > 0 && Number.isSafeInteger(Number(value)) ? Number(value) : 0

const link = (href: string, text: string, cls?: string): string =>
  `<a href="${escapeHtml(href)}"${cls === undefined ? '' : ` class="${cls}"`}>${escapeHtml(text)}</a>`

const entityIdOf = (params: RepoChangeParams): string | null =>
  typeof params.object_id === 'string' && ENTITY_ID.test(params.object_id) ? params.object_id : null

/** `(diff | hist)` on the repo, or `(deletion log)` for a deletion or undeletion; '' without a valid entity id. */
export function diffHistHtml (params: RepoChangeParams, linker: RepoLinker | null): string {
  const id = entityIdOf(params)
  if (id === null || linker === null) return ''
  const type = changeType(params)
  if (type === 'remove' || type === 'restore') return `(${link(linker.pageUrl('Special:Log/delete'), 'deletion log')})`
  const revision = positive(params.rev_id) || positive(params.revision_id)
  const parent = positive(params.parent_id)
  const diff = revision > 0 && parent > 0 ? link(linker.diffUrl(id, revision, parent), 'diff') : 'diff'
  return `(${diff} | ${link(linker.historyUrl(id), 'hist')})`
}

/** ` (Berlin (Q64))`, linked to the entity's repo page; '' for a deletion or an invalid id. */
export function entityLinkHtml (params: RepoChangeParams, deps: ExternalChangeLineDeps): string {
  const id = entityIdOf(params)
  if (id === null || changeType(params) === 'remove') return ''
  const label = deps.entityLabel(id)
  const text = label === undefined ? id : `${label} (${id})`
  const entity = deps.linker === null ? escapeHtml(text) : link(deps.linker.entityUrl(id), text, 'wb-entity-link')
  return ` <span class="wb-entity">(${entity})</span>`
}

/** The user's links on the repo, as ChangeLineFormatter::formatUserLinksHTML. */
export function repoUserLinksHtml (userName: string, linker: RepoLinker | null): string {
  if (linker === null) return `<span class="mw-userlink">${escapeHtml(userName)}</span>`
  const talk = link(linker.pageUrl(`User_talk:${userName}`), 'talk')
  if (IP.test(userName)) return `${link(linker.pageUrl(`Special:Contributions/${userName}`), userName, 'mw-userlink mw-anonuserlink')} (${talk})`
  return `${link(linker.pageUrl(`User:${userName}`), userName, 'mw-userlink')} <span class="mw-usertoollinks">(${talk} | ` +
    `${link(linker.pageUrl(`Special:Contributions/${userName}`), 'contribs')})</span>`
}

/** The repo user of the row: the change's `user_text`, else rc_user_text without its interwiki prefix (`repo>Ann`). */
export function repoUserName (params: RepoChangeParams, rcUserText: string): string {
  if (typeof params.user_text === 'string' && params.user_text !== '') return params.user_text
  return rcUserText.replace(/^[^>]*>/, '')
}

export interface ExternalChangeRow {
  params: RepoChangeParams
  /** The client page's link (HTML). */
  titleHtml: string
  time: string
  rcUserText: string
  /** MediaWiki's rc_deleted bits: 2 comment hidden, 4 user hidden. */
  deleted: number
  /** The comment as HTML (already formatted and escaped); '' for none. */
  commentHtml: string
}

/** The whole line of a repo change (ChangeLineFormatter::format). */
export function externalChangeLineHtml (row: ExternalChangeRow, deps: ExternalChangeLineDeps): string {
  const tools = diffHistHtml(row.params, deps.linker)
  const flag = `<abbr class="wikibase-edit" title="${escapeHtml(`${deps.repoName ?? 'Repository'} edit`)}">D</abbr>`
  const user = (row.deleted & 4) !== 0
    ? '<span class="history-deleted user">(username removed)</span>'
    : repoUserLinksHtml(repoUserName(row.params, row.rcUserText), deps.linker)
  const comment = (row.deleted & 2) !== 0
    ? ' <span class="history-deleted comment">(edit summary removed)</span>'
    : row.commentHtml === '' ? '' : ` <span class="comment">(${row.commentHtml})</span>`
  return `${tools === '' ? '' : `${tools} `}<span class="mw-changeslist-separator">. .</span> ${flag} ` +
    `<span class="mw-title">${row.titleHtml}</span>${entityLinkHtml(row.params, deps)}; ` +
    `<span class="mw-changeslist-date">${escapeHtml(row.time)}</span> <span class="mw-changeslist-separator">. .</span> ${user}${comment}`
}
