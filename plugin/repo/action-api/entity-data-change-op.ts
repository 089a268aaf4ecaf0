import { entityMap, type Statement, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { isObject } from '../validation/json-shape.js'
import { ApiError, invalidGuid, paramInvalid, wikibaseApiError } from '../../action-api/api-errors.js'
import { setAliases, setTerm, type AliasOps } from './term-change-ops.js'
import { setSiteLink } from './sitelink-change-op.js'
import { normalizeStatement, removeStatements, setStatement } from './statement-change-ops.js'

/** wbeditentity's `data`: one change op made of the term, sitelink and statement ones. */

const DATA_KEYS = new Set(['type', 'id', 'labels', 'descriptions', 'aliases', 'sitelinks', 'claims', 'statements', 'datatype', 'lastrevid', 'pageid', 'ns',
  'title', 'modified'])

/** Entries of a map given as an object keyed by `key`, or as a list of objects carrying it. */
function entriesOf (value: unknown, field: string): Array<Record<string, unknown>> {
  if (value === undefined || value === null) return []
  const list = Array.isArray(value) ? value : isObject(value) ? Object.values(value).flat() : null
  if (list === null || list.some(v => !isObject(v))) throw wikibaseApiError('not-recognized-array', `"${field}" must be a list or map of objects.`, [field])
  return list as Array<Record<string, unknown>>
}

function termEntries (value: unknown, field: string): Array<{ language: string, value: string, remove: boolean, add: boolean }> {
  return entriesOf(value, field).map(entry => {
    if (typeof entry.language !== 'string') throw wikibaseApiError('missing-language', `An entry of "${field}" has no language.`)
    if ('value' in entry && typeof entry.value !== 'string') throw new ApiError('invalid-json', `The value of ${field}/${entry.language} must be a string.`)
    return { language: entry.language, value: typeof entry.value === 'string' ? entry.value : '', remove: 'remove' in entry, add: 'add' in entry }
  })
}

/**
 * wbeditentity's `data` applied to `entity` (a blank one of the same id and type when
 * `clear`): terms set or removed (`remove`, or an empty value), aliases set / added /
 * removed per language, sitelinks set or removed, statements added, replaced (same GUID) or
 * removed (`remove`).
 */
export function applyEntityData (current: WikibaseEntity, data: unknown, clear: boolean): WikibaseEntity {
  if (!isObject(data)) throw wikibaseApiError('invalid-json', 'The "data" parameter must be a JSON object.')
  for (const key of Object.keys(data)) {
    if (!DATA_KEYS.has(key)) throw wikibaseApiError('not-recognized', `Unknown key in json: ${key}`, [key])
  }
  if (data.type !== undefined && data.type !== current.type) throw paramInvalid(`The data is of type ${String(data.type)}, the entity of type ${current.type}.`)
  if (data.id !== undefined && current.id !== undefined && data.id !== current.id) throw paramInvalid(`The data is for ${String(data.id)}, not ${current.id}.`)
  const id = current.id ?? ''
  let entity: WikibaseEntity = clear
    ? { type: current.type, ...(current.id === undefined ? {} : { id: current.id }), ...(current.datatype === undefined ? {} : { datatype: current.datatype }),
        labels: {}, descriptions: {}, aliases: {}, claims: {}, ...(current.type === 'item' ? { sitelinks: {} } : {}) }
    : structuredClone(current)
  if (current.type === 'property' && typeof data.datatype === 'string') {
    if (current.datatype !== undefined && current.datatype !== data.datatype) throw paramInvalid('The datatype of a property cannot be changed.')
    entity.datatype = data.datatype
  }

  for (const field of ['labels', 'descriptions'] as const) {
    for (const term of termEntries(data[field], field)) entity = setTerm(entity, field, term.language, term.remove ? '' : term.value)
  }

  const aliasOps = new Map<string, AliasOps>()
  for (const term of termEntries(data.aliases, 'aliases')) {
    const ops = aliasOps.get(term.language) ?? {}
    const kind = term.remove ? 'remove' : term.add ? 'add' : 'set'
    ops[kind] = [...(ops[kind] ?? []), term.value]
    aliasOps.set(term.language, ops)
  }
  for (const [language, ops] of aliasOps) entity = setAliases(entity, language, ops)

  if (data.sitelinks !== undefined) {
    if (current.type !== 'item') throw paramInvalid(`${current.type} entities have no sitelinks.`)
    for (const link of entriesOf(data.sitelinks, 'sitelinks')) {
      if (typeof link.site !== 'string') throw wikibaseApiError('missing-site', 'A sitelink has no site.')
      const title = 'remove' in link ? '' : typeof link.title === 'string' ? link.title : ''
      const badges = Array.isArray(link.badges) ? link.badges.map(String) : undefined
      const exists = Object.hasOwn(entityMap(entity.sitelinks), link.site)
      if (title.trim() === '' && !exists) continue
      entity = setSiteLink(entity, link.site, title, badges)
    }
  }

  for (const raw of entriesOf(data.claims ?? data.statements, 'claims')) {
    if ('remove' in raw) {
      if (typeof raw.id !== 'string') throw invalidGuid('', 'A statement to remove needs its GUID')
      entity = removeStatements(entity, [raw.id])
      continue
    }
    const statement = normalizeStatement(raw, id === '' ? 'Q0' : id)
    entity = setStatement(entity, id === '' ? withoutGuid(statement) : statement)
  }
  return entity
}

/** New entities get their statement GUIDs from the store, which knows the id. */
function withoutGuid (statement: Statement): Statement {
  const { id: _id, ...rest } = statement
  return rest as Statement
}
