import {
  entityMap, type AliasGroupList, type Reference, type SiteLink, type Statement, type StatementGroups, type TermList, type WikibaseEntity
} from '../../changes/wikibase-entity.js'
import { snakContent, snakMapContent } from '../action-api/snak-hash.js'
import { phpJsonEncode } from '../../changes/php-json.js'

/**
 * The content half of an item merge, pure (Wikibase repo/includes/ChangeOp/ChangeOpsMerge.php,
 * as ItemMergeInteractor applies it): what the source and the target hold after `from` is
 * merged into `to`. Nothing here reads or writes storage; item-merger.ts saves the result.
 *
 * - Labels: the target takes the source's label where it has none (or the same one); a
 *   different one becomes an alias of the target. Never a conflict.
 * - Descriptions: taken where the target has none or the same; a different one is a conflict
 *   unless `description` is ignored, and then it stays on the source.
 * - Aliases: all move to the target (duplicates collapse).
 * - Sitelinks: taken where the target has none for the site; the same page on both merges the
 *   badges; a different page is a conflict unless `sitelink` is ignored (it stays on the source).
 * - Statements: all leave the source; each arrives on the target with a new GUID, or, when
 *   the target has one with the same main snak and qualifiers, only its new references are
 *   added to that one. A statement of either item whose value is the other item is a conflict
 *   unless `statement` is ignored; ignored, such links are dropped, since after the merge they
 *   would point from the target to itself (the brief's rule; Wikibase would move them).
 */

export const MERGE_CONFLICT_TYPES = ['description', 'sitelink', 'statement'] as const
export type MergeConflictType = (typeof MERGE_CONFLICT_TYPES)[number]

/** A conflict the merge cannot resolve: the action API answers `failed-modify` with this message. */
export class MergeConflictError extends Error {
  constructor (readonly conflict: MergeConflictType, message: string) {
    super(message)
    this.name = 'MergeConflictError'
  }
}

export interface MergeInput {
  from: WikibaseEntity
  to: WikibaseEntity
  ignoreConflicts?: readonly MergeConflictType[]
  /** A new statement GUID on the target (statement-guid.ts's newGuid; injected so tests are deterministic). */
  newGuid: (entityId: string) => string
  /** Whether two page names of a site name the same page (Wikibase's Site::normalizePageName); default: spaces = underscores. */
  samePage?: (siteId: string, a: string, b: string) => boolean
}

export interface MergeResult {
  from: WikibaseEntity
  to: WikibaseEntity
}

const defaultSamePage = (_site: string, a: string, b: string): boolean => a.replaceAll('_', ' ').trim() === b.replaceAll('_', ' ').trim()

/** The item a statement's main snak points at (an `wikibase-entityid` value), or null. */
function linkedEntity (statement: Statement): string | null {
  const value = statement.mainsnak.snaktype === 'value' ? statement.mainsnak.datavalue : undefined
  if (value?.type !== 'wikibase-entityid') return null
  const id = (value.value as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id : null
}

/** ChangeOpsMerge::getStatementHash: main snak and qualifiers, regardless of qualifier order. */
function statementKey (statement: Statement): string {
  const qualifiers = snakMapContent(statement.qualifiers)
  const sorted = Object.keys(qualifiers).sort().map(p => [p, qualifiers[p]!.map(s => phpJsonEncode(s)).sort()])
  return phpJsonEncode([snakContent(statement.mainsnak), sorted])
}

function referenceKey (reference: Reference): string {
  const snaks = snakMapContent(reference.snaks)
  return phpJsonEncode(Object.keys(snaks).sort().map(p => [p, snaks[p]!.map(s => phpJsonEncode(s))]))
}

function mergeTerms (from: WikibaseEntity, to: WikibaseEntity, ignore: ReadonlySet<MergeConflictType>): {
  fromLabels: TermList, toLabels: TermList, fromDescriptions: TermList, toDescriptions: TermList, toAliases: AliasGroupList
} {
  const toLabels: TermList = { ...entityMap(to.labels) }
  const toDescriptions: TermList = { ...entityMap(to.descriptions) }
  const fromDescriptions: TermList = {}
  const toAliases: AliasGroupList = Object.fromEntries(Object.entries(entityMap(to.aliases)).map(([l, list]) => [l, [...list]]))
  const addAlias = (language: string, value: string): void => {
    const list = toAliases[language] ?? []
    if (!list.some(alias => alias.value === value)) list.push({ language, value })
    toAliases[language] = list
  }
  for (const [language, label] of Object.entries(entityMap(from.labels))) {
    const existing = toLabels[language]
    if (existing === undefined || existing.value === label.value) toLabels[language] = { language, value: label.value }
    else addAlias(language, label.value)
  }
  for (const [language, description] of Object.entries(entityMap(from.descriptions))) {
    const existing = toDescriptions[language]
    if (existing === undefined || existing.value === description.value) toDescriptions[language] = { language, value: description.value }
    else if (ignore.has('description')) fromDescriptions[language] = description
    else throw new MergeConflictError('description', `Conflicting descriptions for language ${language}`)
  }
  for (const [language, aliases] of Object.entries(entityMap(from.aliases))) for (const alias of aliases) addAlias(language, alias.value)
  return { fromLabels: {}, toLabels, fromDescriptions, toDescriptions, toAliases }
}

function mergeSiteLinks (
  input: MergeInput, ignore: ReadonlySet<MergeConflictType>
): { fromSiteLinks: Record<string, SiteLink>, toSiteLinks: Record<string, SiteLink> } {
  const samePage = input.samePage ?? defaultSamePage
  const toSiteLinks: Record<string, SiteLink> = { ...entityMap(input.to.sitelinks) }
  const fromSiteLinks: Record<string, SiteLink> = {}
  for (const [site, link] of Object.entries(entityMap(input.from.sitelinks))) {
    const existing = toSiteLinks[site]
    if (existing === undefined) {
      toSiteLinks[site] = { site, title: link.title, badges: [...link.badges] }
    } else if (samePage(site, link.title, existing.title)) {
      toSiteLinks[site] = { site, title: existing.title, badges: [...new Set([...link.badges, ...existing.badges])] }
    } else if (ignore.has('sitelink')) {
      fromSiteLinks[site] = link
    } else {
      throw new MergeConflictError('sitelink', `Conflicting sitelinks for ${site}`)
    }
  }
  return { fromSiteLinks, toSiteLinks }
}

function mergeStatements (input: MergeInput, ignore: ReadonlySet<MergeConflictType>): StatementGroups {
  const fromId = input.from.id ?? ''
  const toId = input.to.id ?? ''
  const linksOther = (statement: Statement, other: string): boolean => linkedEntity(statement) === other
  const toGroups = entityMap(input.to.claims)
  const fromStatements = Object.values(entityMap(input.from.claims)).flat()
  if (!ignore.has('statement')) {
    for (const [statements, other] of [[Object.values(toGroups).flat(), fromId], [fromStatements, toId]] as const) {
      const link = statements.find(s => linksOther(s, other))
      if (link !== undefined) {
        throw new MergeConflictError('statement',
          `The two items cannot be merged because one of them links to the other using property ${link.mainsnak.property}`)
      }
    }
  }
  const result: StatementGroups = {}
  for (const [property, statements] of Object.entries(toGroups)) {
    const kept = statements.filter(s => !linksOther(s, fromId)).map(s => structuredClone(s))
    if (kept.length > 0) result[property] = kept
  }
  for (const statement of fromStatements) {
    if (linksOther(statement, toId)) continue
    const property = statement.mainsnak.property
    const group = result[property] ?? []
    const key = statementKey(statement)
    const equivalent = group.find(s => statementKey(s) === key)
    if (equivalent !== undefined) {
      const known = new Set((equivalent.references ?? []).map(referenceKey))
      for (const reference of statement.references ?? []) {
        if (known.has(referenceKey(reference))) continue
        known.add(referenceKey(reference))
        equivalent.references = [...(equivalent.references ?? []), structuredClone(reference)]
      }
    } else {
      group.push({ ...structuredClone(statement), id: input.newGuid(toId) })
    }
    result[property] = group
  }
  return result
}

/** Merges `from` into `to` (see the file comment); throws MergeConflictError on a conflict not ignored. */
export function mergeItems (input: MergeInput): MergeResult {
  const ignore = new Set(input.ignoreConflicts ?? [])
  const terms = mergeTerms(input.from, input.to, ignore)
  const links = mergeSiteLinks(input, ignore)
  const claims = mergeStatements(input, ignore)
  const from: WikibaseEntity = {
    ...structuredClone(input.from), labels: terms.fromLabels, descriptions: terms.fromDescriptions, aliases: {}, claims: {}, sitelinks: links.fromSiteLinks
  }
  const to: WikibaseEntity = {
    ...structuredClone(input.to), labels: terms.toLabels, descriptions: terms.toDescriptions, aliases: terms.toAliases, claims, sitelinks: links.toSiteLinks
  }
  return { from, to }
}
