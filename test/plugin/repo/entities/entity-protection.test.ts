import t from 'tap'
import { restrictionRight } from '../../../../plugin/repo/entities/entity-protection.js'
import { isEmptyEntity } from '../../../../plugin/repo/entities/entity-redirector.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'

t.test('restrictionRight: the right a protection level asks for (PermissionManager)', async t => {
  const cases: Array<[string, string]> = [['sysop', 'editprotected'], ['autoconfirmed', 'editsemiprotected'], ['templateeditor', 'templateeditor']]
  for (const [level, right] of cases) t.equal(restrictionRight(level), right, level)
})

t.test('isEmptyEntity: Item::isEmpty, PHP\'s [] as empty', async t => {
  const term = { en: { language: 'en', value: 'x' } }
  const cases: Array<[string, WikibaseEntity, boolean]> = [
    ['bare', { type: 'item', id: 'Q1' }, true],
    ['empty maps', { type: 'item', labels: {}, descriptions: {}, aliases: {}, claims: {}, sitelinks: {} }, true],
    ['PHP empty arrays', { type: 'item', labels: [], descriptions: [], aliases: [], claims: [], sitelinks: [] }, true],
    ['revision data only', { type: 'item', id: 'Q1', lastrevid: 5, modified: '2026-01-01T00:00:00Z' } as WikibaseEntity, true],
    ['a label', { type: 'item', labels: term }, false],
    ['a description', { type: 'item', descriptions: term }, false],
    ['an alias', { type: 'item', aliases: { en: [{ language: 'en', value: 'x' }] } }, false],
    ['a statement', { type: 'item', claims: { P1: [{ mainsnak: { snaktype: 'novalue', property: 'P1' }, type: 'statement', rank: 'normal' }] } } as WikibaseEntity, false],
    ['a sitelink', { type: 'item', sitelinks: { enwiki: { site: 'enwiki', title: 'X', badges: [] } } }, false]
  ]
  for (const [name, entity, empty] of cases) t.equal(isEmptyEntity(entity), empty, name)
})
