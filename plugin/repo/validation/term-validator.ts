import { isDeepStrictEqual } from 'node:util'
import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { isTermLanguage } from '../entities/term-languages.js'
import { isObject, listAt, mapAt, objectWithKeys, own } from './json-shape.js'
import { checkPlainString, checkStorableString, checkText } from './string-rules.js'
import { LabelEqualsDescriptionError, UnknownLanguageError } from './validation-errors.js'

/**
 * Labels, descriptions and aliases (Wikibase's TermValidatorFactory): each term is
 * `{language, value}` under its language's key, the language one of the repo's term
 * languages (looked up in a Set, so `constructor` or `__proto__` are unknown), the value a
 * string by the common string rules with `string-limits.multilang` (250). A JSON number
 * such as `1e400` is not a string and is refused, not turned into "Infinity".
 * As Wikibase's change ops, the rules apply to terms a write adds or changes; terms left as
 * they were (`stored`) need only the format and storable strings, so lowering a limit does
 * not lock every entity that has a longer term.
 */
const TERM_KEYS = new Set(['language', 'value'])

export function checkLanguageCode (path: string, language: string): void {
  checkPlainString(path, language, 64)
  if (!isTermLanguage(language)) throw new UnknownLanguageError(path, language)
}

export function checkTerm (path: string, language: string, raw: unknown, limit: number, stored = false): void {
  if (!stored) checkLanguageCode(path, language)
  const term = objectWithKeys(path, raw, TERM_KEYS, 'a term {language, value}')
  if (term.language !== language) throw new InvalidEntityValueError(`${path}/language`, `must be ${JSON.stringify(language)} (the key it is listed under)`)
  if (!stored) checkText(`${path}/value`, term.value, limit)
  else if (typeof term.value !== 'string') throw new InvalidEntityValueError(`${path}/value`, 'must be a string', 'bad-type')
  else checkStorableString(`${path}/value`, term.value)
}

/** Whether `value` is what `before` holds under `key` (only asked after its shape passed). */
function unchanged (before: unknown, key: string, value: unknown): boolean {
  return isObject(before) && isDeepStrictEqual(own(before, key), value)
}

/** `labels` or `descriptions`: language → term. */
export function checkTermList (field: 'labels' | 'descriptions', raw: unknown, limit: number, before?: unknown): void {
  for (const [language, term] of Object.entries(mapAt(field, raw))) {
    checkTerm(`${field}/${language}`, language, term, limit, true)
    if (!unchanged(before, language, term)) checkTerm(`${field}/${language}`, language, term, limit)
  }
}

/** `aliases`: language → list of terms, no value twice. */
export function checkAliasGroups (raw: unknown, limit: number, before?: unknown): void {
  for (const [language, group] of Object.entries(mapAt('aliases', raw))) {
    const path = `aliases/${language}`
    const terms = listAt(path, group)
    terms.forEach((term, i) => { checkTerm(`${path}/${i}`, language, term, limit, true) })
    if (unchanged(before, language, group)) continue
    const seen = new Set<unknown>()
    terms.forEach((term, i) => {
      checkTerm(`${path}/${i}`, language, term, limit)
      const value = (term as { value: unknown }).value
      if (seen.has(value)) throw new InvalidEntityValueError(`${path}/${i}`, `repeats the alias ${JSON.stringify(value)}`)
      seen.add(value)
    })
  }
}

const termValue = (map: unknown, language: string): unknown => {
  const term = isObject(map) ? own(map, language) : undefined
  return isObject(term) ? term.value : undefined
}

/**
 * No language may have a label and a description with the same text (Wikibase's
 * LabelDescriptionNotEqualValidator, repo/includes/Validators/LabelDescriptionNotEqualValidator.php).
 * As the other term rules, it applies to languages whose label or description this write
 * adds or changes, so an imported entity that breaks it can still be edited elsewhere.
 */
export function checkLabelsDifferFromDescriptions (labels: unknown, descriptions: unknown, before?: { labels?: unknown, descriptions?: unknown }): void {
  if (!isObject(labels) || !isObject(descriptions)) return
  for (const language of Object.keys(labels)) {
    const label = termValue(labels, language)
    if (label === undefined || label !== termValue(descriptions, language)) continue
    if (before !== undefined && unchanged(before.labels, language, own(labels, language)) &&
      unchanged(before.descriptions, language, own(descriptions, language))) continue
    throw new LabelEqualsDescriptionError(`labels/${language}`, language)
  }
}
