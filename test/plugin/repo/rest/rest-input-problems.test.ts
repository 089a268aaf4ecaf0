import t from 'tap'
import { InvalidEntityValueError, SitelinkConflictError, UnknownSiteError } from '../../../../plugin/repo/entities/entity-errors.js'
import { LabelEqualsDescriptionError, UnknownLanguageError, ValueTooLongError } from '../../../../plugin/repo/validation/validation-errors.js'
import { RestApiError, jsonPointer } from '../../../../plugin/repo/rest/rest-api-error.js'
import { PATCH_RESULT_PROBLEMS, REQUEST_PROBLEMS, restInputErrorOf, restSegmentsOf, type InputSource } from '../../../../plugin/repo/rest/rest-input-problems.js'
import { checkEntityInput } from '../../../../plugin/repo/rest/rest-entity-input.js'

t.test('restSegmentsOf: canonical validation paths as REST entity fields', async t => {
  const cases: Array<[string, string[]]> = [
    ['labels/en/value', ['labels', 'en']],
    ['labels/en', ['labels', 'en']],
    ['aliases/de/2/value', ['aliases', 'de', '2']],
    ['sitelinks/enwiki/title', ['sitelinks', 'enwiki', 'title']],
    ['sitelinks/enwiki/site', ['sitelinks', 'enwiki']],
    ['sitelinks/enwiki/badges/0', ['sitelinks', 'enwiki', 'badges', '0']],
    ['datatype', ['data_type']]
  ]
  for (const [path, segments] of cases) t.same(restSegmentsOf(path), segments, path)
})

t.test('restInputErrorOf: domain refusals in the request\'s or the patch result\'s terms', async t => {
  const body: InputSource = { problems: REQUEST_PROBLEMS, locate: s => jsonPointer('item', ...s), document: { item: { labels: { en: '' } } } }
  const patch: InputSource = { problems: PATCH_RESULT_PROBLEMS, locate: s => jsonPointer(...s), document: { labels: { en: '' } } }
  const cases: Array<[string, unknown, InputSource, number, string, Record<string, unknown>]> = [
    ['empty label in a body', new InvalidEntityValueError('labels/en/value', 'must not be empty'), body, 400, 'invalid-value', { path: '/item/labels/en' }],
    ['empty label in a patch', new InvalidEntityValueError('labels/en/value', 'must not be empty'), patch, 422, 'patch-result-invalid-value', { path: '/labels/en', value: '' }],
    ['too long', new ValueTooLongError('descriptions/de/value', 251, 250), body, 400, 'value-too-long', { path: '/item/descriptions/de', limit: 250 }],
    ['too long, patched', new ValueTooLongError('descriptions/de/value', 251, 250), patch, 422, 'patch-result-value-too-long', { path: '/descriptions/de', limit: 250 }],
    ['unknown language', new UnknownLanguageError('labels/xx', 'xx'), body, 400, 'invalid-key', { path: '/item/labels', key: 'xx' }],
    ['unknown site, patched', new UnknownSiteError('xxwiki'), patch, 422, 'patch-result-invalid-key', { path: '/sitelinks', key: 'xxwiki' }],
    ['label = description', new LabelEqualsDescriptionError('labels/en', 'en'), patch, 422, 'data-policy-violation',
      { violation: 'label-description-same-value', violation_context: { language: 'en' } }],
    ['sitelink conflict', new SitelinkConflictError('enwiki', 'Berlin', 'Q64'), body, 422, 'data-policy-violation',
      { violation: 'sitelink-conflict', violation_context: { conflicting_item_id: 'Q64' } }]
  ]
  for (const [name, error, source, status, code, context] of cases) {
    const rest = restInputErrorOf(error, source) as RestApiError
    t.ok(rest instanceof RestApiError, name)
    t.same([rest.statusCode, rest.code, rest.context], [status, code, context], name)
  }
  const unplaced = new InvalidEntityValueError('statements/P1/0', 'x')
  t.equal(restInputErrorOf(unplaced, { ...body, locate: () => null }), unplaced, 'an error the input does not hold is left as it is')
})

t.test('checkEntityInput: the REST shape before conversion', async t => {
  const refusal = (entity: unknown, shown?: Record<string, unknown>, type: 'item' | 'property' = 'item'): unknown => {
    try { checkEntityInput(entity, shown === undefined ? ['item'] : [], type, shown === undefined ? REQUEST_PROBLEMS : PATCH_RESULT_PROBLEMS, shown) } catch (e) {
      return { code: (e as RestApiError).code, context: (e as RestApiError).context }
    }
    return null
  }
  const shown = { id: 'Q1', type: 'item', labels: {}, sitelinks: { enwiki: { title: 'B', badges: [], url: 'https://en.example/wiki/B' } } }
  const cases: Array<[string, unknown, Record<string, unknown> | undefined, unknown]> = [
    ['empty item', {}, undefined, null],
    ['id given', { id: 'Q1' }, undefined, { code: 'cannot-modify-read-only-value', context: { path: '/item/id' } }],
    ['labels a list', { labels: [] }, undefined, { code: 'invalid-value', context: { path: '/item/labels' } }],
    ['label a number', { labels: { en: 1 } }, undefined, { code: 'invalid-value', context: { path: '/item/labels/en' } }],
    ['aliases a string', { ...shown, aliases: 'x' }, shown, { code: 'patch-result-invalid-value', context: { path: '/aliases', value: 'x' } }],
    ['empty alias list', { aliases: { en: [] } }, undefined, { code: 'invalid-value', context: { path: '/item/aliases/en' } }],
    ['sitelink without title', { sitelinks: { enwiki: {} } }, undefined, { code: 'missing-field', context: { path: '/item/sitelinks/enwiki', field: 'title' } }],
    ['url changed', { ...shown, sitelinks: { enwiki: { title: 'B', url: 'https://x' } } }, shown,
      { code: 'patch-result-modified-read-only-value', context: { path: '/sitelinks/enwiki/url' } }],
    ['url kept', shown, shown, null],
    ['type changed', { ...shown, type: 'property' }, shown, { code: 'patch-result-modified-read-only-value', context: { path: '/type' } }],
    ['id removed', { ...shown, id: undefined }, shown, { code: 'patch-result-modified-read-only-value', context: { path: '/id' } }]
  ]
  for (const [name, entity, before, expected] of cases) t.same(refusal(entity, before), expected, name)
  t.same(refusal({ labels: {} }, undefined, 'property'), { code: 'missing-field', context: { path: '/item', field: 'data_type' } }, 'a property needs data_type')
})
