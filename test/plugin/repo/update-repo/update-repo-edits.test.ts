import t from 'tap'
import { deleteSummary, moveSiteLink, moveSummary, removeSiteLink } from '../../../../plugin/repo/update-repo/update-repo-edits.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'

/** UpdateRepoOnMoveJob / UpdateRepoOnDeleteJob: verifyValid, applyChanges and getSummary as pure functions. */
const item = (sitelinks: WikibaseEntity['sitelinks']): WikibaseEntity => ({ type: 'item', id: 'Q1', labels: {}, descriptions: {}, aliases: {}, claims: {}, sitelinks })
const links = {
  enwiki: { site: 'enwiki', title: 'London', badges: ['Q17437796'] },
  dewiki: { site: 'dewiki', title: 'London', badges: [] }
}

t.test('move: the sitelink names the new title and keeps its badges; other sites untouched', async t => {
  t.strictSame(moveSiteLink(item(links), { siteId: 'enwiki', oldTitle: 'London', newTitle: 'London (city)' })?.sitelinks, {
    enwiki: { site: 'enwiki', title: 'London (city)', badges: ['Q17437796'] },
    dewiki: { site: 'dewiki', title: 'London', badges: [] }
  })
})

const stale: Array<[string, WikibaseEntity, string]> = [
  ['the sitelink was changed since (a concurrent edit wins)', item({ enwiki: { site: 'enwiki', title: 'Londres', badges: [] } }), 'enwiki'],
  ['the sitelink is already the new title (a replayed job)', item({ enwiki: { site: 'enwiki', title: 'London (city)', badges: [] } }), 'enwiki'],
  ['the item has no sitelink to the site', item({ dewiki: links.dewiki }), 'enwiki'],
  ['an empty sitelink list serialized as []', item([]), 'enwiki'],
  ['a site id that is an Object.prototype key', item(links), '__proto__'],
  ['a property (no sitelinks)', { type: 'property', id: 'P1', datatype: 'string', labels: {}, descriptions: {}, aliases: {}, claims: {} }, 'enwiki']
]
for (const [name, entity, siteId] of stale) {
  t.test(`no update applies when ${name}`, async t => {
    t.equal(moveSiteLink(entity, { siteId, oldTitle: 'London', newTitle: 'London (city)' }), null)
    t.equal(removeSiteLink(entity, { siteId, title: 'London' }), null)
  })
}

t.test('the title is compared exactly (no case folding, no underscores)', async t => {
  t.equal(moveSiteLink(item(links), { siteId: 'enwiki', oldTitle: 'london', newTitle: 'X' }), null)
  t.equal(removeSiteLink(item(links), { siteId: 'enwiki', title: 'London_' }), null)
})

t.test('delete: the sitelink to the deleted title goes, the others stay', async t => {
  t.strictSame(removeSiteLink(item(links), { siteId: 'enwiki', title: 'London' })?.sitelinks, { dewiki: links.dewiki })
})

t.test('summaries as Wikibase\'s SummaryFormatter writes them', async t => {
  t.equal(moveSummary({ siteId: 'enwiki', oldTitle: 'London', newTitle: 'London (city)' }), '/* clientsitelink-update:0|enwiki|enwiki:London|enwiki:London (city) */')
  t.equal(deleteSummary({ siteId: 'enwiki', title: 'London' }), '/* clientsitelink-remove:1||enwiki */ London')
})
