import type pg from 'pg'

/** A client whose connect fails while the pool ends leaves without a 'remove': don't wait for it forever. */
const CLOSE_WAIT_MS = 10_000

/**
 * Ends `pool` and waits until its connections are really closed. pg-pool's end() resolves as
 * soon as it has asked each client to end, while their sockets are still open; a server
 * stopped or a database dropped right then (the farm's Ctrl-C, a test's teardown) sends
 * those connections 57P01 "terminating connection due to administrator command", which
 * pg emits as an 'error' even on an ending client. A client's 'remove' comes after its
 * socket closed.
 */
export async function endPool (pool: pg.Pool): Promise<void> {
  if (pool.ending || pool.ended) return
  const open = pool.totalCount
  let removed = 0
  let timer: NodeJS.Timeout | undefined
  const closed = new Promise<void>(resolve => {
    if (open === 0) { resolve(); return }
    pool.on('remove', () => { removed += 1; if (removed >= open) resolve() })
    timer = setTimeout(resolve, CLOSE_WAIT_MS)
  })
  await pool.end()
  await closed
  clearTimeout(timer)
}
