import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { checkEntity } from '../../../../plugin/repo/validation/entity-validator.js'
import { WIKIBASE_VALIDATION_DEFAULTS, type EntityValidationSettings } from '../../../../plugin/repo/validation/validation-settings.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import { ENTITY_DIR } from '../../../support/repo-test-wiki.js'

/**
 * The entity validator as a table: each hostile input of issue 13 (5, 7) and its class,
 * refused with the field named; each valid neighbour accepted. Then every real entity of
 * the fixtures and the example wiki's seed passes, as imported and as an unchanged edit.
 */
const DATATYPES = new Map([
  ['P1', 'string'], ['P2', 'url'], ['P3', 'commonsMedia'], ['P4', 'time'], ['P5', 'quantity'], ['P6', 'globe-coordinate'],
  ['P7', 'wikibase-item'], ['P8', 'monolingualtext'], ['P9', 'external-id'], ['P10', 'geo-shape'], ['P11', 'tabular-data'], ['P12', 'wikibase-form']
])
const GUID = 'Q1$5627445F-43CB-ED6D-3644-5DB9E1577C6A'
const CALENDAR = 'http://www.wikidata.org/entity/Q1985727'

const item = (rest: Record<string, unknown> = {}): WikibaseEntity => ({ type: 'item', id: 'Q1', labels: { en: { language: 'en', value: 'Berlin' } }, ...rest })
const statement = (property: string, datavalue: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ mainsnak: { snaktype: 'value', property, datavalue, ...extra }, type: 'statement', id: GUID, rank: 'normal' })
const withValue = (property: string, type: string, value: unknown): WikibaseEntity => item({ claims: { [property]: [statement(property, { type, value })] } })
const time = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ time: '+2013-01-31T00:00:00Z', timezone: 0, before: 0, after: 0, precision: 11, calendarmodel: CALENDAR, ...over })
const globe = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ latitude: 52.5, longitude: 13.4, altitude: null, precision: 0.0001, globe: 'http://www.wikidata.org/entity/Q2', ...over })
const entityId = (value: Record<string, unknown>): WikibaseEntity => withValue('P7', 'wikibase-entityid', value)
const sitelink = (title: unknown): WikibaseEntity => item({ sitelinks: { enwiki: { site: 'enwiki', title, badges: [] } } })
const label = (value: unknown, language = 'en'): WikibaseEntity => item({ labels: { [language]: { language, value } } })
const nested = (depth: number): unknown => { let v: unknown = 'x'; for (let i = 0; i < depth; i++) v = { a: v }; return v }

function refusal (entity: WikibaseEntity, settings: EntityValidationSettings = WIKIBASE_VALIDATION_DEFAULTS, importing = false): unknown {
  try { checkEntity(null, entity, DATATYPES, settings, importing) } catch (error) { return error }
  return null
}

const P = 'statements/P1/0/mainsnak/datavalue/value'
type Case = [string, WikibaseEntity, { name: string, path: string, validatorCode?: string }]
const refused: Case[] = [
  // terms (Wikibase TermValidatorFactory): strings of 1..250 characters, no line breaks, tabs, controls or padding
  ['label of 251 characters', label('x'.repeat(251)), { name: 'ValueTooLongError', path: 'labels/en/value' }],
  ['label of 100,000 characters', label('x'.repeat(100_000)), { name: 'ValueTooLongError', path: 'labels/en/value' }],
  ['empty label', label(''), { name: 'InvalidEntityValueError', path: 'labels/en/value', validatorCode: 'too-short' }],
  ['label with a line break', label('Ber\nlin'), { name: 'InvalidEntityValueError', path: 'labels/en/value' }],
  ['label with a tab', label('Ber\tlin'), { name: 'InvalidEntityValueError', path: 'labels/en/value' }],
  ['label with a C1 control (NEL)', label('Ber\u0085lin'), { name: 'InvalidEntityValueError', path: 'labels/en/value' }],
  ['label with a BEL control', label('Ber\u0007lin'), { name: 'InvalidEntityValueError', path: 'labels/en/value' }],
  ['label with a line separator', label('Ber\u2028lin'), { name: 'InvalidEntityValueError', path: 'labels/en/value' }],
  ['label with a NUL', label('pays\u0000'), { name: 'InvalidEntityValueError', path: 'labels/en/value', validatorCode: 'malformed-value' }],
  ['label with a lone low surrogate', label('\udc00'), { name: 'InvalidEntityValueError', path: 'labels/en/value', validatorCode: 'malformed-value' }],
  ['label with a lone high surrogate', label('a\ud800b'), { name: 'InvalidEntityValueError', path: 'labels/en/value' }],
  ['label with leading white space', label(' Berlin'), { name: 'InvalidEntityValueError', path: 'labels/en/value' }],
  ['label that is a number (1e400 parses as Infinity)', label(JSON.parse('1e400')), { name: 'InvalidEntityValueError', path: 'labels/en/value', validatorCode: 'bad-type' }],
  ['label that is null', label(null), { name: 'InvalidEntityValueError', path: 'labels/en/value' }],
  ['label in language constructor', label('x', 'constructor'), { name: 'UnknownLanguageError', path: 'labels/constructor' }],
  ['label in language toString', label('x', 'toString'), { name: 'UnknownLanguageError', path: 'labels/toString' }],
  ['label in language hasOwnProperty', label('x', 'hasOwnProperty'), { name: 'UnknownLanguageError', path: 'labels/hasOwnProperty' }],
  ['label in language __proto__ (own key, as JSON.parse makes it)', item({ labels: JSON.parse('{"__proto__":{"language":"__proto__","value":"x"}}') }), { name: 'UnknownLanguageError', path: 'labels/__proto__' }],
  ['description in an unknown language', item({ descriptions: { zz: { language: 'zz', value: 'x' } } }), { name: 'UnknownLanguageError', path: 'descriptions/zz' }],
  ['term listed under another language', item({ labels: { en: { language: 'de', value: 'x' } } }), { name: 'InvalidEntityValueError', path: 'labels/en/language' }],
  ['term with an unknown key', item({ labels: { en: { language: 'en', value: 'x', extra: nested(2500) } } }), { name: 'UnknownKeyError', path: 'labels/en/extra' }],
  ['alias twice', item({ aliases: { en: [{ language: 'en', value: 'B' }, { language: 'en', value: 'B' }] } }), { name: 'InvalidEntityValueError', path: 'aliases/en/1' }],
  ['aliases not a list', item({ aliases: { en: { language: 'en', value: 'B' } } }), { name: 'InvalidEntityValueError', path: 'aliases/en' }],
  // entity and property datatype
  ['unknown top-level key', item({ foo: 1 }), { name: 'UnknownKeyError', path: 'foo' }],
  ['property datatype <script>', { type: 'property', id: 'P1', datatype: '<script>' }, { name: 'InvalidEntityValueError', path: 'datatype' }],
  ['property datatype constructor', { type: 'property', id: 'P1', datatype: 'constructor' }, { name: 'InvalidEntityValueError', path: 'datatype' }],
  ['property without datatype', { type: 'property', id: 'P1' }, { name: 'InvalidEntityValueError', path: 'datatype' }],
  ['item id Q0', item({ id: 'Q0' }), { name: 'InvalidEntityValueError', path: 'id' }],
  ['lexeme type', { type: 'lexeme', id: 'L1' }, { name: 'InvalidEntityValueError', path: 'type' }],
  // statements, snaks, references: exactly Wikibase's keys
  ['statement with an unknown key nested 2,500 deep', item({ claims: { P1: [{ ...statement('P1', { type: 'string', value: 'x' }), foo: nested(2500) }] } }), { name: 'UnknownKeyError', path: 'statements/P1/0/foo' }],
  ['snak with an unknown key', item({ claims: { P1: [statement('P1', { type: 'string', value: 'x' }, { foo: 1 })] } }), { name: 'UnknownKeyError', path: 'statements/P1/0/mainsnak/foo' }],
  ['datavalue with an unknown key', item({ claims: { P1: [statement('P1', { type: 'string', value: 'x', foo: nested(3) })] } }), { name: 'UnknownKeyError', path: 'statements/P1/0/mainsnak/datavalue/foo' }],
  ['reference with an unknown key', item({ claims: { P1: [{ ...statement('P1', { type: 'string', value: 'x' }), references: [{ snaks: {}, foo: [] }] }] } }), { name: 'UnknownKeyError', path: 'statements/P1/0/references/0/foo' }],
  ['time value with an unknown key', withValue('P4', 'time', time({ foo: 1 })), { name: 'UnknownKeyError', path: 'statements/P4/0/mainsnak/datavalue/value/foo' }],
  ['snak datatype <script>', item({ claims: { P1: [statement('P1', { type: 'string', value: 'x' }, { datatype: '<script>' })] } }), { name: 'InvalidEntityValueError', path: 'statements/P1/0/mainsnak/datatype' }],
  ['snak datatype other than the property\'s', item({ claims: { P1: [statement('P1', { type: 'string', value: 'x' }, { datatype: 'url' })] } }), { name: 'InvalidEntityValueError', path: 'statements/P1/0/mainsnak/datatype' }],
  ['unknown datavalue type', withValue('P1', 'constructor', 'x'), { name: 'InvalidEntityValueError', path: 'statements/P1/0/mainsnak/datavalue/type' }],
  ['datavalue type the datatype does not take', withValue('P7', 'string', 'Q5'), { name: 'InvalidEntityValueError', path: 'statements/P7/0/mainsnak/datavalue' }],
  ['statement listed under another property', item({ claims: { P2: [statement('P1', { type: 'string', value: 'x' })] } }), { name: 'InvalidEntityValueError', path: 'statements/P2/0/mainsnak/property' }],
  ['malformed statement GUID', item({ claims: { P1: [{ ...statement('P1', { type: 'string', value: 'x' }), id: 'Q1$nope' }] } }), { name: 'InvalidEntityValueError', path: 'statements/P1/0/id' }],
  ['novalue snak with a datavalue', item({ claims: { P1: [{ ...statement('P1', { type: 'string', value: 'x' }), mainsnak: { snaktype: 'novalue', property: 'P1', datavalue: { type: 'string', value: 'x' } } }] } }), { name: 'InvalidEntityValueError', path: 'statements/P1/0/mainsnak/datavalue' }],
  // string values (ValidatorBuilders getCommonStringValidators, string-limits VT:string 400)
  ['string of 401 characters', withValue('P1', 'string', 'x'.repeat(401)), { name: 'ValueTooLongError', path: P }],
  ['string of 100,000 characters', withValue('P1', 'string', 'x'.repeat(100_000)), { name: 'ValueTooLongError', path: P }],
  ['string with a line break', withValue('P1', 'string', 'a\nb'), { name: 'InvalidEntityValueError', path: P }],
  ['string with a NUL', withValue('P1', 'string', 'a\u0000'), { name: 'InvalidEntityValueError', path: P }],
  ['external id with a tab', withValue('P9', 'string', 'a\tb'), { name: 'InvalidEntityValueError', path: 'statements/P9/0/mainsnak/datavalue/value' }],
  ['string value that is a number', withValue('P1', 'string', 5), { name: 'InvalidEntityValueError', path: P }],
  // URLs (urlSchemes, Parser::EXT_LINK_URL_CLASS, PT:url 500 bytes)
  ['javascript: URL', withValue('P2', 'string', 'javascript:alert(7)'), { name: 'InvalidEntityValueError', path: 'statements/P2/0/mainsnak/datavalue/value', validatorCode: 'bad-url-scheme' }],
  ['javascript: URL with newlines and wikitext', withValue('P2', 'string', 'javascript:alert(7)\n== Heading ==\n[[Main Page]]'), { name: 'InvalidEntityValueError', path: 'statements/P2/0/mainsnak/datavalue/value', validatorCode: 'bad-url-scheme' }],
  ['https URL with a newline and wikitext', withValue('P2', 'string', 'https://example.org/\n== Heading =='), { name: 'InvalidEntityValueError', path: 'statements/P2/0/mainsnak/datavalue/value', validatorCode: 'bad-url' }],
  ['URL with [ ]', withValue('P2', 'string', 'https://example.org/ Click]'), { name: 'InvalidEntityValueError', path: 'statements/P2/0/mainsnak/datavalue/value', validatorCode: 'bad-url' }],
  ['URL with a quote', withValue('P2', 'string', 'https://example.org/"onmouseover="x'), { name: 'InvalidEntityValueError', path: 'statements/P2/0/mainsnak/datavalue/value', validatorCode: 'bad-url' }],
  ['data: URL', withValue('P2', 'string', 'data:text/html,<script>x</script>'), { name: 'InvalidEntityValueError', path: 'statements/P2/0/mainsnak/datavalue/value', validatorCode: 'bad-url-scheme' }],
  ['protocol-relative URL', withValue('P2', 'string', '//example.org/x'), { name: 'InvalidEntityValueError', path: 'statements/P2/0/mainsnak/datavalue/value', validatorCode: 'bad-url' }],
  ['URL of 501 bytes', withValue('P2', 'string', `https://example.org/${'x'.repeat(481)}`), { name: 'ValueTooLongError', path: 'statements/P2/0/mainsnak/datavalue/value' }],
  ['URL of 252 characters, 502 bytes', withValue('P2', 'string', `https://e.org/${'é'.repeat(244)}`), { name: 'ValueTooLongError', path: 'statements/P2/0/mainsnak/datavalue/value' }],
  // commonsMedia, geo-shape, tabular-data (buildMediaValidators: 240, no # / : [ \ ] { | }, an extension)
  ['commonsMedia with wikitext', withValue('P3', 'string', 'x.jpg]] [http://evil.example/p Click] [[Main Page'), { name: 'InvalidEntityValueError', path: 'statements/P3/0/mainsnak/datavalue/value', validatorCode: 'illegal-file-chars' }],
  ['commonsMedia without an extension', withValue('P3', 'string', 'Berlin'), { name: 'InvalidEntityValueError', path: 'statements/P3/0/mainsnak/datavalue/value', validatorCode: 'illegal-file-chars' }],
  ['commonsMedia with < >', withValue('P3', 'string', '<b>x</b>.jpg'), { name: 'InvalidEntityValueError', path: 'statements/P3/0/mainsnak/datavalue/value', validatorCode: 'illegal-file-chars' }],
  ['commonsMedia with |', withValue('P3', 'string', 'a|b.jpg'), { name: 'InvalidEntityValueError', path: 'statements/P3/0/mainsnak/datavalue/value' }],
  ['commonsMedia with a line break', withValue('P3', 'string', 'a\n.jpg'), { name: 'InvalidEntityValueError', path: 'statements/P3/0/mainsnak/datavalue/value' }],
  ['commonsMedia of 241 characters', withValue('P3', 'string', `${'a'.repeat(237)}.jpg`), { name: 'ValueTooLongError', path: 'statements/P3/0/mainsnak/datavalue/value' }],
  ['geo-shape outside Data:', withValue('P10', 'string', 'Berlin.map'), { name: 'InvalidEntityValueError', path: 'statements/P10/0/mainsnak/datavalue/value' }],
  ['tabular data with [[', withValue('P11', 'string', 'Data:[[x]].tab'), { name: 'InvalidEntityValueError', path: 'statements/P11/0/mainsnak/datavalue/value' }],
  // time (DataValues TimeValue; ValidatorBuilders buildTimeValidators)
  ['time of 80,000 digits', withValue('P4', 'time', time({ time: `+${'9'.repeat(80_000)}-01-01T00:00:00Z` })), { name: 'InvalidDataValueError', path: 'statements/P4/0/mainsnak/datavalue/value/time' }],
  ['time with a 17-digit year', withValue('P4', 'time', time({ time: `+${'1'.repeat(17)}-00-00T00:00:00Z`, precision: 0 })), { name: 'InvalidDataValueError', path: 'statements/P4/0/mainsnak/datavalue/value/time' }],
  ['time with month 13', withValue('P4', 'time', time({ time: '+2013-13-01T00:00:00Z' })), { name: 'InvalidDataValueError', path: 'statements/P4/0/mainsnak/datavalue/value/time' }],
  ['time with a day but no month', withValue('P4', 'time', time({ time: '+2013-00-05T00:00:00Z' })), { name: 'InvalidDataValueError', path: 'statements/P4/0/mainsnak/datavalue/value/time' }],
  ['time with a time of day', withValue('P4', 'time', time({ time: '+2013-01-31T12:00:00Z' })), { name: 'InvalidEntityValueError', path: 'statements/P4/0/mainsnak/datavalue/value/time' }],
  ['time not a string', withValue('P4', 'time', time({ time: 2013 })), { name: 'InvalidDataValueError', path: 'statements/P4/0/mainsnak/datavalue/value/time' }],
  ['time precision 12 (hour)', withValue('P4', 'time', time({ precision: 12 })), { name: 'InvalidEntityValueError', path: 'statements/P4/0/mainsnak/datavalue/value/precision', validatorCode: 'out-of-range' }],
  ['time precision 15', withValue('P4', 'time', time({ precision: 15 })), { name: 'InvalidDataValueError', path: 'statements/P4/0/mainsnak/datavalue/value/precision' }],
  ['time precision -1', withValue('P4', 'time', time({ precision: -1 })), { name: 'InvalidDataValueError', path: 'statements/P4/0/mainsnak/datavalue/value/precision' }],
  ['time with an unknown calendar model', withValue('P4', 'time', time({ calendarmodel: 'http://www.wikidata.org/entity/Q1' })), { name: 'InvalidEntityValueError', path: 'statements/P4/0/mainsnak/datavalue/value/calendarmodel' }],
  ['time with a calendar model that is not a URI', withValue('P4', 'time', time({ calendarmodel: 'Q1985727' })), { name: 'InvalidEntityValueError', path: 'statements/P4/0/mainsnak/datavalue/value/calendarmodel' }],
  ['time without before', withValue('P4', 'time', (({ before: _b, ...rest }) => rest)(time())), { name: 'InvalidDataValueError', path: 'statements/P4/0/mainsnak/datavalue/value/before' }],
  ['time with a negative after', withValue('P4', 'time', time({ after: -1 })), { name: 'InvalidDataValueError', path: 'statements/P4/0/mainsnak/datavalue/value/after' }],
  ['time with a timezone out of bounds', withValue('P4', 'time', time({ timezone: 15 * 3600 })), { name: 'InvalidDataValueError', path: 'statements/P4/0/mainsnak/datavalue/value/timezone' }],
  // quantity (DataValues DecimalValue / QuantityValue; ValidatorBuilders buildQuantityValidators)
  ['amount 1e400 as a number (Infinity)', withValue('P5', 'quantity', { amount: JSON.parse('1e400'), unit: '1' }), { name: 'InvalidDataValueError', path: 'statements/P5/0/mainsnak/datavalue/value/amount' }],
  ['amount "1e400"', withValue('P5', 'quantity', { amount: '1e400', unit: '1' }), { name: 'InvalidDataValueError', path: 'statements/P5/0/mainsnak/datavalue/value/amount' }],
  ['amount "+1e400"', withValue('P5', 'quantity', { amount: '+1e400', unit: '1' }), { name: 'InvalidDataValueError', path: 'statements/P5/0/mainsnak/datavalue/value/amount' }],
  ['amount with a leading zero', withValue('P5', 'quantity', { amount: '+01', unit: '1' }), { name: 'InvalidDataValueError', path: 'statements/P5/0/mainsnak/datavalue/value/amount' }],
  ['amount of 128 characters', withValue('P5', 'quantity', { amount: `+${'1'.repeat(127)}`, unit: '1' }), { name: 'InvalidDataValueError', path: 'statements/P5/0/mainsnak/datavalue/value/amount' }],
  ['upper bound without a lower bound', withValue('P5', 'quantity', { amount: '+1', unit: '1', upperBound: '+2' }), { name: 'InvalidDataValueError', path: 'statements/P5/0/mainsnak/datavalue/value/lowerBound' }],
  ['lower bound above the amount', withValue('P5', 'quantity', { amount: '-1.5', unit: '1', lowerBound: '-1.4', upperBound: '+2' }), { name: 'InvalidDataValueError', path: 'statements/P5/0/mainsnak/datavalue/value/lowerBound' }],
  ['upper bound below the amount', withValue('P5', 'quantity', { amount: '+10', unit: '1', lowerBound: '+9', upperBound: '+9.99' }), { name: 'InvalidDataValueError', path: 'statements/P5/0/mainsnak/datavalue/value/upperBound' }],
  ['unit that is not a URI', withValue('P5', 'quantity', { amount: '+1', unit: 'Q11573' }), { name: 'InvalidEntityValueError', path: 'statements/P5/0/mainsnak/datavalue/value/unit' }],
  ['unit javascript:', withValue('P5', 'quantity', { amount: '+1', unit: 'javascript:alert(1)//Q1' }), { name: 'InvalidEntityValueError', path: 'statements/P5/0/mainsnak/datavalue/value/unit' }],
  ['unit naming no item', withValue('P5', 'quantity', { amount: '+1', unit: 'http://www.wikidata.org/entity/Q0' }), { name: 'InvalidEntityValueError', path: 'statements/P5/0/mainsnak/datavalue/value/unit' }],
  // globe coordinates (DataValues/Geo; buildCoordinateValidators)
  ['latitude 400', withValue('P6', 'globecoordinate', globe({ latitude: 400 })), { name: 'InvalidDataValueError', path: 'statements/P6/0/mainsnak/datavalue/value/latitude' }],
  ['longitude 1e400 (Infinity)', withValue('P6', 'globecoordinate', globe({ longitude: JSON.parse('1e400') })), { name: 'InvalidDataValueError', path: 'statements/P6/0/mainsnak/datavalue/value/longitude' }],
  ['latitude as a string', withValue('P6', 'globecoordinate', globe({ latitude: '52' })), { name: 'InvalidDataValueError', path: 'statements/P6/0/mainsnak/datavalue/value/latitude' }],
  ['precision 1000', withValue('P6', 'globecoordinate', globe({ precision: 1000 })), { name: 'InvalidDataValueError', path: 'statements/P6/0/mainsnak/datavalue/value/precision' }],
  ['globe outside Wikidata\'s concept URIs', withValue('P6', 'globecoordinate', globe({ globe: 'http://evil.example/entity/Q2' })), { name: 'InvalidEntityValueError', path: 'statements/P6/0/mainsnak/datavalue/value/globe' }],
  // entity ids (data-model ItemId: positive, no leading zeros, at most 2147483647)
  ['item id Q0 as a value', entityId({ 'entity-type': 'item', id: 'Q0' }), { name: 'InvalidDataValueError', path: 'statements/P7/0/mainsnak/datavalue/value/id' }],
  ['numeric-id 0', entityId({ 'entity-type': 'item', 'numeric-id': 0 }), { name: 'InvalidDataValueError', path: 'statements/P7/0/mainsnak/datavalue/value/numeric-id' }],
  ['item id with a leading zero', entityId({ 'entity-type': 'item', id: 'Q05' }), { name: 'InvalidDataValueError', path: 'statements/P7/0/mainsnak/datavalue/value/id' }],
  ['item id beyond 2147483647', entityId({ 'entity-type': 'item', id: 'Q2147483648' }), { name: 'InvalidDataValueError', path: 'statements/P7/0/mainsnak/datavalue/value/id' }],
  ['numeric-id not matching the id', entityId({ 'entity-type': 'item', 'numeric-id': 6, id: 'Q5' }), { name: 'InvalidDataValueError', path: 'statements/P7/0/mainsnak/datavalue/value/numeric-id' }],
  ['entity type constructor', entityId({ 'entity-type': 'constructor', id: 'Q5' }), { name: 'InvalidDataValueError', path: 'statements/P7/0/mainsnak/datavalue/value/entity-type' }],
  ['a property as a wikibase-item value', entityId({ 'entity-type': 'property', id: 'P5', 'numeric-id': 5 }), { name: 'InvalidEntityValueError', path: 'statements/P7/0/mainsnak/datavalue/value/entity-type' }],
  ['form id L1-F0', withValue('P12', 'wikibase-entityid', { 'entity-type': 'form', id: 'L1-F0' }), { name: 'InvalidDataValueError', path: 'statements/P12/0/mainsnak/datavalue/value/id' }],
  // monolingual text
  ['monolingual text in language constructor', withValue('P8', 'monolingualtext', { text: 'x', language: 'constructor' }), { name: 'UnknownLanguageError', path: 'statements/P8/0/mainsnak/datavalue/value/language' }],
  ['monolingual text of 401 characters', withValue('P8', 'monolingualtext', { text: 'x'.repeat(401), language: 'en' }), { name: 'ValueTooLongError', path: 'statements/P8/0/mainsnak/datavalue/value/text' }],
  ['monolingual text with a line break', withValue('P8', 'monolingualtext', { text: 'a\nb', language: 'en' }), { name: 'InvalidEntityValueError', path: 'statements/P8/0/mainsnak/datavalue/value/text' }],
  // sitelinks ($wgLegalTitleChars, MediaWikiTitleCodec)
  ...['<b>', 'a[[b', 'a{{b}}', 'a|b', 'a#b', 'a%41b', 'a&amp;b', 'a\nb', ' Berlin', 'a\u0000b'].map((title): Case =>
    [`sitelink title ${JSON.stringify(title)}`, sitelink(title), { name: 'InvalidEntityValueError', path: 'sitelinks/enwiki/title' }]),
  ['sitelink title that is a number', sitelink(5), { name: 'InvalidEntityValueError', path: 'sitelinks/enwiki/title' }],
  ['sitelink with an unknown key', item({ sitelinks: { enwiki: { site: 'enwiki', title: 'B', badges: [], evil: nested(10) } } }), { name: 'UnknownKeyError', path: 'sitelinks/enwiki/evil' }],
  ['badge Q0', item({ sitelinks: { enwiki: { site: 'enwiki', title: 'B', badges: ['Q0'] } } }), { name: 'InvalidEntityValueError', path: 'sitelinks/enwiki/badges/0' }],
  ['sitelinks on a property', { type: 'property', id: 'P1', datatype: 'string', sitelinks: { enwiki: { site: 'enwiki', title: 'B', badges: [] } } }, { name: 'InvalidEntityValueError', path: 'sitelinks' }]
]

t.test('refused, naming the field', async t => {
  for (const [name, entity, expected] of refused) t.match(refusal(entity), expected, name)
})

const accepted: Array<[string, WikibaseEntity]> = [
  ['label of 250 characters', label('x'.repeat(250))],
  ['label of 250 astral characters (code points, as mb_strlen)', label('😀'.repeat(250))],
  ['label with inner spaces and punctuation', label('Côte d\'Ivoire & Co <b>')],
  ['label in mul', label('Berlin', 'mul')],
  ['label in de-formal', label('Berlin', 'de-formal')],
  ['string of 400 characters', withValue('P1', 'string', 'x'.repeat(400))],
  ['https URL', withValue('P2', 'string', 'https://example.org/a_(b)?c=1&d=%20#e')],
  ['mailto URL', withValue('P2', 'string', 'mailto:info@example.org')],
  ['ircs URL', withValue('P2', 'string', 'ircs://irc.libera.chat/wikidata')],
  ['URL of 500 bytes', withValue('P2', 'string', `https://example.org/${'x'.repeat(480)}`)],
  ['URL with non-ASCII letters', withValue('P2', 'string', 'https://de.wikipedia.org/wiki/Köln')],
  ['commonsMedia file', withValue('P3', 'string', 'Brandenburger Tor abends (2019).jpg')],
  ['commonsMedia with a two-character extension', withValue('P3', 'string', 'Logo.ai')],
  ['commonsMedia of 240 characters', withValue('P3', 'string', `${'a'.repeat(236)}.jpg`)],
  ['geo-shape page with a slash', withValue('P10', 'string', 'Data:Neighbourhoods/New York City.map')],
  ['tabular data page', withValue('P11', 'string', 'Data:Population.tab')],
  ['time to the day', withValue('P4', 'time', time())],
  ['time of a year, Julian', withValue('P4', 'time', time({ time: '-0500-00-00T00:00:00Z', precision: 9, calendarmodel: 'http://www.wikidata.org/entity/Q1985786' }))],
  ['time of a billion years with 16 digits', withValue('P4', 'time', time({ time: '+1234567890123456-00-00T00:00:00Z', precision: 0 }))],
  ['amount with bounds', withValue('P5', 'quantity', { amount: '-1.5', unit: 'http://www.wikidata.org/entity/Q11573', upperBound: '-1.4', lowerBound: '-1.6' })],
  ['amount of 127 characters', withValue('P5', 'quantity', { amount: `+${'1'.repeat(126)}`, unit: '1' })],
  ['amount zero', withValue('P5', 'quantity', { amount: '+0', unit: '1' })],
  ['coordinates', withValue('P6', 'globecoordinate', globe())],
  ['coordinates without precision, on the Moon', withValue('P6', 'globecoordinate', globe({ precision: null, globe: 'http://www.wikidata.org/entity/Q405' }))],
  ['item value by numeric id', entityId({ 'entity-type': 'item', 'numeric-id': 5 })],
  ['item value Q2147483647', entityId({ 'entity-type': 'item', id: 'Q2147483647', 'numeric-id': 2147483647 })],
  ['form value', withValue('P12', 'wikibase-entityid', { 'entity-type': 'form', id: 'L1-F2' })],
  ['monolingual text in und', withValue('P8', 'monolingualtext', { text: 'x', language: 'und' })],
  ...['Berlin', 'AT&T', '100%', 'C++', 'Talk:Foo/bar', 'Côte d\'Ivoire', 'Sankt Petersburg (Begriffsklärung)'].map((title): [string, WikibaseEntity] => [`sitelink title ${title}`, sitelink(title)]),
  ['property', { type: 'property', id: 'P1', datatype: 'external-id', labels: { en: { language: 'en', value: 'ISNI' } } }],
  ['PHP\'s empty arrays for empty maps', { type: 'item', id: 'Q1', labels: [], descriptions: [], aliases: [], claims: [], sitelinks: [] }]
]

t.test('valid neighbours pass', async t => {
  for (const [name, entity] of accepted) t.equal(refusal(entity), null, name)
})

t.test('settings: urlSchemes and string-limits are the repo\'s', async t => {
  const httpsOnly = { ...WIKIBASE_VALIDATION_DEFAULTS, urlSchemes: ['https'] }
  t.match(refusal(withValue('P2', 'string', 'http://example.org/'), httpsOnly), { validatorCode: 'bad-url-scheme' })
  t.equal(refusal(withValue('P2', 'string', 'https://example.org/'), httpsOnly), null)
  const limits = WIKIBASE_VALIDATION_DEFAULTS.stringLimits
  t.match(refusal(label('Berlin'), { ...WIKIBASE_VALIDATION_DEFAULTS, stringLimits: { ...limits, multilang: 5 } }), { name: 'ValueTooLongError', context: { limit: 5 } })
  t.match(refusal(withValue('P1', 'string', 'abcd'), { ...WIKIBASE_VALIDATION_DEFAULTS, stringLimits: { ...limits, string: 3 } }), { name: 'ValueTooLongError', context: { limit: 3 } })
})

t.test('stored values: padding tolerated (Wikidata has URLs ending in a line break), nothing else', async t => {
  const padded = withValue('P2', 'string', 'http://example.org/x\n')
  t.match(refusal(padded), { validatorCode: 'bad-url' }, 'a new padded URL is refused')
  t.equal(refusal(padded, WIKIBASE_VALIDATION_DEFAULTS, true), null, 'an imported one is not')
  t.doesNotThrow(() => checkEntity(padded, padded, DATATYPES, WIKIBASE_VALIDATION_DEFAULTS), 'nor one an edit leaves as it was')
  t.match(refusal(withValue('P2', 'string', 'javascript:alert(7)\n'), WIKIBASE_VALIDATION_DEFAULTS, true), { validatorCode: 'bad-url-scheme' }, 'an imported javascript: URL is refused')
  t.match(refusal(withValue('P2', 'string', 'http://x.org/\u0000'), WIKIBASE_VALIDATION_DEFAULTS, true), { validatorCode: 'malformed-value' }, 'a NUL is refused even at the end')
  t.match(refusal(withValue('P3', 'string', 'x.jpg]] [http://evil.example/p Click] [[Main Page'), WIKIBASE_VALIDATION_DEFAULTS, true), { validatorCode: 'illegal-file-chars' })
  const stale = item({ claims: { P9: [statement('P9', { type: 'string', value: 'x' }, { datatype: 'string' })] } })
  t.equal(refusal(stale, WIKIBASE_VALIDATION_DEFAULTS, true), null, 'an imported snak may carry the datatype its property had (string before external-id)')
  t.match(refusal(stale), { path: 'statements/P9/0/mainsnak/datatype' }, 'a new one may not')
  const changed = withValue('P2', 'string', 'http://example.org/y\n')
  t.match((() => { try { checkEntity(padded, changed, DATATYPES, WIKIBASE_VALIDATION_DEFAULTS) } catch (e) { return e } })(), { validatorCode: 'bad-url' }, 'a changed statement is new')
})

t.test('terms an edit leaves as they were need only the format: a lowered limit locks no entity', async t => {
  const stored = label('x'.repeat(300))
  const edited = { ...stored, descriptions: { en: { language: 'en', value: 'city' } } }
  t.doesNotThrow(() => checkEntity(stored, edited, DATATYPES, WIKIBASE_VALIDATION_DEFAULTS), 'a description added beside a 300-character label')
  t.match((() => { try { checkEntity(stored, label('y'.repeat(300)), DATATYPES, WIKIBASE_VALIDATION_DEFAULTS) } catch (e) { return e } })(), { name: 'ValueTooLongError', path: 'labels/en/value' }, 'a changed label gets every rule')
  t.match((() => { try { checkEntity(stored, label('x'.repeat(300) + '\u0000'), DATATYPES, WIKIBASE_VALIDATION_DEFAULTS) } catch (e) { return e } })(), { path: 'labels/en/value' })
  const nul = label('a\u0000')
  t.match((() => { try { checkEntity(nul, nul, DATATYPES, WIKIBASE_VALIDATION_DEFAULTS) } catch (e) { return e } })(), { validatorCode: 'malformed-value' }, 'a stored NUL is still refused')
})

t.test('every real entity of the fixtures and the example wiki seed validates, imported and edited', async t => {
  const dirs = [ENTITY_DIR, new URL('../../../../example-wiki/seed/entities/', import.meta.url).pathname]
  let count = 0
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter(f => f.endsWith('.json'))) {
      const json = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as { entities?: Record<string, WikibaseEntity> } & WikibaseEntity
      for (const entity of json.entities === undefined ? [json] : Object.values(json.entities)) {
        const datatypes = new Map<string, string>()
        t.doesNotThrow(() => checkEntity(null, entity, datatypes, WIKIBASE_VALIDATION_DEFAULTS, true), `${file} imports`)
        t.doesNotThrow(() => checkEntity(entity, structuredClone(entity), datatypes, WIKIBASE_VALIDATION_DEFAULTS), `${file} can be edited`)
        count++
      }
    }
  }
  t.ok(count >= 190, `${count} entities`)
})

t.test('a label equal to the description in the same language: refused when written, kept when imported or untouched', async t => {
  const both = (label: string, description: string, language = 'en'): WikibaseEntity =>
    item({ labels: { [language]: { language, value: label } }, descriptions: { [language]: { language, value: description } } })
  const cases: Array<[string, WikibaseEntity | null, WikibaseEntity, boolean, string | null]> = [
    ['new entity, same text', null, both('Berlin', 'Berlin'), false, 'label-description-same-value'],
    ['new entity, other text', null, both('Berlin', 'capital'), false, null],
    ['same text in different languages', null, item({ descriptions: { de: { language: 'de', value: 'Berlin' } } }), false, null],
    ['import, same text', null, both('Berlin', 'Berlin'), true, null],
    ['edit keeps an old equal pair', both('Berlin', 'Berlin'), both('Berlin', 'Berlin'), false, null],
    ['edit makes the description equal', both('Berlin', 'capital'), both('Berlin', 'Berlin'), false, 'label-description-same-value']
  ]
  for (const [name, before, after, importing, violation] of cases) {
    let error: unknown = null
    try { checkEntity(before, after, DATATYPES, WIKIBASE_VALIDATION_DEFAULTS, importing) } catch (e) { error = e }
    t.same(error === null ? null : (error as { context: { violation: string } }).context.violation, violation, name)
    if (violation !== null) t.match(error, { statusCode: 422, code: 'data-policy-violation', validatorCode: 'label-equals-description' }, name)
  }
})
