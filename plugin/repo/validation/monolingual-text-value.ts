import { isMonolingualTextLanguage } from '../entities/term-languages.js'
import { objectWithKeys } from './json-shape.js'
import { checkPlainString, checkText } from './string-rules.js'
import { UnknownLanguageError } from './validation-errors.js'

/**
 * A monolingual text value (ValidatorBuilders::buildMonolingualTextValidators): `text` by the
 * common string rules with `string-limits.VT:monolingualtext` (400), `language` one of the
 * repo's monolingual text languages. A `stored` text may have white space at either end (see
 * datavalue-validator.ts).
 */
const KEYS = new Set(['text', 'language'])

export function checkMonolingualTextValue (path: string, raw: unknown, limit: number, stored = false): void {
  const value = objectWithKeys(path, raw, KEYS, 'a monolingual text value {text, language}')
  const language = checkPlainString(`${path}/language`, value.language, 64)
  if (!isMonolingualTextLanguage(language)) throw new UnknownLanguageError(`${path}/language`, language)
  checkText(`${path}/text`, stored && typeof value.text === 'string' ? value.text.trim() : value.text, limit)
}
