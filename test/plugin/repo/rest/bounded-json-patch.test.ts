import t from 'tap'
import type jsonpatch from 'fast-json-patch'
import { applyBoundedPatch, MAX_PATCHED_DOCUMENT_BYTES, PatchedResourceTooLargeError, PatchTooLongError } from '../../../../plugin/repo/rest/bounded-json-patch.js'
import { RestApiError } from '../../../../plugin/repo/rest/rest-api-error.js'

const limits = { maxOperations: 1000, maxDocumentBytes: MAX_PATCHED_DOCUMENT_BYTES }
const doc = (): Record<string, unknown> => ({ id: 'Q1', labels: { en: 'Berlin', de: 'Berlin' }, aliases: { en: ['a', 'b'] } })
type Op = jsonpatch.Operation

t.test('operations apply as RFC 6902 says; the input is not changed', async t => {
  const cases: Array<[Op[], unknown]> = [
    [[{ op: 'add', path: '/labels/fr', value: 'Berlin' }], { id: 'Q1', labels: { en: 'Berlin', de: 'Berlin', fr: 'Berlin' }, aliases: { en: ['a', 'b'] } }],
    [[{ op: 'replace', path: '/labels/en', value: 'B' }, { op: 'remove', path: '/labels/de' }], { id: 'Q1', labels: { en: 'B' }, aliases: { en: ['a', 'b'] } }],
    [[{ op: 'move', from: '/labels/de', path: '/labels/nl' }], { id: 'Q1', labels: { en: 'Berlin', nl: 'Berlin' }, aliases: { en: ['a', 'b'] } }],
    [[{ op: 'move', from: '/aliases/en/0', path: '/aliases/en/1' }], { id: 'Q1', labels: { en: 'Berlin', de: 'Berlin' }, aliases: { en: ['b', 'a'] } }],
    [[{ op: 'copy', from: '/aliases/en', path: '/aliases/de' }, { op: 'add', path: '/aliases/de/-', value: 'c' }], { id: 'Q1', labels: { en: 'Berlin', de: 'Berlin' }, aliases: { en: ['a', 'b'], de: ['a', 'b', 'c'] } }],
    [[{ op: 'test', path: '/labels/en', value: 'Berlin' }], doc()],
    [[{ op: 'move', from: '/labels', path: '/labels' }], doc()]
  ]
  for (const [patch, expected] of cases) {
    const input = doc()
    t.same(applyBoundedPatch(input, patch, limits), expected, JSON.stringify(patch))
    t.same(input, doc(), 'input unchanged')
  }
})

t.test('errors: the spec\'s code, status and context, pointing into the patch; no document in the message', async t => {
  const cases: Array<[Op[], string, number, Record<string, unknown>]> = [
    [[{ op: 'test', path: '/labels/en', value: 'Paris' }], 'patch-test-failed', 409, { path: '/patch/0', actual_value: 'Berlin' }],
    [[{ op: 'add', path: '/labels/fr', value: 'x' }, { op: 'test', path: '/labels/xx', value: 'x' }], 'patch-test-failed', 409, { path: '/patch/1', actual_value: null }],
    [[{ op: 'add', path: '/labels/fr', value: 'x' }, { op: 'copy', from: '/nowhere', path: '/labels/x' }], 'patch-target-not-found', 409, { path: '/patch/1/from' }],
    [[{ op: 'move', from: '/nowhere', path: '/labels/x' }], 'patch-target-not-found', 409, { path: '/patch/0/from' }],
    [[{ op: 'add', path: '/missing/parent/x', value: 1 }], 'patch-target-not-found', 409, { path: '/patch/0/path' }],
    [[{ op: 'copy', from: '/labels', path: '/missing/parent/x' }], 'patch-target-not-found', 409, { path: '/patch/0/path' }],
    [[{ op: 'remove', path: '/labels/xx' }], 'patch-target-not-found', 409, { path: '/patch/0/path' }],
    [[{ op: 'move', from: '/labels', path: '/labels/x' }], 'invalid-value', 400, { path: '/patch/0/path' }],
    [[{ op: 'nope', path: '/labels' } as unknown as Op], 'invalid-value', 400, { path: '/patch/0/op' }],
    [[{ op: 'add', path: 'labels', value: 1 }], 'invalid-value', 400, { path: '/patch/0/path' }],
    [[{ op: 'copy', path: '/labels/x' } as unknown as Op], 'missing-field', 400, { path: '/patch/0', field: 'from' }],
    [[{ path: '/labels/x' } as unknown as Op], 'missing-field', 400, { path: '/patch/0', field: 'op' }],
    [[{ op: 'add', path: '/labels/x' } as unknown as Op], 'missing-field', 400, { path: '/patch/0', field: 'value' }],
    [['add' as unknown as Op], 'invalid-value', 400, { path: '/patch/0' }]
  ]
  for (const [patch, code, status, context] of cases) {
    try {
      applyBoundedPatch(doc(), patch, limits)
      t.fail(`${JSON.stringify(patch)} should fail`)
    } catch (error) {
      t.ok(error instanceof RestApiError, JSON.stringify(patch))
      t.same({ code: (error as RestApiError).code, status: (error as RestApiError).statusCode, context: (error as RestApiError).context },
        { code, status, context }, JSON.stringify(patch))
      t.notMatch((error as Error).message, /Berlin|\n/, 'the message holds no document')
    }
  }
})

t.test('amplification: 20 copies of /labels into itself stop at the size limit, fast', async t => {
  const labels = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`l${i}`, `label ${i}`]))
  const patch: Op[] = Array.from({ length: 20 }, (_, i) => ({ op: 'copy', from: '/labels', path: `/labels/a${i}` }))
  const started = performance.now()
  t.throws(() => applyBoundedPatch({ labels }, patch, limits), PatchedResourceTooLargeError)
  t.ok(performance.now() - started < 2000, `stopped in ${Math.round(performance.now() - started)} ms`)
  try {
    applyBoundedPatch({ labels }, patch, limits)
  } catch (error) {
    t.match(error, { code: 'resource-too-large', statusCode: 400, context: { limit: 2048 } })
  }
})

t.test('repeated moves of a large value do not copy it', async t => {
  const big = { labels: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`l${i}`, 'x'.repeat(50)])) }
  const patch: Op[] = Array.from({ length: 1000 }, () => ({ op: 'move', from: '/labels', path: '/labels' }))
  const started = performance.now()
  t.equal(Object.keys(applyBoundedPatch(big, patch, limits).labels).length, 20_000)
  t.ok(performance.now() - started < 2000, `1000 moves of a 1 MB value in ${Math.round(performance.now() - started)} ms`)
})

t.test('more operations than maxOperations: refused before any is applied', async t => {
  const patch: Op[] = Array.from({ length: 11 }, () => ({ op: 'test', path: '/id', value: 'Q1' }))
  t.throws(() => applyBoundedPatch(doc(), patch, { ...limits, maxOperations: 10 }), PatchTooLongError)
  t.same(applyBoundedPatch(doc(), patch.slice(1), { ...limits, maxOperations: 10 }), doc())
  try {
    applyBoundedPatch(doc(), patch, { ...limits, maxOperations: 10 })
  } catch (error) {
    t.match(error, { code: 'value-too-long', statusCode: 400, context: { path: '/patch', limit: 10 } })
  }
})
