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

/** The page of this wiki a local sitelink op is about, for `targetTitle`: its new page (add), old page (remove), either (change). */
function namesTarget (op: SiteLinkDiffOp, targetTitle: string | null): boolean {
  if (targetTitle === null) return false
  switch (op.op) {
    case 'add': return isSameTitle(op.newValue, targetTitle)
    case 'remove': return isSameTitle(op.oldValue, targetTitle)
    case 'change': return isSameTitle(op.oldValue, targetTitle) || isSameTitle(op.newValue, targetTitle)
  }
}

/**
 * The message for a sitelink diff, or null when the original comment should stay:
 *
 * - the local site is in the diff and `targetTitle` is the page its op names (the connected
 *   page, before or after): badge-only → null; change action `remove` / `restore` →
 *   `wikibase-comment-remove` / `-restore`; Add → `wikibase-comment-linked`; Remove →
 *   `wikibase-comment-unlink`; Change → `-unlink` on the old page, `-linked` on the new one;
 * - the local site's op is badge-only → null;
 * - else exactly one site in the diff (the local one included): `wikibase-comment-sitelink-add|remove|change`
 *   with links to that site's page(s) (badge-only → null);
 * - else (empty diff, or several sites) → null.
 *
 * Deliberate difference from Wikibase (issue 23 item 8): Wikibase gives the local-site
 * messages ("The connected item was deleted; language links removed", "… linked to this
 * page") to every page that uses the item, also to pages that only read its data with
 * `from=`; here they go to the page the sitelink names only, and every other page gets what
 * a change of any other site's link gets.
 *
 * `targetTitle` is the prefixed text of the page the comment is for (`User:Emmy2`), or null
 * for the comment shared by all pages the local sitelink does not name.
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
    if (namesTarget(op, targetTitle)) {
      if (action === 'remove' || action === 'restore') return { key: `wikibase-comment-${action}`, params: [] }
      switch (op.op) {
        case 'add': return { key: 'wikibase-comment-linked', params: [] }
        case 'remove': return { key: 'wikibase-comment-unlink', params: [] }
        case 'change': return { key: isSameTitle(op.oldValue, targetTitle!) ? 'wikibase-comment-unlink' : 'wikibase-comment-linked', params: [] }
      }
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
 * Whether a page gets a comment of its own (RecentChangeFactory): when the local site's op
 * names it (its old or new page; see {@link siteLinkMessage}).
 */
export function hasTargetSpecificComment (diff: SiteLinkDiff, localSiteId: string, targetTitle: string): boolean {
  const op = Object.hasOwn(diff, localSiteId) ? diff[localSiteId]?.name : undefined
  return op !== undefined && namesTarget(op, targetTitle)
}
