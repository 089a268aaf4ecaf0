import t from 'tap'
import {
  applyBitChanges, bitChangesOf, canSeeField, DELETED_COMMENT, DELETED_RESTRICTED, DELETED_TEXT, DELETED_USER,
  itemOutcome, type Suppress
} from '../../../../plugin/repo/revision-deletion/revision-visibility.js'

/** ApiRevisionDelete's parameter rules and RevDelList's per-revision rules, as data. */
t.test('bitChangesOf: hide/show/suppress → the bits set, cleared and kept', async t => {
  const cases: Array<[string[], string[], Suppress, Record<number, number> | 'badparams']> = [
    [['comment'], [], 'nochange', { 1: -1, 2: 1, 4: -1, 8: -1 }],
    [['comment', 'user'], [], 'yes', { 1: -1, 2: 1, 4: 1, 8: 1 }],
    [[], ['content'], 'no', { 1: 0, 2: -1, 4: -1, 8: 0 }],
    [['content'], ['user', 'comment'], 'nochange', { 1: 1, 2: 0, 4: 0, 8: -1 }],
    [['comment'], ['comment'], 'nochange', 'badparams'],
    [[], [], 'yes', 'badparams'],
    [[], [], 'nochange', 'badparams']
  ]
  for (const [hide, show, suppress, expected] of cases) {
    const result = bitChangesOf(hide, show, suppress)
    const got = 'error' in result ? result.error : Object.fromEntries(result.changes)
    t.same(got, expected, `hide=${hide.join('|')} show=${show.join('|')} suppress=${suppress}`)
  }
})

t.test('applyBitChanges: RevisionDeleter::extractBitfield', async t => {
  const changes = (hide: string[], show: string[], suppress: Suppress): Map<number, 1 | 0 | -1> => {
    const result = bitChangesOf(hide, show, suppress)
    if ('error' in result) throw new Error(result.error)
    return new Map(result.changes)
  }
  const cases: Array<[number, string[], string[], Suppress, number]> = [
    [0, ['comment'], [], 'nochange', DELETED_COMMENT],
    [DELETED_USER, ['comment'], [], 'nochange', DELETED_COMMENT | DELETED_USER],
    [DELETED_COMMENT | DELETED_RESTRICTED, [], ['comment'], 'nochange', DELETED_RESTRICTED],
    [DELETED_COMMENT | DELETED_RESTRICTED, [], ['comment'], 'no', 0],
    [15, [], ['content', 'comment', 'user'], 'no', 0],
    [0, ['content', 'comment', 'user'], [], 'yes', 15],
    [DELETED_TEXT, ['user'], ['content'], 'nochange', DELETED_USER]
  ]
  for (const [old, hide, show, suppress, expected] of cases) {
    t.equal(applyBitChanges(changes(hide, show, suppress), old), expected, `${old} hide=${hide.join('|')} show=${show.join('|')} suppress=${suppress}`)
  }
})

t.test('itemOutcome: RevDelList::setVisibility per revision, in its order', async t => {
  const cases: Array<[string, number, number, boolean, boolean, string]> = [
    ['hide a comment', 0, DELETED_COMMENT, false, false, 'change'],
    ['hide a comment of the current revision', 0, DELETED_COMMENT, true, false, 'change'],
    ['hide the user of the current revision', 0, DELETED_USER, true, false, 'change'],
    ['hide the text of an old revision', 0, DELETED_TEXT, false, false, 'change'],
    ['nothing changes', DELETED_COMMENT, DELETED_COMMENT, false, false, 'revdelete-no-change'],
    ['nothing changes on the current revision either', 0, 0, true, true, 'revdelete-no-change'],
    ['hide the text of the current revision', 0, DELETED_TEXT, true, true, 'revdelete-hide-current'],
    ['text and comment of the current revision', 0, DELETED_TEXT | DELETED_COMMENT, true, true, 'revdelete-hide-current'],
    ['suppress without suppressrevision', 0, DELETED_COMMENT | DELETED_RESTRICTED, false, false, 'revdelete-modify-no-access'],
    ['change a suppressed revision without suppressrevision', DELETED_COMMENT | DELETED_RESTRICTED, DELETED_COMMENT | DELETED_USER | DELETED_RESTRICTED, false, false, 'revdelete-modify-no-access'],
    ['unhide a suppressed revision without suppressrevision', DELETED_COMMENT | DELETED_RESTRICTED, DELETED_RESTRICTED, false, false, 'revdelete-show-no-access'],
    ['suppress with suppressrevision', 0, DELETED_COMMENT | DELETED_RESTRICTED, false, true, 'change'],
    ['only the restricted bit', 0, DELETED_RESTRICTED, false, true, 'revdelete-only-restricted'],
    ['unhide down to only the restricted bit', DELETED_COMMENT | DELETED_RESTRICTED, DELETED_RESTRICTED, false, true, 'revdelete-only-restricted'],
    ['unhide everything', DELETED_COMMENT | DELETED_RESTRICTED, 0, false, true, 'change']
  ]
  for (const [name, oldBits, newBits, isCurrent, canSuppress, expected] of cases) {
    const outcome = itemOutcome({ oldBits, newBits, isCurrent, canSuppress })
    t.equal(outcome.status === 'change' ? 'change' : outcome.code, expected, name)
  }
})

t.test('canSeeField: hidden parts for deleters, suppressed ones for suppressors', async t => {
  const everyone = { canDelete: false, canSuppress: false }
  const deleter = { canDelete: true, canSuppress: false }
  const suppressor = { canDelete: true, canSuppress: true }
  const cases: Array<[number, number, typeof everyone, boolean]> = [
    [0, DELETED_COMMENT, everyone, true],
    [DELETED_USER, DELETED_COMMENT, everyone, true],
    [DELETED_COMMENT, DELETED_COMMENT, everyone, false],
    [DELETED_COMMENT, DELETED_COMMENT, deleter, true],
    [DELETED_COMMENT | DELETED_RESTRICTED, DELETED_COMMENT, deleter, false],
    [DELETED_COMMENT | DELETED_RESTRICTED, DELETED_COMMENT, suppressor, true],
    [DELETED_COMMENT | DELETED_RESTRICTED, DELETED_USER, everyone, true]
  ]
  for (const [bits, field, viewer, expected] of cases) {
    t.equal(canSeeField(bits, field, viewer), expected, `bits ${bits} field ${field} ${JSON.stringify(viewer)}`)
  }
})
