/** Namespaces of the example wiki (MediaWiki's numbers; 120/122 are Wikibase's Item/Property). */
export const NS_MAIN = 0
export const NS_TEMPLATE = 10
export const NS_SPECIAL = -1
export const NS_CATEGORY = 14
export const NS_ITEM = 120
export const NS_PROPERTY = 122

/** Canonical (English) names. */
const NAMES = new Map<number, string>([
  [NS_TEMPLATE, 'Template'], [NS_CATEGORY, 'Category'], [NS_SPECIAL, 'Special'], [NS_ITEM, 'Item'], [NS_PROPERTY, 'Property']
])

/**
 * Localized names of the content languages the example knows (MediaWiki's
 * languages/messages/Messages{De,It,Fr}.php `$namespaceNames`); other languages use the
 * canonical names. A wiki shows its pages with its language's names (`Kategorie:Berlin` on a
 * German wiki), which is how its sitelinks name them.
 */
const LOCALIZED_NAMES: Readonly<Record<string, ReadonlyMap<number, string>>> = {
  de: new Map([[NS_SPECIAL, 'Spezial'], [NS_TEMPLATE, 'Vorlage'], [NS_CATEGORY, 'Kategorie']]),
  it: new Map([[NS_SPECIAL, 'Speciale'], [NS_TEMPLATE, 'Template'], [NS_CATEGORY, 'Categoria']]),
  fr: new Map([[NS_SPECIAL, 'Spécial'], [NS_TEMPLATE, 'Modèle'], [NS_CATEGORY, 'Catégorie']])
}

/**
 * Names a title may be prefixed with: the canonical ones and, a simplification of MediaWiki
 * (which takes only its content language's), the localized ones of every language above.
 */
const NAMESPACES = new Map<string, number>([
  ...[...NAMES].map(([ns, name]) => [name.toLowerCase(), ns] as const),
  ...Object.values(LOCALIZED_NAMES).flatMap(names => [...names].map(([ns, name]) => [name.toLowerCase(), ns] as const))
])

export interface Title {
  namespace: number
  /** Db key: first letter upper-cased, spaces as underscores. */
  dbKey: string
}

export class InvalidTitleError extends Error {
  constructor (readonly text: string, readonly reason: string) {
    super(`invalid title ${JSON.stringify(text)}: ${reason}`)
  }
}

/** `Template:Infobox person` → { namespace: 10, dbKey: 'Infobox_person' }. */
export function parseTitle (text: string, defaultNamespace = NS_MAIN): Title {
  // MediaWiki's $wgLegalTitleChars has no control characters: "Foo\r\nBar" is a bad title, not "Foo Bar".
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new InvalidTitleError(text, 'contains a control character')
  let rest = text.replaceAll('_', ' ').trim().replace(/\s+/g, ' ')
  let namespace = defaultNamespace
  const colon = rest.indexOf(':')
  if (colon > 0) {
    const ns = NAMESPACES.get(rest.slice(0, colon).trim().toLowerCase())
    if (ns !== undefined) {
      namespace = ns
      rest = rest.slice(colon + 1).trim()
    }
  }
  if (rest === '') throw new InvalidTitleError(text, 'empty')
  if (/[<>[\]{}|#]/.test(rest)) throw new InvalidTitleError(text, 'contains one of < > [ ] { } | #')
  if (rest.length > 255) throw new InvalidTitleError(text, 'longer than 255 characters')
  return { namespace, dbKey: (rest[0]!.toUpperCase() + rest.slice(1)).replaceAll(' ', '_') }
}

export function tryParseTitle (text: string, defaultNamespace = NS_MAIN): Title | null {
  try {
    return parseTitle(text, defaultNamespace)
  } catch {
    return null
  }
}

/** `Template:Infobox_person` (db form, for URLs). */
export function prefixedDbKey (title: Pick<Title, 'namespace' | 'dbKey'>): string {
  const name = NAMES.get(title.namespace)
  return name === undefined ? title.dbKey : `${name}:${title.dbKey}`
}

/** `Template:Infobox person` (display form). */
export function prefixedText (title: Pick<Title, 'namespace' | 'dbKey'>): string {
  return prefixedDbKey(title).replaceAll('_', ' ')
}

/**
 * Display form with the namespace name of a content language (MediaWiki's
 * Title::getPrefixedText on a wiki of that language): `Kategorie:Berlin` in German.
 */
export function localizedPrefixedText (title: Pick<Title, 'namespace' | 'dbKey'>, language: string): string {
  const name = LOCALIZED_NAMES[language]?.get(title.namespace) ?? NAMES.get(title.namespace)
  const text = title.dbKey.replaceAll('_', ' ')
  return name === undefined ? text : `${name}:${text}`
}

/** The local URL of a page: /wiki/Template:Infobox_person. */
export function pageUrl (title: Pick<Title, 'namespace' | 'dbKey'> | string, query?: Record<string, string | number>): string {
  const key = typeof title === 'string' ? title : prefixedDbKey(title)
  const path = `/wiki/${encodeURIComponent(key).replaceAll('%3A', ':').replaceAll('%2F', '/')}`
  if (query === undefined) return path
  return `${path}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`
}
