import { escapeHtml } from '../engine/wikitext-renderer.js'
import type { RepoLinker } from './repo-linker.js'

/**
 * Wikibase client's ChangeLineFormatter for a recentchanges row of a repo change
 * (`rc_source = 'wb'`): `(diff | hist)` on the repo — the deletion log for a deletion or
 * undeletion — and the entity, linked to its repo page, shown by its label with its id
 * (`Berlin (Q64)`; the id alone when it has no label), except for a deletion. Everything
 * taken from the row is escaped.
 */
export interface RepoChangeParams {
  object_id?: unknown
  type?: unknown
  revision_id?: unknown
  rev_id?: unknown
  parent_id?: unknown
}

export interface ExternalChangeLineDeps {
  linker: RepoLinker | null
  /** The entity's label in the client's language (with fallback), if known. */
  entityLabel: (id: string) => string | undefined
}

const ENTITY_ID = /^[QP][1-9][0-9]*$/

function changeType (params: RepoChangeParams): string {
  // EntityChange type `wikibase-item~update` → `update`.
  return typeof params.type === 'string' ? params.type.replace(/^.*~/, '') : ''
}

const positive = (value: unknown): number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0
    ? value
    : Number(value) > 0 && Number.isSafeInteger(Number(value)) ? Number(value) : 0

export function externalChangeLinksHtml (params: RepoChangeParams, deps: ExternalChangeLineDeps): string {
  const id = typeof params.object_id === 'string' && ENTITY_ID.test(params.object_id) ? params.object_id : null
  if (id === null) return ''
  const type = changeType(params)
  const linker = deps.linker
  const link = (href: string, text: string, cls?: string): string =>
    `<a href="${escapeHtml(href)}"${cls === undefined ? '' : ` class="${cls}"`}>${escapeHtml(text)}</a>`
  let tools: string
  if (linker === null) tools = ''
  else if (type === 'remove' || type === 'restore') tools = `(${link(linker.entityUrl(id).replace(/wiki\/[^?]*$/, 'wiki/Special:Log/delete'), 'deletion log')})`
  else {
    const revision = positive(params.rev_id) || positive(params.revision_id)
    const parent = positive(params.parent_id)
    const diff = revision > 0 && parent > 0 ? link(linker.diffUrl(id, revision, parent), 'diff') : 'diff'
    tools = `(${diff} | ${link(linker.historyUrl(id), 'hist')})`
  }
  if (type === 'remove') return tools
  const label = deps.entityLabel(id)
  const text = label === undefined ? id : `${label} (${id})`
  const entity = linker === null ? escapeHtml(text) : link(linker.entityUrl(id), text, 'wb-entity-link')
  return `${tools} <span class="wb-entity">(${entity})</span>`
}
