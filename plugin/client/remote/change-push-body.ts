import Type from 'typebox'
import { formatProblems, schemaProblems } from '../../schema-problems.js'
import { ChangeRowFields } from '../../queue/task-payloads.js'
import { jsonDepthExceeds } from '../../http/json-depth.js'
import { findValueProblem } from '../../http/storable-strings.js'
import type { StoredChangeRow } from '../../changes/stored-change.js'

/** At most this many changes per push: the bound of repoSettings.dispatchBatchSize, which sizes the repo's pushes. */
export const MAX_PUSH_CHANGES = 100_000

/** A push body nests no deeper than this (the body, its list, a row); the rows' info is JSON text. */
const MAX_PUSH_DEPTH = 8

/**
 * The batch of a push (plugin/remote/remote-wire.ts ChangePushBody): rows of the wire form
 * with their exact field types, at most {@link MAX_PUSH_CHANGES}.
 */
const ChangePushSchema = Type.Object({
  repo: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$' }),
  client: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$' }),
  changes: Type.Array(ChangeRowFields, { maxItems: MAX_PUSH_CHANGES })
}, { additionalProperties: false })

export type PushBodyCheck = { ok: true, changes: StoredChangeRow[] } | { ok: false, message: string }

/**
 * The changes of a push's (already authenticated) body text, or what is wrong with it: not
 * JSON, nested too deep, a string PostgreSQL cannot store, not a batch of change rows, or the
 * batch of another repo or for another client. Pure.
 */
export function parsePushBody (text: string, expected: { repo: string, client: string }): PushBodyCheck {
  if (jsonDepthExceeds(text, MAX_PUSH_DEPTH)) return { ok: false, message: `the body nests deeper than ${MAX_PUSH_DEPTH} levels` }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    return { ok: false, message: `the body is not JSON: ${(error as Error).message}` }
  }
  const unstorable = findValueProblem(body, 'body')
  if (unstorable !== null) return { ok: false, message: `${unstorable.path}: ${unstorable.reason}` }
  const problems = schemaProblems(ChangePushSchema, body)
  if (problems.length > 0) return { ok: false, message: `not a batch of changes: ${formatProblems(problems.slice(0, 5)).join('; ')}` }
  const batch = body as { repo: string, client: string, changes: StoredChangeRow[] }
  if (batch.repo !== expected.repo) return { ok: false, message: `changes of repo ${batch.repo}; this wiki's repo is ${expected.repo}` }
  if (batch.client !== expected.client) return { ok: false, message: `changes for ${batch.client}; this wiki is ${expected.client}` }
  return { ok: true, changes: batch.changes }
}
