import t from 'tap'
import { newEntityUsageFromIdentity } from '../../../../plugin/client/usage/entity-usage.js'
import { aspectCacheTag, cacheTagsForChange, cacheTagsForUsages } from '../../../../plugin/client/refresh/cache-tags.js'

t.test('cacheTagsForChange: the changed aspect keys and X; a whole-entity change the entity tag', async t => {
  const cases: Array<[string, string[], string[]]> = [
    ['label en', ['L', 'L.en'], ['wb-Q42-L', 'wb-Q42-L.en', 'wb-Q42-X']],
    ['description en', ['D', 'D.en'], ['wb-Q42-D', 'wb-Q42-D.en', 'wb-Q42-X']],
    ['a sitelink of another wiki', ['S'], ['wb-Q42-S', 'wb-Q42-X']],
    ['the local sitelink', ['S', 'T'], ['wb-Q42-S', 'wb-Q42-T', 'wb-Q42-X']],
    ['statement P17', ['C', 'C.P17', 'CQR', 'CQR.P17'], ['wb-Q42-C', 'wb-Q42-C.P17', 'wb-Q42-CQR', 'wb-Q42-CQR.P17', 'wb-Q42-X']],
    ['other', ['O'], ['wb-Q42-O', 'wb-Q42-X']],
    ['deleted, redirected or restored', ['X'], ['wb-Q42']],
    ['duplicates collapse', ['L.en', 'L.en'], ['wb-Q42-L.en', 'wb-Q42-X']]
  ]
  for (const [name, changedAspects, expected] of cases) t.strictSame(cacheTagsForChange({ entityId: 'Q42', changedAspects }), expected, name)
})

t.test('cacheTagsForUsages: the entity tag and one tag per usage', async t => {
  const cases: Array<[string, string[], string[]]> = [
    ['none', [], []],
    ['a label', ['Q42#L.en'], ['wb-Q42', 'wb-Q42-L.en']],
    ['two entities', ['Q42#S', 'Q1#C.P17', 'Q42#X'], ['wb-Q1', 'wb-Q1-C.P17', 'wb-Q42', 'wb-Q42-S', 'wb-Q42-X']],
    ['a collapsed aspect', ['Q42#L'], ['wb-Q42', 'wb-Q42-L']]
  ]
  for (const [name, identities, expected] of cases) t.strictSame(cacheTagsForUsages(identities.map(newEntityUsageFromIdentity)), expected, name)
})

t.test('every tag a page carries for a usage is one a change of that aspect purges', async t => {
  for (const [usage, changed] of [['Q42#L.en', ['L', 'L.en']], ['Q42#L', ['L', 'L.de']], ['Q42#C.P17', ['C', 'C.P17']], ['Q42#X', ['O']], ['Q42#S', ['S']]] as const) {
    const page = cacheTagsForUsages([newEntityUsageFromIdentity(usage)])
    const purged = cacheTagsForChange({ entityId: 'Q42', changedAspects: changed })
    t.ok(page.some(tag => purged.includes(tag)), `${usage} is purged by a change of ${changed.join(',')}`)
    t.ok(page.some(tag => cacheTagsForChange({ entityId: 'Q42', changedAspects: ['X'] }).includes(tag)), `${usage} is purged by a whole-entity change`)
  }
  t.notOk(cacheTagsForUsages([newEntityUsageFromIdentity('Q42#L.en')]).some(tag => cacheTagsForChange({ entityId: 'Q42', changedAspects: ['L', 'L.de'] }).includes(tag)),
    'L.en is not purged by a change of L.de')
})

t.test('characters a header would split on are percent-encoded', async t => {
  t.equal(aspectCacheTag('Q42', 'L.de ch,x'), 'wb-Q42-L.de%20ch%2Cx')
  t.equal(aspectCacheTag('Q42', 'L.é'), 'wb-Q42-L.%C3%A9')
  t.equal(aspectCacheTag('Q42', 'L.a\r\nX-Injected: 1'), 'wb-Q42-L.a%0D%0AX-Injected%3A%201')
})
