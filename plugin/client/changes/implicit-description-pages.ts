import type { ClientHostServices } from '../../../hooks/contract.js'
import type { PageId } from '../../../hooks/ids.js'
import { entityMap } from '../../changes/wikibase-entity.js'
import type { RepoReader } from '../../repo-reader/repo-reader.js'
import type { ClientSettings } from '../../options.js'
import { LOCAL_SHORT_DESC_PROP } from '../hooks/short-desc-handler.js'
import { DESCRIPTION_USAGE, type EntityUsage } from '../usage/entity-usage.js'
import { pagesUsingWithImplicitDescription, requestedDescriptionLanguages } from '../usage/implicit-description-usage.js'
import type { AffectedPagesQuery } from './affected-pages-finder.js'

/** What the implicit description lookup reads. */
export interface ImplicitDescriptionDeps {
  siteId: string
  settings: Partial<Pick<ClientSettings, 'enableImplicitDescriptionUsage' | 'allowLocalShortDesc'>>
  services: Pick<ClientHostServices, 'pageIdsForTitles' | 'pagesByIds'> & Partial<Pick<ClientHostServices, 'pageProperties'>>
  repo: Partial<Pick<RepoReader, 'loadEntity'>>
}

/**
 * The implicit description usage of a change's item (Wikibase's
 * client/includes/Usage/ImplicitDescriptionUsageLookup.php, getPagesUsing): with
 * `enableImplicitDescriptionUsage`, the local page the item's sitelink names uses the item's
 * description in the page's content language — apps and search show it as the page's short
 * description — unless it sets its own (`{{SHORTDESC:…}}` with `allowLocalShortDesc`). Asked
 * only when the change touches descriptions; at most one page per change. The answer is
 * merged with the change's virtual usages, so that page is refreshed although no parse
 * recorded the usage.
 */
export async function implicitDescriptionPages (query: AffectedPagesQuery, deps: ImplicitDescriptionDeps): Promise<Map<PageId, EntityUsage[]>> {
  const settings = {
    enableImplicitDescriptionUsage: deps.settings.enableImplicitDescriptionUsage === true,
    allowLocalShortDesc: deps.settings.allowLocalShortDesc === true
  }
  if (!settings.enableImplicitDescriptionUsage || deps.repo.loadEntity === undefined) return new Map()
  // Beyond Wikibase: its changed aspects carry the bare `D` beside `D.de`, which makes
  // ImplicitDescriptionUsageLookup answer for every language, so a German description change
  // would refresh English pages. The implicit usage is of the content language only, so only
  // the languages that changed are asked about.
  const aspects = query.changedAspects.some(a => a.startsWith(`${DESCRIPTION_USAGE}.`))
    ? query.changedAspects.filter(a => a !== DESCRIPTION_USAGE)
    : query.changedAspects
  if (requestedDescriptionLanguages(aspects) === null) return new Map()
  const found = await deps.repo.loadEntity(query.entityId)
  const title = found.status === 'found' ? entityMap(found.entity.sitelinks)[deps.siteId]?.title : undefined
  if (title === undefined) return new Map()
  const pageId = (await deps.services.pageIdsForTitles([title])).get(title)
  if (pageId === undefined) return new Map()
  const [page] = await deps.services.pagesByIds([pageId as PageId])
  if (page === undefined) return new Map()
  const props = settings.allowLocalShortDesc && deps.services.pageProperties !== undefined
    ? (await deps.services.pageProperties([page.id], [LOCAL_SHORT_DESC_PROP])).get(page.id)
    : undefined
  const connected = {
    itemId: query.entityId, pageId: page.id, contentLanguage: page.contentLanguage, hasLocalShortDescription: props?.[LOCAL_SHORT_DESC_PROP] !== undefined
  }
  return pagesUsingWithImplicitDescription(new Map(), aspects, [connected], settings)
}
