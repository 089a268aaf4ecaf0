import t from 'tap'
import type { StoredChangeRow } from '../../../../plugin/changes/stored-change.js'
import { pushChunks } from '../../../../plugin/repo/dispatch/push-chunks.js'

const row = (id: number, info = '{}'): StoredChangeRow =>
  ({ id, type: 'wikibase-item~update', time: '20261205000000', object_id: `Q${id}`, revision_id: id, user_id: 1, info })
const bytes = (r: StoredChangeRow): number => Buffer.byteLength(JSON.stringify(r), 'utf8') + 1
const ids = (chunks: StoredChangeRow[][]): number[][] => chunks.map(chunk => chunk.map(r => r.id))

t.test('a delivery is split into pushes of at most maxBytes of rows, in change order', async t => {
  const size = bytes(row(1))
  const rows = [1, 2, 3, 4, 5].map(id => row(id))
  const cases: Array<[string, StoredChangeRow[], number, number[][]]> = [
    ['nothing', [], 100, []],
    ['all fit', rows, 5 * size, [[1, 2, 3, 4, 5]]],
    ['two per push', rows, 2 * size, [[1, 2], [3, 4], [5]]],
    ['just under two', rows, 2 * size - 1, [[1], [2], [3], [4], [5]]],
    ['a row larger than the limit goes alone', [row(1), row(2, 'x'.repeat(500)), row(3)], 3 * size, [[1], [2], [3]]]
  ]
  for (const [name, input, max, expected] of cases) t.same(ids(pushChunks(input, max)), expected, name)
})

t.test('bytes are counted in UTF-8, not in characters', async t => {
  const wide = row(1, '"' + 'ü'.repeat(100) + '"')
  t.equal(bytes(wide) - bytes(row(1, '"' + 'u'.repeat(100) + '"')), 100, 'each ü is two bytes')
  t.same(ids(pushChunks([wide, wide], 2 * bytes(wide) - 1)), [[1], [1]])
  t.same(ids(pushChunks([wide, wide], 2 * bytes(wide))), [[1, 1]])
})
