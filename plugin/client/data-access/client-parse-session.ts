import type { FastifyBaseLogger } from 'fastify'
import type { EntityId } from '../../../hooks/ids.js'
import { entityMap } from '../../changes/wikibase-entity.js'
import type { ClientSettings } from '../../options.js'
import type { ParserContext, ParserOutput, PageRef } from '../../../hooks/contract.js'
import { newEntityUsage, type EntityUsage, type UsageAspect } from '../usage/entity-usage.js'
import { fallbackTermUsages, type TermFallback, type TermUsageAspect } from '../usage/fallback-label-usage.js'
import { languageFallbackChain } from '../../language/language-fallback.js'
import { RepoEntityLookup, type EntityLookupReads } from './repo-entity-lookup.js'
import type { EntityLookupResult } from '../../repo-reader/redirect-resolving-entity-lookup.js'
import { addUsageTrackingRedirects, ENTITY_USAGE_EXTENSION_DATA_KEY, newUsageAccumulation, type UsageAccumulation } from '../usage/usage-accumulator.js'

/** What client data access needs from the plugin: this wiki, its repo and the client settings. */
export interface ClientDataAccessConfig {
  /** This wiki's global site id (sitelinks to it connect pages; `T` vs `S`). */
  siteId: string
  /** The repo's database, read through the repo reader. */
  repo: EntityLookupReads
  settings: Pick<ClientSettings, 'entityAccessLimit' | 'allowArbitraryDataAccess' | 'allowDataAccessInUserLanguage' | 'allowDataTransclusion'
    | 'referencedEntityIdAccessLimit' | 'referencedEntityIdMaxDepth' | 'referencedEntityIdMaxReferencedEntityVisits' | 'propertyOrder'> &
  Partial<Pick<ClientSettings, 'badgeClassNames' | 'otherProjectsLinks'>>
  /** The URL of an entity's page on the repo (RepoLinker::getEntityUrl); absent: no URLs. */
  entityUrl?: (id: EntityId) => Promise<string | null>
  log?: Pick<FastifyBaseLogger, 'warn' | 'error' | 'debug'>
}

/** Namespace 0 title in text form (`United_States` → `United States`), as sitelinks store it. */
export function sitelinkTitleOf (page: Pick<PageRef, 'namespace' | 'title'>): string | null {
  return page.namespace === 0 ? page.title.replaceAll('_', ' ') : null
}

/**
 * The usage accumulation of a parser output: the identity set kept in its extension data
 * `wikibase-entity-usage` (created on first use; an array found there is converted).
 */
export function usageAccumulationOf (output: ParserOutput): UsageAccumulation {
  const stored = output.extensionData.get(ENTITY_USAGE_EXTENSION_DATA_KEY)
  if (stored instanceof Set) return { identities: stored as Set<string> }
  const accumulation = newUsageAccumulation(Array.isArray(stored) ? stored.filter((v): v is string => typeof v === 'string') : [])
  output.extensionData.set(ENTITY_USAGE_EXTENSION_DATA_KEY, accumulation.identities)
  return accumulation
}

/**
 * Everything one parse shares: the repo lookup (cache and entity-access count of this page),
 * the usage accumulation in the parser output, the connected item. Keyed by the parser
 * output, so each parse gets its own and it goes with the output.
 */
export class ClientParseSession {
  readonly config: ClientDataAccessConfig
  readonly lookup: RepoEntityLookup
  readonly page: PageRef
  /**
   * The language data access reads terms in: the parse's user language when
   * `allowDataAccessInUserLanguage` is on (the rendering then depends on it: see
   * USER_LANGUAGE_OPTION), else the content language (WikibaseLibrary::getLanguage).
   */
  readonly language: string
  readonly output: ParserOutput
  readonly accumulation: UsageAccumulation
  #connected: Promise<EntityId | null> | null = null

  constructor (config: ClientDataAccessConfig, context: ParserContext) {
    this.config = config
    this.page = context.page
    this.language = config.settings.allowDataAccessInUserLanguage && context.userLanguage !== undefined
      ? context.userLanguage
      : context.contentLanguage
    this.output = context.output
    this.lookup = new RepoEntityLookup(config.repo, { entityAccessLimit: config.settings.entityAccessLimit })
    this.accumulation = usageAccumulationOf(context.output)
  }

  /**
   * The language of terms read for this parse (see {@link language}); when it is the user's,
   * the output is marked as depending on the user language so the host keeps one rendering per
   * user language (MediaWiki: ParserOptions::getUserLangObj splits the parser cache).
   */
  termLanguage (): string {
    if (this.config.settings.allowDataAccessInUserLanguage) {
      this.output.usedOptions ??= new Set()
      this.output.usedOptions.add(USER_LANGUAGE_OPTION)
    }
    return this.language
  }

  /** Records a usage of `requested`, following the lookup's redirect (target + `O` on the source). */
  track (requested: EntityId, aspect: UsageAspect, modifier: string | null, result?: EntityLookupResult): void {
    const redirectTarget = result?.status === 'found' && result.redirectedFrom !== null ? result.entityId : null
    addUsageTrackingRedirects(this.accumulation, newEntityUsage(requested, aspect, modifier), redirectTarget)
  }

  /** Records an already built usage (no redirect). */
  trackUsage (usage: EntityUsage): void {
    this.accumulation.identities.add(`${usage.entityId}#${usage.modifier === null ? usage.aspect : `${usage.aspect}.${usage.modifier}`}`)
  }

  /** The item connected to the page being parsed (sitelink of this wiki in the repo), or null. */
  async connectedItemId (): Promise<EntityId | null> {
    this.#connected ??= (async () => {
      const title = sitelinkTitleOf(this.page)
      return title === null ? null : await this.lookup.getItemIdForSiteLink(this.config.siteId, title)
    })()
    return await this.#connected
  }

  /**
   * A label or description through the content language's fallback chain, tracking the
   * languages touched (facts §6.3); the term or null.
   */
  async term (id: EntityId, aspect: TermUsageAspect): Promise<TermFallback | null> {
    const result = await this.lookup.peekEntity(id)
    const chain = languageFallbackChain(this.termLanguage())
    let found: TermFallback | null = null
    if (result.status === 'found') {
      const terms = entityMap(aspect === 'L' ? result.entity.labels : result.entity.descriptions)
      for (const language of chain) {
        const term = terms[language]
        if (term !== undefined) {
          found = { requestedLanguageCode: chain[0]!, text: term.value, actualLanguageCode: language, sourceLanguageCode: null }
          break
        }
      }
    }
    for (const usage of fallbackTermUsages(id, aspect, chain, found, this.config.settings.allowDataAccessInUserLanguage)) {
      this.track(id, usage.aspect, usage.modifier, result)
    }
    return found
  }

  async label (id: EntityId): Promise<string | null> {
    return (await this.term(id, 'L'))?.text ?? null
  }

  /** The title of the local page an item is connected to; records `T` on the item. */
  async localTitle (id: EntityId): Promise<string | null> {
    const { title, result } = await this.lookup.getSiteLinkTitle(id, this.config.siteId)
    this.track(id, 'T', null, result)
    return title
  }
}

/** The parser option a rendering depends on when data access reads terms in the user's language. */
export const USER_LANGUAGE_OPTION = 'userlang'

const sessions = new WeakMap<ParserOutput, ClientParseSession>()

/** The session of the parse that writes `context.output` (one per parser output). */
export function parseSessionFor (config: ClientDataAccessConfig, context: ParserContext): ClientParseSession {
  let session = sessions.get(context.output)
  if (session === undefined || session.config !== config) {
    session = new ClientParseSession(config, context)
    sessions.set(context.output, session)
  }
  return session
}
