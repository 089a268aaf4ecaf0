/**
 * Whether a changes list of a client hides repo changes (`rc_source = 'wb'`), as Wikibase
 * client's ChangesListSpecialPageHookHandler (client/includes/Hooks/) decides it:
 *
 * - the client setting `showExternalRecentChanges` off: always hidden, and no toggle is offered
 *   (onChangesListSpecialPageQuery's forced condition);
 * - else the filter is offered, and its default is "hide" unless the user's preference
 *   `rcshowwikidata` (Special:RecentChanges) or `wlshowwikibase` (Special:Watchlist) is on;
 * - the URL overrides the default: `hidewikidata` (the filter's legacy name, which the toggle
 *   links use) or `hideWikibase` (its current name), read as MediaWiki's WebRequest::getBool
 *   reads it ('' and '0' are false, anything else true).
 *
 * The preferences themselves are offered only while the setting is on (GetPreferencesHandler).
 */
export type ChangesListPage = 'RecentChanges' | 'Watchlist'

/** The user option behind a page's default (ChangesListSpecialPageHookHandler::getOptionName). */
export function showWikibaseOptionName (page: ChangesListPage): 'rcshowwikidata' | 'wlshowwikibase' {
  return page === 'Watchlist' ? 'wlshowwikibase' : 'rcshowwikidata'
}

export const FILTER_PARAMS = ['hidewikidata', 'hideWikibase'] as const

export interface WikibaseChangesFilterInput {
  /** This wiki has the client role. */
  isClient: boolean
  showExternalRecentChanges: boolean
  page: ChangesListPage
  /** The request's query string. */
  query: Readonly<Record<string, unknown>>
  /** The user's option value ('1' on), after defaults. */
  showOption: string
}

export interface WikibaseChangesFilter {
  /** The toggle is shown. */
  offered: boolean
  /** Repo changes are left out of the list. */
  hide: boolean
}

/** PHP's truthiness of a request string, as WebRequest::getBool. */
export function requestBool (value: string): boolean {
  return value !== '' && value !== '0'
}

function queryValue (query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = query[name]
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : undefined
}

export function wikibaseChangesFilter (input: WikibaseChangesFilterInput): WikibaseChangesFilter {
  if (!input.isClient) return { offered: false, hide: false }
  if (!input.showExternalRecentChanges) return { offered: false, hide: true }
  for (const name of FILTER_PARAMS) {
    const given = queryValue(input.query, name)
    if (given !== undefined) return { offered: true, hide: requestBool(given) }
  }
  return { offered: true, hide: !requestBool(input.showOption) }
}
