import type { WikibaseFacade } from '../../plugin/index.js'

/**
 * What the engine reads of the plugin about a page's refresh (issue 18 point 3): the cache
 * tags of its renderings and whether a change's links refresh of it is still pending. Set by
 * wiki-app.ts once the plugin is registered; absent (a wiki without the plugin), pages have no
 * tags and nothing is pending.
 */
export type PageRefreshState = Pick<WikibaseFacade, 'cacheTagsForPage' | 'isRefreshPending' | 'pendingRefreshView'>

/** How a view treats a page: its tags, whether it is pending, and whether to bypass the cache. */
export interface PageViewRefresh {
  tags: string[]
  /** A change's refresh of the page is waiting in the plugin's set. */
  pending: boolean
  /**
   * `pendingRefreshView: 'render'`: a pending page is rendered afresh, not served from the
   * cache. The fresh rendering does not update the page's links tables (a view never does), so
   * the page stays in the set for the drain; `'mark'`: served as cached, with a notice.
   */
  renderFresh: boolean
}

export async function pageViewRefresh (state: PageRefreshState | undefined, pageId: number): Promise<PageViewRefresh> {
  if (state === undefined) return { tags: [], pending: false, renderFresh: false }
  const [tags, pending] = await Promise.all([state.cacheTagsForPage(pageId), state.isRefreshPending(pageId)])
  return { tags, pending, renderFresh: pending && state.pendingRefreshView === 'render' }
}
