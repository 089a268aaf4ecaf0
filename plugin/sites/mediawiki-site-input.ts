import { InvalidSiteGlobalIdError } from './site-errors.js'
import { isSiteGlobalId } from '../../hooks/ids.js'
import { getPath, PATH_FILE, PATH_PAGE, removePath, setPath } from './site-paths.js'
import { newSite, SITE_GROUP_NONE, SITE_TYPE_MEDIAWIKI, type Site } from './site.js'

/**
 * The fields of one MediaWiki site as `sites add` (MediaWiki's addSite.php) and the example
 * wiki's Special:Sites take them: each one value, never split or re-parsed. Absent: keep
 * what the site has. '' : the default (group `none`, no language, no such path). The
 * result goes through the store, whose validator applies the rules (site-validator.ts).
 */
export interface MediaWikiSiteInput {
  globalId: string
  group?: string
  language?: string
  pagePath?: string
  filePath?: string
  interwikiIds?: readonly string[]
  navigationIds?: readonly string[]
}

/** A new `mediawiki` site of the input. */
export function newMediaWikiSite (input: MediaWikiSiteInput): Site {
  if (!isSiteGlobalId(input.globalId)) throw new InvalidSiteGlobalIdError(input.globalId)
  return applyMediaWikiSiteInput(newSite({ globalId: input.globalId, type: SITE_TYPE_MEDIAWIKI }), input)
}

/**
 * The site with the input's group, language, page and file path and local ids (given ids
 * replace the site's). Global id, type, source, forward, config and other data are kept.
 */
export function applyMediaWikiSiteInput (site: Site, input: MediaWikiSiteInput): Site {
  let edited: Site = {
    ...site,
    group: input.group === undefined ? site.group : input.group === '' ? SITE_GROUP_NONE : input.group,
    language: input.language ?? site.language,
    interwikiIds: input.interwikiIds === undefined ? site.interwikiIds : sortedUnique(input.interwikiIds),
    navigationIds: input.navigationIds === undefined ? site.navigationIds : sortedUnique(input.navigationIds)
  }
  for (const [pathType, path] of [[PATH_PAGE, input.pagePath], [PATH_FILE, input.filePath]] as const) {
    if (path === undefined) continue
    if (path !== '') edited = setPath(edited, pathType, path)
    else if (getPath(edited, pathType) !== null) edited = removePath(edited, pathType)
  }
  return edited
}

function sortedUnique (values: readonly string[]): string[] {
  return [...new Set(values)].sort()
}
