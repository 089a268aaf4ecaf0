import { entityMap, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { checkLanguageCode } from '../validation/term-validator.js'

/**
 * The change ops of labels, descriptions and aliases (ChangeOpLabel, ChangeOpDescription,
 * ChangeOpAliases), as pure functions of the current canonical entity (a copy): like every
 * change op here, they return the changed entity and entity-editor.ts does the rest
 * (permissions, validation, revision, change).
 */

/** Sets (non-empty value) or removes (empty or absent value) the label/description in `language`. */
export function setTerm (entity: WikibaseEntity, field: 'labels' | 'descriptions', language: string, value: string | undefined): WikibaseEntity {
  // Checked before use as a key: `__proto__` would otherwise set the map's prototype.
  checkLanguageCode(`${field}/${language}`, language)
  const terms = { ...entityMap(entity[field]) }
  const text = value?.trim() ?? ''
  if (text === '') delete terms[language]
  else terms[language] = { language, value: text }
  return { ...entity, [field]: terms }
}

export interface AliasOps { set?: string[], add?: string[], remove?: string[] }

export function setAliases (entity: WikibaseEntity, language: string, ops: AliasOps): WikibaseEntity {
  checkLanguageCode(`aliases/${language}`, language)
  const aliases = { ...entityMap(entity.aliases) }
  let values = ops.set !== undefined ? [] : (aliases[language] ?? []).map(t => t.value)
  const clean = (list: string[] | undefined): string[] => (list ?? []).map(v => v.trim()).filter(v => v !== '')
  for (const value of clean(ops.set)) if (!values.includes(value)) values.push(value)
  for (const value of clean(ops.add)) if (!values.includes(value)) values.push(value)
  const removed = new Set(clean(ops.remove))
  values = values.filter(v => !removed.has(v))
  if (values.length === 0) delete aliases[language]
  else aliases[language] = values.map(value => ({ language, value }))
  return { ...entity, aliases }
}
