import t from 'tap'
import {
  MAX_DELETE_USES, normaliseTags, tagNameProblem, tagOperationProblem, unapplicableTags, type TagDefinition, type TagOperation
} from '../../../../plugin/repo/change-tags/change-tag-rules.js'

const def = (name: string, o: Partial<TagDefinition> = {}): TagDefinition =>
  ({ id: 1, name, userDefined: true, active: true, description: '', count: 0, ...o })

t.test('tag names (ChangeTags::canCreateTag)', async t => {
  const cases: Array<[string, string | null]> = [
    ['spam', null],
    ['with space', null],
    ['OpenRefine-3.8', null],
    ['', 'tags-create-no-name'],
    ['a,b', 'tags-create-invalid-chars'],
    ['a|b', 'tags-create-invalid-chars'],
    ['a/b', 'tags-create-invalid-chars'],
    ['a#b', 'tags-create-invalid-title-chars'],
    ['a<b', 'tags-create-invalid-title-chars'],
    ['a[b]', 'tags-create-invalid-title-chars'],
    ['tab\there', 'tags-create-invalid-title-chars'],
    [' padded', 'tags-create-invalid-title-chars'],
    ['x'.repeat(256), 'tags-create-invalid-title-chars'],
    ['x'.repeat(255), null]
  ]
  for (const [name, code] of cases) t.equal(tagNameProblem(name)?.code ?? null, code, JSON.stringify(name.slice(0, 20)))
})

t.test('operations on a tag, given its definition', async t => {
  const cases: Array<[TagOperation, string, TagDefinition | null, string | null]> = [
    ['create', 'new', null, null],
    ['create', 'spam', def('spam'), 'tags-create-already-exists'],
    ['create', 'spam', def('spam', { active: false }), 'tags-create-already-exists'],
    ['create', '', null, 'tags-create-no-name'],
    ['delete', 'spam', def('spam'), null],
    ['delete', 'spam', def('spam', { active: false }), null],
    ['delete', 'gone', null, 'tags-delete-not-found'],
    ['delete', 'sw', def('sw', { userDefined: false }), 'tags-delete-not-allowed'],
    ['delete', 'big', def('big', { count: MAX_DELETE_USES + 1 }), 'tags-delete-too-many-uses'],
    ['delete', 'edge', def('edge', { count: MAX_DELETE_USES }), null],
    ['activate', 'off', def('off', { active: false }), null],
    ['activate', 'on', def('on'), 'tags-activate-not-allowed'],
    ['activate', 'sw', def('sw', { userDefined: false, active: false }), 'tags-activate-not-allowed'],
    ['activate', 'gone', null, 'tags-activate-not-found'],
    ['deactivate', 'on', def('on'), null],
    ['deactivate', 'off', def('off', { active: false }), 'tags-deactivate-not-allowed'],
    ['deactivate', 'sw', def('sw', { userDefined: false }), 'tags-deactivate-not-allowed'],
    ['deactivate', 'gone', null, 'tags-deactivate-not-allowed']
  ]
  for (const [operation, name, existing, code] of cases) {
    t.equal(tagOperationProblem(operation, name, existing)?.code ?? null, code, `${operation} ${name}`)
  }
  t.same(tagOperationProblem('delete', 'big', def('big', { count: 9999 })), { code: 'tags-delete-too-many-uses', parameters: ['big', MAX_DELETE_USES] })
})

t.test('tags a user may apply with an edit (canAddTagsAccompanyingChange)', async t => {
  const defined = new Map([def('a'), def('off', { active: false }), def('sw', { userDefined: false })].map(d => [d.name, d]))
  const cases: Array<[string[], string[]]> = [
    [[], []],
    [['a'], []],
    [['a', 'a'], []],
    [['nope'], ['nope']],
    [['off'], ['off']],
    [['sw'], ['sw']],
    [['a', 'nope', 'off', 'nope'], ['nope', 'off']]
  ]
  for (const [requested, refused] of cases) t.same(unapplicableTags(requested, defined), refused, requested.join('|'))
  t.same(normaliseTags(['b', '', 'a', 'b']), ['b', 'a'])
})
