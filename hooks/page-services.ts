import type { HostUser } from './contract.js'

/**
 * The host's page modules of the action API (MediaWiki's ApiParse and ApiEditPage), optional
 * services of hooks/contract.ts: with them the repo's `api.php` answers `action=parse` and
 * `action=edit` on the host's own pages; without them those actions are unknown (`badvalue`).
 */

/** What `action=parse` asks: a page (by title or id), or text rendered as if it were `title`'s (nothing saved). */
export interface ParsePageRequest {
  /** The page by its prefixed title (`Main Page`, `Template:X`); with `text`, the title the text is parsed as. */
  title?: string
  /** The page by id (instead of `title`). */
  pageId?: number
  /** Wikitext to parse instead of the page's latest revision (a preview: nothing is saved). */
  text?: string
  /**
   * An edit summary to render as the wiki shows it (MediaWiki's CommentFormatter, autocomments
   * such as `/* wbsetlabel-add:1|en *\/` included) in `parsedsummary`. With `summary` and
   * neither `text` nor `pageId`, only the summary is rendered (the page need not exist).
   */
  summary?: string
  user: HostUser
}

/** A link of a parse: namespace, prefixed title, whether the page exists. */
export interface ParsedLink { ns: number, title: string, exists: boolean }

/** What `parsePage` answers (ApiParse's fields, format-neutral: the plugin writes formatversion 1 or 2). */
export interface ParsedPage {
  /** Prefixed title as the wiki shows it. */
  title: string
  /** 0 when the page does not exist (text parsed as a new page). */
  pageid: number
  /** The parsed revision; 0 for given text or a summary only. */
  revid: number
  /** The rendered HTML (escaped by the host's parser); absent for a summary only. */
  text?: string
  displaytitle?: string
  langlinks?: Array<{ lang: string, url: string, title: string }>
  categories?: Array<{ category: string, sortkey: string, hidden?: boolean }>
  links?: ParsedLink[]
  templates?: ParsedLink[]
  /** Page properties (`wikibase_item` → `Q42`). */
  properties?: Record<string, string>
  sections?: Array<{ toclevel: number, level: string, line: string, number: string, index: string, anchor: string }>
  parsewarnings?: string[]
  /** The wikitext that was parsed. */
  wikitext?: string
  /** The rendered `summary` (HTML), when one was asked for. */
  parsedsummary?: string
}

/** Why a parse or an edit was refused, as MediaWiki's API error codes. */
export type PageServiceFailure =
  | { error: 'missingtitle' | 'invalidtitle' | 'nosuchpageid' | 'articleexists' | 'editconflict' | 'protectedpage' | 'permissiondenied', info?: string }

/** What `action=edit` asks: save wikitext as `user` with MediaWiki's edit semantics. */
export interface EditPageRequest {
  title?: string
  pageId?: number
  user: HostUser
  /** The whole new text; else `prependtext` + the current text + `appendtext`. */
  text?: string
  appendtext?: string
  prependtext?: string
  summary: string
  minor: boolean
  /** Flag the edit as a bot edit (the plugin already checked the `bot` right). */
  bot: boolean
  /** The revision the editor started from: a newer latest revision is an `editconflict`. */
  baseRevisionId?: number
  /** Time of the base revision (`basetimestamp`): a revision saved after it is an `editconflict`. */
  baseTimestamp?: Date
  /** When the editor started (`starttimestamp`): a page deleted after it is an `editconflict`. */
  startTimestamp?: Date
  /** Refuse when the page exists (`articleexists`). */
  createOnly: boolean
  /** Refuse when the page does not exist (`missingtitle`). */
  noCreate: boolean
}

/** A saved edit (ApiEditPage's `edit` result); `nochange` when the text was the same and nothing was saved. */
export interface SavedPageEdit {
  result: 'Success'
  pageid: number
  title: string
  contentmodel: string
  /** The page was created by this edit. */
  new?: boolean
  oldrevid?: number
  newrevid?: number
  newtimestamp?: Date
  nochange?: boolean
}

export interface PageServices {
  /**
   * Optional. Parse a page or given text (MediaWiki's ApiParse), rendering `summary` when given.
   * The plugin checked `read`; the host checks what else it needs and answers a failure for a
   * page that is missing (`missingtitle`, `nosuchpageid`) or a bad title (`invalidtitle`).
   */
  parsePage?: (request: ParsePageRequest) => Promise<ParsedPage | PageServiceFailure>
  /**
   * Optional. Save wikitext (MediaWiki's ApiEditPage, EditPage's conflict detection): the plugin
   * checked the csrf token, the `edit` right and `createpage` for a page that does not exist
   * (asked with `pageIdsForTitles`); the host saves as its own edits do (revision,
   * recentchanges, hooks) and answers typed failures (`articleexists`, `missingtitle`,
   * `editconflict`, `protectedpage`, …). Same text as the latest: `nochange`, nothing saved.
   */
  editPage?: (request: EditPageRequest) => Promise<SavedPageEdit | PageServiceFailure>
}
