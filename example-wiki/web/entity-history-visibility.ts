import type { FastifyRequest } from 'fastify'
import type { EntityId } from '../../hooks/ids.js'
import { wikibaseInternals } from '../../plugin/facade.js'
import { loadRevision } from '../../plugin/repo-reader/entity-revisions.js'
import { revisionViewer, visibleRevisionMeta } from '../../plugin/repo/revision-deletion/revision-audience.js'
import { currentUser } from './request-user.js'
import type { UiContext } from './ui-context.js'

/** A history line's user and comment as this viewer may see them (null: hidden from them). */
export interface VisibleHistoryMeta {
  userText: string | null
  comment: string | null
  userHidden: boolean
  commentHidden: boolean
}

/**
 * The entity history's users and comments with the revision-deletion bits the plugin keeps
 * (`action=revisiondelete`) applied, as MediaWiki's history page shows them: a hidden part is
 * "(username removed)" / "(edit summary removed)" for viewers without `deletedhistory`
 * (suppressed ones: without `suppressrevision`), struck through for those who may see it.
 * `entityRevisions[i]` is the entity revision the host's revision i saved (0: none).
 */
export async function visibleHistory (
  ctx: UiContext, request: FastifyRequest, entityId: EntityId, entityRevisions: readonly number[],
  shown: ReadonlyArray<{ userText: string, comment: string }>
): Promise<VisibleHistoryMeta[]> {
  const { self } = wikibaseInternals(ctx.app)
  const check = { host: ctx.wiki.host, user: currentUser(request) }
  return await Promise.all(shown.map(async (line, i) => {
    const revisionId = entityRevisions[i] ?? 0
    const revision = revisionId > 0 ? await loadRevision(self.pool, self, entityId, revisionId) : null
    const bits = revision?.deleted ?? 0
    if (revision === null || bits === 0) return { ...line, userHidden: false, commentHidden: false }
    const meta = visibleRevisionMeta(revision, await revisionViewer(check, bits))
    return {
      userText: meta.user === null ? null : line.userText,
      comment: meta.comment === null ? null : line.comment,
      userHidden: meta.userhidden,
      commentHidden: meta.commenthidden
    }
  }))
}
