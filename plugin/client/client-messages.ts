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
    'wikibase-error-arbitrary-access-disabled': 'Access to items other than the one connected to this page is disabled on this wiki.',
    'wikibase-snakview-variations-somevalue-label': 'unknown value',
    'wikibase-snakview-variations-novalue-label': 'no value'
  },
  de: {
    'wikibase-property-render-error': 'Eigenschaft $1 konnte nicht dargestellt werden: $2',
    'wikibase-property-notfound': 'Keine Eigenschaft mit der Bezeichnung „$1“ in der Sprache „$2“ gefunden.',
    'wikibase-error-exceeded-entity-access-limit': 'Auf dieser Seite wurde auf zu viele Datenobjekte zugegriffen (Grenze: $1).',
    'wikibase-error-unexpected': 'Ein unerwarteter Fehler ist aufgetreten.',
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

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** A visible error as MediaWiki renders parser function errors: `<span class="error">…</span>`. */
export function errorSpan (message: string): string {
  return `<span class="error wikibase-error">${message.replace(/[&<>"']/g, c => HTML_ESCAPES[c]!)}</span>`
}
