import t from 'tap'
import { restErrorOf, validationErrorOf } from '../../../../plugin/repo/rest/rest-errors.js'
import { entityAt, restDomainErrorOf, sectionEntry, type RestBodyPath } from '../../../../plugin/repo/rest/rest-domain-errors.js'
import {
  EditConflictError, EntityNotFoundError, EntityPartNotFoundError, EntityRedirectError, InvalidEntityValueError, PermissionDeniedError,
  UnknownPropertyError, UnknownSiteError
} from '../../../../plugin/repo/entities/entity-errors.js'
import { EntityTooBigError, UnknownKeyError, UnknownLanguageError, ValueTooLongError } from '../../../../plugin/repo/validation/validation-errors.js'
import { RequestInputError } from '../../../../plugin/http/request-input-guard.js'
import { InvalidEntityIdError } from '../../../../hooks/ids.js'

const body = (error: { statusCode: number, code: string, message: string, context?: unknown } | null): unknown =>
  error === null ? null : { status: error.statusCode, code: error.code, message: error.message, context: error.context }

t.test('request schema violations in the spec\'s codes', async t => {
  const cases: Array<[string, string, object, unknown]> = [
    ['bad path parameter', 'params', { instancePath: '/item_id', keyword: 'pattern', params: {} },
      { status: 400, code: 'invalid-path-parameter', message: "Invalid path parameter: 'item_id'", context: { parameter: 'item_id' } }],
    ['bad query parameter', 'querystring', { instancePath: '/limit', keyword: 'maximum', params: {} },
      { status: 400, code: 'invalid-query-parameter', message: "Invalid query parameter: 'limit'", context: { parameter: 'limit' } }],
    ['missing query parameter', 'querystring', { instancePath: '', keyword: 'required', params: { missingProperty: 'q' } },
      { status: 400, code: 'invalid-query-parameter', message: "Invalid query parameter: 'q'", context: { parameter: 'q' } }],
    ['missing top-level field', 'body', { instancePath: '', keyword: 'required', params: { missingProperty: 'label' } },
      { status: 400, code: 'missing-field', message: 'Required field missing', context: { path: '', field: 'label' } }],
    ['missing nested field', 'body', { instancePath: '/item/sitelinks/enwiki', keyword: 'required', params: { missingProperty: 'title' } },
      { status: 400, code: 'missing-field', message: 'Required field missing', context: { path: '/item/sitelinks/enwiki', field: 'title' } }],
    ['wrong type of bot', 'body', { instancePath: '/bot', keyword: 'type', params: { type: 'boolean' } },
      { status: 400, code: 'invalid-value', message: "Invalid value at '/bot'", context: { path: '/bot' } }],
    ['wrong type of tags', 'body', { instancePath: '/tags', keyword: 'type', params: { type: 'array' } },
      { status: 400, code: 'invalid-value', message: "Invalid value at '/tags'", context: { path: '/tags' } }],
    ['comment too long', 'body', { instancePath: '/comment', keyword: 'maxLength', params: { limit: 500 } },
      { status: 400, code: 'value-too-long', message: 'The input value is too long', context: { path: '/comment', limit: 500 } }],
    ['unexpected key', 'body', { instancePath: '/item', keyword: 'additionalProperties', params: { additionalProperty: 'foo' } },
      { status: 400, code: 'invalid-key', message: "Invalid key 'foo' in '/item'", context: { path: '/item', key: 'foo' } }],
    ['body not an object', 'body', { instancePath: '', keyword: 'type', params: { type: 'object' } },
      { status: 400, code: 'invalid-value', message: "Invalid value at ''", context: { path: '' } }]
  ]
  for (const [name, where, ajv, expected] of cases) t.same(body(validationErrorOf(where, ajv)), expected, name)
})

t.test('domain errors placed in the request by the route\'s restBodyPath', async t => {
  const label = sectionEntry('labels', 'language_code', '/label')
  const sitelink = sectionEntry('sitelinks', 'site_id', '/sitelink')
  const cases: Array<[string, unknown, RestBodyPath | undefined, unknown]> = [
    ['invalid value, entity is the body', new InvalidEntityValueError('labels/en', 'bad'), undefined,
      { status: 400, code: 'invalid-value', message: "Invalid value at '/labels/en'", context: { path: '/labels/en' } }],
    ['invalid value, entity under /item', new InvalidEntityValueError('labels/en', 'bad'), '/item',
      { status: 400, code: 'invalid-value', message: "Invalid value at '/item/labels/en'", context: { path: '/item/labels/en' } }],
    ['mapper function entityAt', new InvalidEntityValueError('aliases/en/0', 'bad'), entityAt('/property'),
      { status: 400, code: 'invalid-value', message: "Invalid value at '/property/aliases/en/0'", context: { path: '/property/aliases/en/0' } }],
    ['canonical term path: labels/en/value is the REST labels/en', new ValueTooLongError('labels/en/value', 300, 250), '/item',
      { status: 400, code: 'value-too-long', message: 'The input value is too long', context: { path: '/item/labels/en', limit: 250 } }],
    ['canonical alias path', new InvalidEntityValueError('aliases/en/1/value', 'bad'), undefined,
      { status: 400, code: 'invalid-value', message: "Invalid value at '/aliases/en/1'", context: { path: '/aliases/en/1' } }],
    ['too long, one label', new ValueTooLongError('labels/en', 300, 250), label,
      { status: 400, code: 'value-too-long', message: 'The input value is too long', context: { path: '/label', limit: 250 } }],
    ['unknown language in the URL', new UnknownLanguageError('labels/xx', 'xx'), label,
      { status: 400, code: 'invalid-path-parameter', message: "Invalid path parameter: 'language_code'", context: { parameter: 'language_code' } }],
    ['unknown language in an item body', new UnknownLanguageError('labels/xx', 'xx'), '/item',
      { status: 400, code: 'invalid-key', message: "Invalid key 'xx' in '/item/labels'", context: { path: '/item/labels', key: 'xx' } }],
    ['unknown site in the URL', new UnknownSiteError('xxwiki'), sitelink,
      { status: 400, code: 'invalid-path-parameter', message: "Invalid path parameter: 'site_id'", context: { parameter: 'site_id' } }],
    ['unknown key', new UnknownKeyError('sitelinks/enwiki', 'foo'), sitelink,
      { status: 400, code: 'invalid-key', message: "Invalid key 'foo' in '/sitelink'", context: { path: '/sitelink', key: 'foo' } }],
    ['a value inside one sitelink', new InvalidEntityValueError('sitelinks/enwiki/title', 'bad'), sitelink,
      { status: 400, code: 'invalid-value', message: "Invalid value at '/sitelink/title'", context: { path: '/sitelink/title' } }],
    ['unknown property', new UnknownPropertyError('statements/P9/0/mainsnak', 'P9'), '/item',
      { status: 400, code: 'referenced-resource-not-found', message: 'The referenced resource does not exist', context: { path: '/item/statements/P9/0/mainsnak' } }],
    ['entity not found', new EntityNotFoundError('Q5', 'item'), undefined,
      { status: 404, code: 'resource-not-found', message: 'The requested resource does not exist', context: { resource_type: 'item' } }],
    ['property not found', new EntityNotFoundError('P5', 'deleted property'), undefined,
      { status: 404, code: 'resource-not-found', message: 'The requested resource does not exist', context: { resource_type: 'property' } }],
    ['label not found', new EntityPartNotFoundError('Q5', 'label', 'en'), undefined,
      { status: 404, code: 'resource-not-found', message: 'The requested resource does not exist', context: { resource_type: 'label' } }],
    ['edit of a redirect', new EntityRedirectError('Q5', 'Q6'), undefined,
      { status: 409, code: 'redirected-item', message: 'Item Q5 has been redirected to Q6', context: { redirect_target: 'Q6' } }],
    ['too big', new EntityTooBigError(3000000, 2048), undefined,
      { status: 400, code: 'resource-too-large', message: 'Edit resulted in a resource that exceeds the size limit of 2048 kB', context: { limit: 2048 } }],
    ['permission', new PermissionDeniedError('edit', 'X', true), undefined,
      { status: 403, code: 'permission-denied', message: 'Access to resource is denied', context: { denial_reason: 'anonymous', denial_context: { right: 'edit' } } }],
    ['edit conflict', new EditConflictError('Q5', 1, 2), undefined,
      { status: 412, code: 'precondition-failed', message: 'The condition defined by a conditional request header is not fulfilled', context: undefined }],
    ['not a domain error', new Error('x'), undefined, null]
  ]
  for (const [name, error, bodyPath, expected] of cases) t.same(body(restDomainErrorOf(error, bodyPath)), expected, name)
})

t.test('restErrorOf: whole replies', async t => {
  t.same(restErrorOf(new EditConflictError('Q5', 1, 2)), { statusCode: 412, body: null }, '412 has no body')
  t.same(restErrorOf(new InvalidEntityIdError('X1'), { params: { item_id: 'X1' } }).body,
    { code: 'invalid-path-parameter', message: "Invalid path parameter: 'item_id'", context: { parameter: 'item_id' } }, 'a bad id from the path names its parameter')
  // Request-layer refusals keep the guard's message, which names the field and why.
  t.same(restErrorOf(new RequestInputError('invalid-unicode', 'params/language_code', 'has NUL')).body,
    { code: 'invalid-path-parameter', message: 'params/language_code: has NUL', context: { parameter: 'language_code' } })
  t.same(restErrorOf(new RequestInputError('invalid-unicode', 'query/q', 'has NUL')).body,
    { code: 'invalid-query-parameter', message: 'query/q: has NUL', context: { parameter: 'q' } })
  t.same(restErrorOf(new RequestInputError('invalid-unicode', 'body/item/labels/en', 'has NUL')).body,
    { code: 'invalid-value', message: 'body/item/labels/en: has NUL', context: { path: '/item/labels/en' } })
  t.same(restErrorOf(new RequestInputError('json-too-deep', 'body/a/b', 'too deep')).body,
    { code: 'invalid-request-body', message: 'body/a/b: too deep', context: { path: 'a/b', in: 'body' } })
  t.same(restErrorOf(new Error('boom')), { statusCode: 500, body: { code: 'unexpected-error', message: 'Unexpected Error' } })
})
