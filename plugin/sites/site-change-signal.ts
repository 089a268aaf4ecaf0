import { EventEmitter } from 'node:events'
import type pg from 'pg'

/**
 * In-process notice that a wiki's sites changed, keyed by pool and schema, so every
 * SiteLookup on the same database in this process drops its cache at once after a write.
 * Other processes notice through the registry's fingerprint (readSitesVersion, see SiteLookup).
 */
const signals = new WeakMap<pg.Pool, EventEmitter>()

function emitterFor (pool: pg.Pool): EventEmitter {
  let emitter = signals.get(pool)
  if (emitter === undefined) {
    emitter = new EventEmitter()
    emitter.setMaxListeners(0)
    signals.set(pool, emitter)
  }
  return emitter
}

export function announceSitesChanged (pool: pg.Pool, schema: string): void {
  emitterFor(pool).emit(schema)
}

/** Calls `listener` after each write to the schema's sites; returns the unsubscribe function. */
export function onSitesChanged (pool: pg.Pool, schema: string, listener: () => void): () => void {
  const emitter = emitterFor(pool)
  emitter.on(schema, listener)
  return () => { emitter.off(schema, listener) }
}
