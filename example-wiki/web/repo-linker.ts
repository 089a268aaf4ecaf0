import type { UiContext } from './ui-context.js'

/**
 * Wikibase client's RepoLinker: URLs of the repo's pages for an entity — its page
 * (`Item:Q64`, the repo's entity namespaces), its history, and the diff of one revision —
 * from the repo's base URL (here the farm's URL of the repo wiki, as `repoUrl` +
 * `repoArticlePath` are set on a Wikipedia).
 */
export interface RepoLinker {
  entityUrl: (id: string) => string
  historyUrl: (id: string) => string
  diffUrl: (id: string, revisionId: number, parentId: number) => string
  /** Any page of the repo by its title (RepoLinker::getPageUrl): `Special:Log/delete`, `User:Ann`. */
  pageUrl: (title: string) => string
}

export function entityTitleText (id: string): string {
  return `${id.startsWith('P') ? 'Property' : 'Item'}:${id}`
}

export function repoLinker (repoBaseUrl: string): RepoLinker {
  const page = (id: string, query?: Record<string, string | number>): string =>
    `${repoBaseUrl}wiki/${entityTitleText(id)}` +
    (query === undefined ? '' : `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`)
  return {
    entityUrl: id => page(id),
    historyUrl: id => page(id, { action: 'history' }),
    diffUrl: (id, revisionId, parentId) => page(id, { diff: revisionId, oldid: parentId }),
    // As MediaWiki's wfUrlencode: spaces as underscores, `:` and `/` kept.
    pageUrl: title => `${repoBaseUrl}wiki/${encodeURIComponent(title.replaceAll(' ', '_')).replaceAll('%3A', ':').replaceAll('%2F', '/')}`
  }
}

/** The repo's linker of this client, or null when the farm does not list the repo. */
export function repoLinkerOf (ctx: UiContext): RepoLinker | null {
  const repo = ctx.farm().find(w => w.siteId === ctx.repoId)
  return repo === undefined ? null : repoLinker(repo.url)
}
