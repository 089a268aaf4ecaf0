import t from 'tap'
import { newEntityUsageFromIdentity } from '../../../../plugin/client/usage/entity-usage.js'
import { REFRESH_PRIORITY, aspectRefreshPriority, refreshPriority } from '../../../../plugin/client/refresh/refresh-priority.js'

const { TEXT, MAYBE_LINKS, LINKS } = REFRESH_PRIORITY

t.test('aspectRefreshPriority: links first, statements may feed links or categories, terms are text', async t => {
  const cases: Array<[string, number]> = [
    ['S', LINKS], ['T', LINKS], ['X', LINKS],
    ['C', MAYBE_LINKS], ['C.P31', MAYBE_LINKS], ['CQR', MAYBE_LINKS], ['CQR.P17', MAYBE_LINKS], ['O', MAYBE_LINKS],
    ['L', TEXT], ['L.en', TEXT], ['D.de', TEXT], ['A.fr', TEXT],
    ['Z', TEXT], ['__proto__', TEXT], ['constructor', TEXT], ['', TEXT]
  ]
  for (const [key, expected] of cases) t.equal(aspectRefreshPriority(key), expected, key === '' ? '(empty)' : key)
})

t.test('refreshPriority: the highest aspect of the usages the change affected on the page', async t => {
  const cases: Array<[string[] | undefined, number, string]> = [
    [['Q42#L.en'], TEXT, 'a label only'],
    [['Q42#L.en', 'Q42#D.en', 'Q42#A.de'], TEXT, 'terms only'],
    [['Q42#L.en', 'Q42#C.P31'], MAYBE_LINKS, 'a statement'],
    [['Q42#O'], MAYBE_LINKS, 'other'],
    [['Q42#L.en', 'Q42#S'], LINKS, 'sitelinks: the language links'],
    [['Q42#T'], LINKS, 'the title'],
    [['Q42#X'], LINKS, 'all of the entity'],
    [[], MAYBE_LINKS, 'no usage known (a page a hook added)'],
    [undefined, MAYBE_LINKS, 'no usages given']
  ]
  for (const [identities, expected, name] of cases) {
    t.equal(refreshPriority(identities?.map(newEntityUsageFromIdentity)), expected, name)
  }
})
