import t from 'tap'
import { entityContentSize } from '../../../../plugin/repo/entities/entity-content-size.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'

// Issue 14.7: the size MediaWiki records for an entity revision (rev_len, rc_old_len/rc_new_len)
// is the length of the stored blob, PHP's json_encode() of the entity (EntityContentDataCodec).
const berlin = { en: { language: 'en', value: 'Berlin' } }
const cases: Array<[string, WikibaseEntity, string]> = [
  ['the bare entity', { type: 'item', id: 'Q1' }, '{"type":"item","id":"Q1"}'],
  ['page and revision data are not content', { type: 'item', id: 'Q1', pageid: 5, ns: 0, title: 'Q1', lastrevid: 12345, modified: '2026-12-02T16:03:29Z' }, '{"type":"item","id":"Q1"}'],
  ['an empty map is [] to PHP', { type: 'item', id: 'Q1', labels: [], sitelinks: {} }, '{"type":"item","id":"Q1","labels":[],"sitelinks":[]}'],
  ['a label', { type: 'item', id: 'Q1', labels: berlin }, '{"type":"item","id":"Q1","labels":{"en":{"language":"en","value":"Berlin"}}}'],
  ['a character outside ASCII counts as its escape', { type: 'item', labels: { de: { language: 'de', value: 'Köln' } } }, String.raw`{"type":"item","labels":{"de":{"language":"de","value":"K\u00f6ln"}}}`],
  ['outside the BMP: two escapes', { type: 'item', labels: { en: { language: 'en', value: '𝄞' } } }, String.raw`{"type":"item","labels":{"en":{"language":"en","value":"\ud834\udd1e"}}}`],
  ['a slash counts as \\/', { type: 'item', sitelinks: { enwiki: { site: 'enwiki', title: 'AC/DC', badges: [] } } }, String.raw`{"type":"item","sitelinks":{"enwiki":{"site":"enwiki","title":"AC\/DC","badges":[]}}}`],
  ['a statement', {
    type: 'item',
    claims: { P31: [{ id: 'Q1$5', mainsnak: { snaktype: 'value', property: 'P31', datavalue: { type: 'wikibase-entityid', value: { 'entity-type': 'item', 'numeric-id': 5, id: 'Q5' } } }, type: 'statement', rank: 'normal' }] }
  }, '{"type":"item","claims":{"P31":[{"id":"Q1$5","mainsnak":{"snaktype":"value","property":"P31","datavalue":{"type":"wikibase-entityid","value":{"entity-type":"item","numeric-id":5,"id":"Q5"}}},"type":"statement","rank":"normal"}]}}'],
  ['a quantity with a float', { type: 'item', claims: { P1: [{ mainsnak: { snaktype: 'value', property: 'P1', datavalue: { type: 'quantity', value: { amount: '+1.5', unit: '1', x: 1e25 } } }, type: 'statement', rank: 'normal' }] } },
    '{"type":"item","claims":{"P1":[{"mainsnak":{"snaktype":"value","property":"P1","datavalue":{"type":"quantity","value":{"amount":"+1.5","unit":"1","x":1.0e+25}}},"type":"statement","rank":"normal"}]}}'],
  ['a lone surrogate (PHP cannot encode it): UTF-8 JSON instead', { type: 'item', labels: { en: { language: 'en', value: 'a\ud800' } } }, String.raw`{"type":"item","labels":{"en":{"language":"en","value":"a\ud800"}}}`]
]

t.test('entity content size: the bytes of the stored blob', async t => {
  for (const [name, entity, blob] of cases) t.equal(entityContentSize(entity), Buffer.byteLength(blob), `${name}: ${blob.length}`)
})

t.test('sizes move with the content, not with a stub', async t => {
  const before: WikibaseEntity = { type: 'item', id: 'Q64', labels: berlin, sitelinks: [] }
  const linked: WikibaseEntity = { ...before, sitelinks: { dewiki: { site: 'dewiki', title: 'Berlin', badges: [] } } }
  t.equal(entityContentSize(linked) - entityContentSize(before), '{"dewiki":{"site":"dewiki","title":"Berlin","badges":[]}}'.length - '[]'.length, 'adding a sitelink: + the sitelink')
  const moved: WikibaseEntity = { ...linked, sitelinks: { dewiki: { site: 'dewiki', title: 'Berlin (Stadt)', badges: [] } } }
  t.equal(entityContentSize(moved) - entityContentSize(linked), ' (Stadt)'.length, 'renaming a sitelink: + the longer title')
})
