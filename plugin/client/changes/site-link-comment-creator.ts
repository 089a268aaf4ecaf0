import type { SiteLinkDiffOp } from '../../changes/entity-change.js'
import type { MessageFormatter } from './client-messages.js'

/**
 * SiteLinkCommentCreator (facts §4.8): the recentchanges comment a client shows for a repo
 * change that touched sitelinks, when that says more than the repo's own edit summary.
 */

/**
 * A sitelink diff per site, as `getSiteLinkDiff` (ItemChange) returns it: the `name` op of each
 * site whose page changed. A site entry without `name` is a badge-only change; getSiteLinkDiff
 * leaves those out, but a diff that carries one is handled as Wikibase does (no comment).
 */
export type SiteLinkDiff = Readonly<Record<string, { readonly name?: SiteLinkDiffOp }>>

export interface SiteLinkCommentContext {
  /** This wiki's global site id (`siteGlobalID`). */
  localSiteId: string
  /** The first local interwiki prefix of a site, or null when it has none. */
  interwikiIdOf: (siteId: string) => string | null
  msg: MessageFormatter
}

/** A message and its parameters, before formatting. */
export interface SiteLinkMessage {
  key: string
  params: string[]
}

/** `[[:<interwikiId>:<page>]]`, or `<siteId>:<page>` when the site has no interwiki prefix. */
export function siteLinkWikitext (siteId: string, page: string, interwikiIdOf: (siteId: string) => string | null): string {
  const interwikiId = interwikiIdOf(siteId)
  return interwikiId === null || interwikiId === '' ? `${siteId}:${page}` : `[[:${interwikiId}:${page}]]`
}

/** Whether a sitelink page name and a page's prefixed title text name the same page. */
export function isSameTitle (pageName: string, titleText: string): boolean {
  return pageName.replaceAll('_', ' ') === titleText.replaceAll('_', ' ')
}

/**
 * The message for a sitelink diff, or null when the original comment should stay:
 *
 * - the local site is in the diff: badge-only → null; change action `remove` / `restore` →
 *   `wikibase-comment-remove` / `-restore`; Add → `wikibase-comment-linked`; Remove →
 *   `wikibase-comment-unlink`; Change → `wikibase-comment-unlink` when `targetTitle` is the old
 *   page, `wikibase-comment-linked` when it is the new page, else
 *   `wikibase-comment-sitelink-change` with links to the old and new page;
 * - else exactly one site in the diff: `wikibase-comment-sitelink-add|remove|change` with links
 *   to that site's page(s) (badge-only → null);
 * - else (empty diff, or several other sites) → null.
 *
 * `targetTitle` is the prefixed text of the page the comment is for (`User:Emmy2`), or null
 * for a comment shared by all pages.
 */
export function siteLinkMessage (
  diff: SiteLinkDiff,
  action: string,
  context: Pick<SiteLinkCommentContext, 'localSiteId' | 'interwikiIdOf'>,
  targetTitle: string | null = null
): SiteLinkMessage | null {
  const link = (siteId: string, page: string): string => siteLinkWikitext(siteId, page, context.interwikiIdOf)
  const local = Object.hasOwn(diff, context.localSiteId) ? diff[context.localSiteId] : undefined
  if (local !== undefined) {
    const op = local.name
    if (op === undefined) return null
    if (action === 'remove' || action === 'restore') return { key: `wikibase-comment-${action}`, params: [] }
    switch (op.op) {
      case 'add': return { key: 'wikibase-comment-linked', params: [] }
      case 'remove': return { key: 'wikibase-comment-unlink', params: [] }
      case 'change':
        if (targetTitle !== null && isSameTitle(op.oldValue, targetTitle)) return { key: 'wikibase-comment-unlink', params: [] }
        if (targetTitle !== null && isSameTitle(op.newValue, targetTitle)) return { key: 'wikibase-comment-linked', params: [] }
        return { key: 'wikibase-comment-sitelink-change', params: [link(context.localSiteId, op.oldValue), link(context.localSiteId, op.newValue)] }
    }
  }
  const sites = Object.keys(diff)
  if (sites.length !== 1) return null
  const siteId = sites[0]!
  const op = diff[siteId]!.name
  if (op === undefined) return null
  switch (op.op) {
    case 'add': return { key: 'wikibase-comment-sitelink-add', params: [link(siteId, op.newValue)] }
    case 'remove': return { key: 'wikibase-comment-sitelink-remove', params: [link(siteId, op.oldValue)] }
    case 'change': return { key: 'wikibase-comment-sitelink-change', params: [link(siteId, op.oldValue), link(siteId, op.newValue)] }
  }
}

/** SiteLinkCommentCreator::getEditComment: {@link siteLinkMessage} formatted, or null. */
export function siteLinkEditComment (
  diff: SiteLinkDiff,
  action: string,
  context: SiteLinkCommentContext,
  targetTitle: string | null = null
): string | null {
  const message = siteLinkMessage(diff, action, context, targetTitle)
  return message === null ? null : context.msg(message.key, message.params)
}

/**
 * Whether a page gets a comment of its own (RecentChangeFactory): only when the local site's
 * op is a Change and the page is its old or its new title.
 */
export function hasTargetSpecificComment (diff: SiteLinkDiff, localSiteId: string, targetTitle: string): boolean {
  const op = Object.hasOwn(diff, localSiteId) ? diff[localSiteId]?.name : undefined
  return op?.op === 'change' && (isSameTitle(op.oldValue, targetTitle) || isSameTitle(op.newValue, targetTitle))
}
