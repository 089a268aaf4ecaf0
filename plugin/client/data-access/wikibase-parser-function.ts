import { clientMessage, errorSpan } from '../changes/client-messages.js'
import type { ClientParseSession } from './client-parse-session.js'
import { EntityAccess, ReferencedEntityIdLimitError } from './entity-access.js'
import { EntityAccessLimitError, parseEntityIdLoosely } from './repo-entity-lookup.js'
import { escapeWikitext } from './wikitext-escaping.js'

type Call = (access: EntityAccess, args: readonly string[], session: ClientParseSession) => Promise<string | null> | string | null

const text = (value: string | null | undefined): string | null => value === null || value === undefined ? null : escapeWikitext(value)
const flag = (value: boolean): string => value ? '1' : ''
const list = (values: readonly string[]): string => values.map(escapeWikitext).join(', ')
const arg = (args: readonly string[], n: number): string => args[n] ?? ''
const optional = (args: readonly string[], n: number): string | undefined => arg(args, n) === '' ? undefined : arg(args, n)

/**
 * The `{{#wikibase:function|…}}` functions: Lua's `mw.wikibase` for wikitext without Lua.
 * Each answers plain text escaped for wikitext (an entity's terms never become markup), ''
 * for nothing, `1`/'' for yes/no, lists comma-separated; `renderSnaks` is escaped text and
 * `formatValues` rich wikitext, as their Lua counterparts. Usages: those of the
 * EntityAccess method called (facts §6.2).
 */
const FUNCTIONS: Readonly<Record<string, Call>> = {
  getLabel: async (a, args) => text(await a.getLabel(arg(args, 0))),
  getDescription: async (a, args) => text(await a.getDescription(arg(args, 0))),
  getLabelByLang: async (a, args) => text(await a.getLabelByLang(arg(args, 0), arg(args, 1))),
  getDescriptionByLang: async (a, args) => text(await a.getDescriptionByLang(arg(args, 0), arg(args, 1))),
  getLabelLanguage: async (a, args) => text((await a.getLabelWithLang(arg(args, 0)))?.language),
  getDescriptionLanguage: async (a, args) => text((await a.getDescriptionWithLang(arg(args, 0)))?.language),
  getSitelink: async (a, args) => text(await a.getSitelink(arg(args, 0), optional(args, 1))),
  getBadges: async (a, args) => list(await a.getBadges(arg(args, 0), optional(args, 1))),
  getEntityIdForCurrentPage: async a => text(await a.getEntityIdForCurrentPage()),
  getEntityIdForTitle: async (a, args) => text(await a.getEntityIdForTitle(arg(args, 0), optional(args, 1))),
  entityExists: async (a, args) => flag(await a.entityExists(arg(args, 0))),
  isValidEntityId: (a, args) => flag(a.isValidEntityId(arg(args, 0))),
  getEntityUrl: async (a, args) => text(await a.getEntityUrl(arg(args, 0))),
  getGlobalSiteId: a => text(a.getGlobalSiteId()),
  resolvePropertyId: async (a, args) => text(await a.resolvePropertyId(arg(args, 0))),
  getReferencedEntityId: async (a, args) => {
    const found = await a.getReferencedEntityId(arg(args, 0), arg(args, 1), args.slice(2).filter(id => id !== ''))
    return found === false ? null : text(found)
  },
  orderProperties: (a, args) => list(a.orderProperties(args.filter(id => id !== ''))),
  getPropertyOrder: a => {
    const order = a.getPropertyOrder()
    return order === null ? null : list(Object.keys(order).sort((x, y) => order[x]! - order[y]!))
  },
  renderSnaks: async (a, args, session) => await mainSnaks(a, args, session, 'plain'),
  formatValues: async (a, args, session) => await mainSnaks(a, args, session, 'rich')
}

/** `renderSnaks|Q|P` / `formatValues|Q|P`: the best statements' main snaks of P on Q (C.P, as getBestStatements). */
async function mainSnaks (a: EntityAccess, args: readonly string[], session: ClientParseSession, format: 'plain' | 'rich'): Promise<string | null> {
  const id = arg(args, 0)
  if (!session.config.settings.allowArbitraryDataAccess && parseEntityIdLoosely(id) !== await session.connectedItemId()) {
    return errorSpan(clientMessage('wikibase-error-arbitrary-access-disabled', session.language))
  }
  const snaks = (await a.getBestStatements(id, arg(args, 1))).map(s => s.mainsnak)
  return format === 'plain' ? await a.renderSnaks(snaks) : await a.formatValues(snaks)
}

/**
 * `{{#wikibase:getLabel|Q42}}`: args[0] is the function name (the text after the colon), the
 * rest its arguments. Never throws: an unknown function or a limit renders a visible error.
 */
export async function renderWikibaseParserFunction (session: ClientParseSession, args: readonly string[]): Promise<string> {
  const name = arg(args, 0)
  const call = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined
  const language = session.language
  if (call === undefined) return errorSpan(clientMessage('wikibase-parserfunction-unknown', language, name))
  try {
    return await call(new EntityAccess(session), args.slice(1), session) ?? ''
  } catch (error) {
    if (error instanceof EntityAccessLimitError) return errorSpan(clientMessage('wikibase-error-exceeded-entity-access-limit', language, error.limit))
    if (error instanceof ReferencedEntityIdLimitError) {
      return errorSpan(clientMessage('wikibase-error-exceeded-referenced-entity-id-limit', language, 'IGNORED', error.limit))
    }
    session.config.log?.error({ err: error, page: session.page }, 'wikibase: #wikibase parser function failed')
    return errorSpan(clientMessage('wikibase-error-unexpected', language))
  }
}
