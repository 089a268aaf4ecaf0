import type { StoredChangeRow } from '../../changes/stored-change.js'

/**
 * Splits a remote client's delivery (rows of many entities, in change order) into pushes
 * whose rows take at most `maxBytes` of JSON each, order kept: a dispatch batch of up to
 * `dispatchBatchSize` rows must not become one body beyond what the client accepts (it would
 * answer 413 on every retry). A row larger than `maxBytes` on its own goes alone (the client
 * limit is twice the chunk size, and a change row is small: its info holds a compact diff, not
 * the entity). Pure.
 */
export function pushChunks (rows: readonly StoredChangeRow[], maxBytes: number): StoredChangeRow[][] {
  const chunks: StoredChangeRow[][] = []
  let chunk: StoredChangeRow[] = []
  let size = 0
  for (const row of rows) {
    // The row's JSON and its comma in the array.
    const bytes = Buffer.byteLength(JSON.stringify(row), 'utf8') + 1
    if (chunk.length > 0 && size + bytes > maxBytes) {
      chunks.push(chunk)
      chunk = []
      size = 0
    }
    chunk.push(row)
    size += bytes
  }
  if (chunk.length > 0) chunks.push(chunk)
  return chunks
}
