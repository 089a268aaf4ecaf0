/**
 * The user-visible texts of client data access, by Wikibase message key, so hosts can
 * translate them: `clientMessages[language][key]` overrides the built-in English and German.
 * `$1`, `$2` … are replaced by the parameters.
 */
export const clientMessages: Record<string, Record<string, string>> = {
  en: {
    'wikibase-property-render-error': 'Failed to render property $1: $2',
    'wikibase-property-notfound': 'Property not found for label "$1" and language code "$2".',
    'wikibase-error-exceeded-entity-access-limit': 'Too many entities accessed on this page (limit: $1).',
    'wikibase-error-unexpected': 'An unexpected error occurred.',
    'wikibase-error-exceeded-referenced-entity-id-limit': 'Too many mw.wikibase.getReferencedEntityId calls. Only $2 allowed.',
    'wikibase-parserfunction-unknown': 'Unknown #wikibase function "$1".',
    'wikibase-error-arbitrary-access-disabled': 'Access to items other than the one connected to this page is disabled on this wiki.',
    'wikibase-snakview-variations-somevalue-label': 'unknown value',
    'wikibase-snakview-variations-novalue-label': 'no value',
    // Years of time values (MwTimeIsoFormatter), by precision.
    'wikibase-time-precision-Gannum': '$1 billion years CE',
    'wikibase-time-precision-Mannum': '$1 million years CE',
    'wikibase-time-precision-annum': '$1 years CE',
    'wikibase-time-precision-millennium': '$1. millennium',
    'wikibase-time-precision-century': '$1. century',
    'wikibase-time-precision-10annum': '$1s',
    'wikibase-time-precision-BCE-Gannum': '$1 billion years BCE',
    'wikibase-time-precision-BCE-Mannum': '$1 million years BCE',
    'wikibase-time-precision-BCE-annum': '$1 years BCE',
    'wikibase-time-precision-BCE-millennium': '$1. millennium BCE',
    'wikibase-time-precision-BCE-century': '$1. century BCE',
    'wikibase-time-precision-BCE-10annum': '$1s BCE',
    'wikibase-time-precision-BCE': '$1 BCE',
    'wikibase-time-precision-CE': '$1 CE',
    // Edit summaries of the recentchanges rows injected for repo changes (RecentChangeFactory,
    // SiteLinkCommentCreator). {{WBREPONAME}} is the repo's display name (see messageFormatter).
    'wikibase-comment-update': '{{WBREPONAME}} item changed',
    'wikibase-comment-add': 'A {{WBREPONAME}} item was created',
    'wikibase-comment-remove': 'The connected {{WBREPONAME}} item was deleted; language links removed',
    'wikibase-comment-restore': 'The connected {{WBREPONAME}} item was undeleted; language links restored',
    'wikibase-comment-linked': 'A {{WBREPONAME}} item was linked to this page',
    'wikibase-comment-unlink': 'This page was unlinked from its {{WBREPONAME}} item; language links removed',
    'wikibase-comment-sitelink-add': 'Language link added: $1',
    'wikibase-comment-sitelink-remove': 'Language link removed: $1',
    'wikibase-comment-sitelink-change': 'Language link changed from $1 to $2',
    'semicolon-separator': '; '
  },
  de: {
    'wikibase-property-render-error': 'Eigenschaft $1 konnte nicht dargestellt werden: $2',
    'wikibase-property-notfound': 'Keine Eigenschaft mit der Bezeichnung „$1“ in der Sprache „$2“ gefunden.',
    'wikibase-error-exceeded-entity-access-limit': 'Auf dieser Seite wurde auf zu viele Datenobjekte zugegriffen (Grenze: $1).',
    'wikibase-error-unexpected': 'Ein unerwarteter Fehler ist aufgetreten.',
    'wikibase-error-exceeded-referenced-entity-id-limit': 'Zu viele Aufrufe von mw.wikibase.getReferencedEntityId. Nur $2 erlaubt.',
    'wikibase-parserfunction-unknown': 'Unbekannte #wikibase-Funktion „$1“.',
    'wikibase-error-arbitrary-access-disabled': 'Der Zugriff auf andere Datenobjekte als das mit dieser Seite verbundene ist in diesem Wiki deaktiviert.',
    'wikibase-snakview-variations-somevalue-label': 'unbekannter Wert',
    'wikibase-snakview-variations-novalue-label': 'kein Wert'
  }
}

export function clientMessage (key: string, language: string, ...params: Array<string | number>): string {
  const text = clientMessages[language]?.[key] ?? clientMessages[language.split('-')[0]!]?.[key] ?? clientMessages.en![key] ?? key
  return text.replace(/\$(\d+)/g, (whole, n: string) => {
    const value = params[Number(n) - 1]
    return value === undefined ? whole : String(value)
  })
}

/**
 * A message as a plain-text string: MediaWiki's `wfMessage(key, ...params)->text()` in one
 * fixed language. Used where Wikibase renders messages into stored text (recentchanges
 * comments), so the language is chosen once by whoever builds the formatter.
 */
export type MessageFormatter = (key: string, params: string[]) => string

export interface MessageFormatterOptions {
  /** Language of the catalog (`clientMessages`); `qqx` gives {@link qqxMessageFormatter}. Default `en`. */
  language?: string
  /** What `{{WBREPONAME}}` renders as (the repo's display name). Default `Wikibase`. */
  repoName?: string
}

/** The formatter for one language: {@link clientMessage} with `{{WBREPONAME}}` filled in. */
export function messageFormatter (options: MessageFormatterOptions = {}): MessageFormatter {
  const language = options.language ?? 'en'
  if (language === 'qqx') return qqxMessageFormatter
  const repoName = options.repoName ?? 'Wikibase'
  // A function replacer: the name goes in verbatim (a replacement string would expand `$&`, `$'`… in it).
  return (key, params) => clientMessage(key, language, ...params).replaceAll('{{WBREPONAME}}', () => repoName)
}

/**
 * MediaWiki's `qqx` pseudo-language, for tests: every message renders as its key in
 * parentheses, followed by `: ` and the parameters joined with `, ` when there are any —
 * `(key)`, `(key: p1, p2)`.
 */
export const qqxMessageFormatter: MessageFormatter = (key, params) =>
  params.length === 0 ? `(${key})` : `(${key}: ${params.join(', ')})`

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** A visible error as MediaWiki renders parser function errors: `<span class="error">…</span>`. */
export function errorSpan (message: string): string {
  return `<span class="error wikibase-error">${message.replace(/[&<>"']/g, c => HTML_ESCAPES[c]!)}</span>`
}
