import type { EntityId } from '../../../hooks/ids.js'
import { entityMap, type Statement, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { clientMessage, errorSpan } from '../changes/client-messages.js'
import type { ClientParseSession } from './client-parse-session.js'
import { EntityAccessLimitError, parseEntityIdLoosely } from './repo-entity-lookup.js'
import { formatSnak, joinValues, type SnakFormat } from './snak-formatter.js'

/** Arguments of `{{#property:…}}` / `{{#statements:…}}`: the property, then named arguments. */
export interface TransclusionArguments {
  propertyLabelOrId: string
  from: string | null
}

/** MediaWiki's reading of parser function arguments: first positional, then `name=value`. */
export function parseTransclusionArguments (args: readonly string[]): TransclusionArguments {
  let from: string | null = null
  for (const arg of args.slice(1)) {
    const eq = arg.indexOf('=')
    if (eq !== -1 && arg.slice(0, eq).trim() === 'from') from = arg.slice(eq + 1).trim()
  }
  return { propertyLabelOrId: (args[0] ?? '').trim(), from }
}

/** Best statements (BestStatementsFinder): the preferred ones, else the normal ones; never deprecated. */
export function bestStatements (statements: readonly Statement[]): Statement[] {
  const preferred = statements.filter(s => s.rank === 'preferred')
  return preferred.length > 0 ? preferred : statements.filter(s => s.rank === 'normal')
}

export function statementsOf (entity: WikibaseEntity, propertyId: EntityId): Statement[] {
  return entityMap(entity.claims)[propertyId] ?? []
}

function isStatementListProvider (entity: WikibaseEntity): boolean {
  return entity.type === 'item' || entity.type === 'property' || entity.type === 'lexeme' || 'claims' in entity
}

export class PropertyNotResolvedError extends Error {
  constructor (readonly labelOrId: string, readonly language: string) {
    super(`property not found for label ${JSON.stringify(labelOrId)} and language code ${language}`)
    this.name = 'PropertyNotResolvedError'
  }
}

/**
 * PropertyIdResolver: an id of an existing property (any letter case), or the property with
 * that label in the content language — which records `L.<language>` on the property.
 * Throws PropertyNotResolvedError otherwise.
 */
export async function resolvePropertyId (session: ClientParseSession, labelOrId: string): Promise<EntityId> {
  const id = parseEntityIdLoosely(labelOrId)
  if (id !== null && id.startsWith('P')) {
    if (await session.lookup.hasEntity(id)) return id
    throw new PropertyNotResolvedError(labelOrId, session.termLanguage())
  }
  const language = session.termLanguage()
  const byLabel = labelOrId === '' ? null : await session.lookup.findPropertyIdByLabel(labelOrId, language)
  if (byLabel === null) throw new PropertyNotResolvedError(labelOrId, language)
  session.track(byLabel, 'L', language)
  return byLabel
}

/** The formatted values of statements' main snaks (UsageTrackingSnakFormatter). */
export async function formatStatements (session: ClientParseSession, statements: readonly Statement[], format: SnakFormat): Promise<string> {
  const context = {
    language: session.termLanguage(),
    label: async (id: EntityId) => await session.label(id),
    localTitle: async (id: EntityId) => await session.localTitle(id)
  }
  const values: string[] = []
  for (const statement of statements) {
    const text = await formatSnak(statement.mainsnak, format, context)
    if (text !== '') values.push(text)
  }
  return joinValues(values, format)
}

/**
 * Runner + StatementTransclusionInteractor::render (facts §6.1): `{{#property}}` (plain) and
 * `{{#statements}}` (rich). Never throws: bad input renders '' or a visible error, as
 * Wikibase does, and records no usage for it; a missing entity renders '' and records `C.P`.
 */
export async function renderStatementTransclusion (session: ClientParseSession, args: readonly string[], format: SnakFormat): Promise<string> {
  const { propertyLabelOrId, from } = parseTransclusionArguments(args)
  try {
    let entityId: EntityId | null
    if (from !== null && from !== '') {
      if (!session.config.settings.allowArbitraryDataAccess) {
        const connected = await session.connectedItemId()
        if (parseEntityIdLoosely(from) !== connected) return errorSpan(clientMessage('wikibase-error-arbitrary-access-disabled', session.language))
      }
      entityId = parseEntityIdLoosely(from)
    } else {
      entityId = await session.connectedItemId()
    }
    if (entityId === null) return ''
    const result = await session.lookup.getEntity(entityId)
    if (result.status === 'found' && !isStatementListProvider(result.entity)) return ''
    // A missing (deleted, never created, unresolvable redirect) entity still records `C.P`, as
    // StatementTransclusionInteractor::render does "for usage tracking purposes": the page is
    // then re-rendered when the entity is created or undeleted. Its property must resolve.
    let propertyId: EntityId
    try {
      propertyId = await resolvePropertyId(session, propertyLabelOrId)
    } catch (error) {
      if (error instanceof PropertyNotResolvedError && result.status !== 'found') return ''
      throw error
    }
    session.track(entityId, 'C', propertyId, result)
    if (result.status !== 'found') return ''
    return await formatStatements(session, bestStatements(statementsOf(result.entity, propertyId)), format)
  } catch (error) {
    return renderError(session, propertyLabelOrId, error)
  }
}

function renderError (session: ClientParseSession, propertyLabelOrId: string, error: unknown): string {
  const language = session.language
  if (error instanceof PropertyNotResolvedError) {
    const reason = clientMessage('wikibase-property-notfound', language, propertyLabelOrId, language)
    return errorSpan(clientMessage('wikibase-property-render-error', language, propertyLabelOrId, reason))
  }
  if (error instanceof EntityAccessLimitError) {
    const reason = clientMessage('wikibase-error-exceeded-entity-access-limit', language, error.limit)
    return errorSpan(clientMessage('wikibase-property-render-error', language, propertyLabelOrId, reason))
  }
  session.config.log?.error({ err: error, page: session.page }, 'wikibase: data access failed while parsing')
  return errorSpan(clientMessage('wikibase-property-render-error', language, propertyLabelOrId, clientMessage('wikibase-error-unexpected', language)))
}
