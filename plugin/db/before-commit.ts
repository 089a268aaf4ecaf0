import type { ClientBase } from 'pg'

type Work = () => Promise<void>

/** Work to run last in a transaction of `withTransaction`, by key. */
const pending = new WeakMap<ClientBase, Map<string, Work>>()

/** withTransaction opens the list after BEGIN. */
export function openBeforeCommit (tx: ClientBase): void {
  pending.set(tx, new Map())
}

/** withTransaction runs the list just before COMMIT: each key once, in key order. */
export async function runBeforeCommit (tx: ClientBase): Promise<void> {
  const work = pending.get(tx)
  if (work === undefined) return
  pending.delete(tx)
  // Key order: two transactions that both take the locks of keys a and b take them in the
  // same order, so they wait for each other instead of deadlocking.
  for (const key of [...work.keys()].sort()) await work.get(key)!()
}

/** withTransaction drops the list when the transaction ends either way. */
export function closeBeforeCommit (tx: ClientBase): void {
  pending.delete(tx)
}

/**
 * Runs `work` as the last statements of `tx`, once per key (the last registration of a key
 * wins). For writes that lock a row every other writer also needs until commit (a keyed job
 * that collapses pending duplicates): done last, the lock is held for the commit only. In a
 * transaction not opened by `withTransaction` (nothing would run the list) it runs at once.
 */
export async function beforeCommit (tx: ClientBase, key: string, work: Work): Promise<void> {
  const list = pending.get(tx)
  if (list === undefined) {
    await work()
    return
  }
  list.set(key, work)
}
