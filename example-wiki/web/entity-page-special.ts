import { escapeHtml } from '../engine/wikitext-renderer.js'
import { field, renderPage, type SpecialPage, type UiContext } from './ui-context.js'

const ENTITY_ID = /^[QP][1-9][0-9]{0,15}$/

/**
 * Special:EntityPage/<id> on the repo (Wikibase repo's SpecialEntityPage, the URL of the
 * client's RepoLinker::getEntityUrl): a redirect to the entity's page, `Item:Q64` or
 * `Property:P31`. A browser keeps the link's `#fragment` across the redirect, so the client's
 * "Edit links" (`…/Special:EntityPage/Q64#sitelinks-wikipedia`) lands on the item's sitelinks
 * of its site group. Without an id: a form; a malformed id: 400 naming it.
 */
export function entityPageSpecial (ctx: UiContext): SpecialPage {
  const form = (id: string): string => `<form method="get" action="/wiki/Special:EntityPage"><p>
<label>Entity id <input name="id" value="${escapeHtml(id)}" size="12" placeholder="Q64"></label> <button>Go</button></p></form>`
  return {
    name: 'EntityPage',
    description: 'Go to the page of an entity by its id',
    get: async (request, reply, subpage) => {
      const id = (subpage || field(request.query, 'id')).trim().toUpperCase()
      if (id === '') return await renderPage(ctx, reply, 'list', { pageTitle: 'Entity page', items: [], empty: '', form: form('') })
      if (!ENTITY_ID.test(id)) {
        return await renderPage(ctx, reply, 'list',
          { pageTitle: 'Entity page', error: `“${id}” is not a valid entity id.`, items: [], empty: '', form: form(id) }, 400)
      }
      return await reply.redirect(`/wiki/${id.startsWith('P') ? 'Property' : 'Item'}:${id}`, 301)
    }
  }
}
