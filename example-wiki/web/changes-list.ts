import type { RecentChangeRow } from '../engine/recent-changes-store.js'
import { NS_ITEM, NS_PROPERTY, pageUrl, prefixedText } from '../engine/titles.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { externalChangeLineHtml, type ExternalChangeLineDeps, type RepoChangeParams } from './change-line-formatter.js'
import { formatComment, type CommentFormatterDeps } from './comment-formatter.js'
import { clientAutoComment, entityAutoCommentFor } from './autocomment-formatter.js'
import { repoLinkerOf } from './repo-linker.js'
import { repoLabels } from './repo-labels.js'
import { knownSites } from './site-urls.js'
import { formatTime, type UiContext } from './ui-context.js'

/**
 * The lines of a changes list (MediaWiki's OldChangesList) for Special:RecentChanges and
 * Special:Watchlist: local edits, log entries, and repo changes formatted by Wikibase's
 * ChangeLineFormatter (change-line-formatter.ts).
 */
export interface ChangesListLine {
  cls: string
  source: string
  /** A repo change's whole line (HTML); the other fields are for local lines. */
  lineHtml?: string
  time: string
  flag: string
  flagTitle: string
  title: string
  detail: string
  user: string | null
  comment: string | null
  commentHtml: string
}

const link = (href: string, text: string): string => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`

function localLine (rc: RecentChangeRow): Pick<ChangesListLine, 'cls' | 'source' | 'flag' | 'flagTitle' | 'title' | 'detail'> {
  const title = { namespace: rc.rc_namespace, dbKey: rc.rc_title }
  const titleLink = link(pageUrl(title), prefixedText(title))
  if (rc.rc_log_type !== null) {
    const target = (rc.rc_params as { target?: { namespace: number, title: string } } | null)?.target
    const detail = rc.rc_log_type === 'move' && target !== undefined
      ? `moved to ${link(pageUrl({ namespace: target.namespace, dbKey: target.title }), prefixedText({ namespace: target.namespace, dbKey: target.title }))}`
      : `${escapeHtml(rc.rc_log_type)}/${escapeHtml(rc.rc_log_action ?? '')}`
    return { cls: 'log', source: rc.rc_source, flag: '', flagTitle: '', title: titleLink, detail: `· (log) ${detail}` }
  }
  const diff = rc.rc_new_len !== null && rc.rc_old_len !== null ? rc.rc_new_len - rc.rc_old_len : 0
  const history = link(pageUrl(title, { action: 'history' }), 'hist')
  return {
    cls: rc.rc_source === 'mw.new' ? 'new' : 'edit',
    source: rc.rc_source,
    flag: rc.rc_source === 'mw.new' ? 'N' : rc.rc_minor ? 'm' : rc.rc_bot ? 'b' : '',
    flagTitle: rc.rc_source === 'mw.new' ? 'This edit created a new page' : rc.rc_minor ? 'minor edit' : 'bot edit',
    title: titleLink,
    detail: `(${history}) <span class="${diff >= 0 ? 'plus' : 'minus'}">(${diff >= 0 ? '+' : ''}${diff})</span>`
  }
}

/**
 * What the lines need besides the rows: the repo's linker and the labels of the repo entities
 * shown (client), and the comment formatter — a repo change's comment as the client formats
 * comments of its repo (autocomments by Wikibase's summary messages, links resolved on the
 * repo), other comments as local ones.
 */
async function formatting (
  ctx: UiContext, changes: RecentChangeRow[]
): Promise<{ external: ExternalChangeLineDeps, commentHtml: (rc: RecentChangeRow) => string }> {
  const linker = repoLinkerOf(ctx)
  const repoUrl = ctx.farm().find(w => w.siteId === ctx.repoId)?.url ?? null
  const wbRows = changes.filter(rc => rc.rc_source === 'wb')
  const ids = wbRows.map(rc => String((rc.rc_params?.['wikibase-repo-change'] as RepoChangeParams | undefined)?.object_id ?? ''))
  const labels = ctx.isRepo || wbRows.length === 0 ? new Map<string, string>() : await repoLabels(repoUrl, ids, ctx.wiki.language)
  const { byInterwiki } = await knownSites(ctx)
  const interwikiUrl = (prefix: string, target: string): string | null => byInterwiki.get(prefix)?.pageUrl(target) ?? null
  const local: CommentFormatterDeps = { pageUrl: target => pageUrl(target), interwikiUrl }
  const ofRepo: CommentFormatterDeps = {
    autocomment: clientAutoComment,
    pageUrl: target => linker === null ? null : linker.pageUrl(target),
    interwikiUrl
  }
  return {
    external: { linker, entityLabel: id => labels.get(id), repoName: ctx.repoId },
    commentHtml: rc => formatComment(rc.rc_comment ?? '', rc.rc_source === 'wb'
      ? ofRepo
      : {
          ...local,
          // The repo's own entity pages: RepoHooks::onFormatAutocomments.
          ...(ctx.isRepo && (rc.rc_namespace === NS_ITEM || rc.rc_namespace === NS_PROPERTY)
            ? { autocomment: entityAutoCommentFor(rc.rc_namespace === NS_ITEM ? 'item' : 'property') }
            : {}),
          sectionUrl: section => `${pageUrl({ namespace: rc.rc_namespace, dbKey: rc.rc_title })}#${encodeURIComponent(section.replaceAll(' ', '_'))}`
        })
  }
}

export async function changesListLines (ctx: UiContext, changes: RecentChangeRow[]): Promise<ChangesListLine[]> {
  const { external, commentHtml } = await formatting(ctx, changes)
  return changes.map(rc => {
    const time = formatTime(rc.rc_timestamp)
    // MediaWiki's ChangesList shows hidden parts as struck-through placeholders
    // (`rev-deleted-user`, `rev-deleted-comment`); rc_deleted bits 4 and 2.
    const user = (rc.rc_deleted & 4) !== 0 ? null : rc.rc_user_text
    const comment = (rc.rc_deleted & 2) !== 0 ? null : rc.rc_comment
    const html = (rc.rc_deleted & 2) !== 0 ? '' : commentHtml(rc)
    if (rc.rc_source === 'wb') {
      const title = { namespace: rc.rc_namespace, dbKey: rc.rc_title }
      const lineHtml = externalChangeLineHtml({
        params: (rc.rc_params?.['wikibase-repo-change'] ?? {}) as RepoChangeParams,
        titleHtml: link(pageUrl(title), prefixedText(title)),
        time,
        rcUserText: rc.rc_user_text,
        deleted: rc.rc_deleted,
        commentHtml: rc.rc_comment === '' ? '' : html
      }, external)
      return { cls: 'wb', source: 'wb', lineHtml, time, flag: 'D', flagTitle: '', title: '', detail: '', user, comment, commentHtml: html }
    }
    return { ...localLine(rc), time, user, comment, commentHtml: html }
  })
}
