import type { EntityId } from '../../../hooks/ids.js'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'
import { itemIdForSiteLink } from '../../repo-reader/sitelink-lookup.js'
import { getSite } from '../../sites/site-store.js'
import type { Site } from '../../sites/site.js'
import { createEntity, editEntity, type EditResult } from '../entities/entity-editor.js'
import { normalizeSiteLinkTitle } from '../normalization/entity-edit-normalizer.js'
import { WIKIBASE_VALIDATION_DEFAULTS } from '../validation/validation-settings.js'
import { ApiError, missingParam, paramIllegal, wikibaseApiError } from '../../action-api/api-errors.js'
import type { ApiCall, ApiModule } from '../../action-api/api-module.js'
import { sitelinksOutput } from './entity-output.js'
import { editContext, entityAnswer, outputContext } from './entity-module-call.js'
import { planLinkTitles } from './link-titles-plan.js'
import { setSiteLink } from './sitelink-change-op.js'

/**
 * Wikibase's `wblinktitles` (repo/includes/Api/LinkTitles.php): POST with a csrf token,
 * `fromsite`/`fromtitle` and `tosite`/`totitle` (all required), `bot`. Both titles are
 * normalized as a sitelink is saved (the client is asked about the page: a page it does not
 * confirm is `no-external-page`), then the items they are linked to decide
 * (link-titles-plan.ts): a new item with both sitelinks, or the missing sitelink added to the
 * one item, or `common-item` / `no-common-item`. The answer is Wikibase's:
 * `{entity: {id, type, lastrevid, sitelinks: <the links added>}, success: 1}`, the autocomment
 * `wblinktitles-create:2|` or `wblinktitles-connect:2|` with `site:title` of both pages.
 */

interface Side { site: Site, title: string }

/** A site of the sites table (Wikibase declares the site parameters as an enum of them: `badvalue`). */
async function siteParam (call: ApiCall, name: string): Promise<Site> {
  const value = call.params.string(name)
  if (value === undefined) throw missingParam(name)
  const site = await getSite(call.deps.db, value)
  if (site === null) throw new ApiError('badvalue', `Unrecognized value for parameter "${name}": ${value}.`)
  return site
}

async function normalizedSide (call: ApiCall, site: Site, title: string): Promise<Side> {
  const validation = call.deps.validation ?? WIKIBASE_VALIDATION_DEFAULTS
  // NoExternalPageError is the action API's `no-external-page` (api-errors.ts).
  const normalized = await normalizeSiteLinkTitle(site, title, [],
    { redirectBadgeItems: validation.redirectBadgeItems, ...(validation.sitePageInfo === undefined ? {} : { pageInfo: validation.sitePageInfo }) })
  return { site, title: normalized }
}

export const linkTitlesModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const toSite = await siteParam(call, 'tosite')
    const toTitle = params.required('totitle')
    const fromSite = await siteParam(call, 'fromsite')
    const fromTitle = params.required('fromtitle')
    if (fromSite.globalId === toSite.globalId) throw paramIllegal('The from site cannot match the to site')
    const from = await normalizedSide(call, fromSite, fromTitle)
    const to = await normalizedSide(call, toSite, toTitle)
    const db = call.deps.db
    const plan = planLinkTitles(await itemIdForSiteLink(db.pool, db, from.site.globalId, from.title),
      await itemIdForSiteLink(db.pool, db, to.site.globalId, to.title))
    if (plan.kind === 'refuse') throw wikibaseApiError(plan.code, plan.info)
    // A page linked elsewhere between this lookup and the save is caught by the save's
    // sitelink uniqueness check (`failed-save`, as Wikibase's would be).
    const autosummary = `${from.site.globalId}:${from.title}, ${to.site.globalId}:${to.title}`
    const options = (action: string): { comment: string, bot: boolean } =>
      // No `summary` parameter: Wikibase's module takes none.
      ({ comment: `/* wblinktitles-${action}:2| */ ${autosummary}`, bot: params.bool('bot') })
    let result: EditResult
    let added: Side[]
    if (plan.kind === 'create') {
      added = [to, from]
      const item: WikibaseEntity = { type: 'item', labels: {}, descriptions: {}, aliases: {}, claims: {}, sitelinks: sitelinksOf(added) }
      result = await createEntity(editContext(call), 'item', item, options('create'))
    } else {
      const side = plan.add === 'from' ? from : to
      added = [side]
      result = await editEntity(editContext(call), plan.item as EntityId,
        entity => setSiteLink(entity, side.site.globalId, side.title, undefined), options('connect'))
    }
    const entity = result.revision.entity
    const shown = sitelinksOutput(entity, await outputContext(call, [entity], false), { siteFilter: added.map(s => s.site.globalId) })
    // Wikibase lists the added links in the order it added them.
    const sitelinks = Object.fromEntries(added.flatMap(({ site }) => shown[site.globalId] === undefined ? [] : [[site.globalId, shown[site.globalId]]]))
    return entityAnswer(result, { sitelinks })
  }
}

function sitelinksOf (sides: Side[]): WikibaseEntity['sitelinks'] {
  return Object.fromEntries(sides.map(s => [s.site.globalId, { site: s.site.globalId, title: s.title, badges: [] }]))
}
