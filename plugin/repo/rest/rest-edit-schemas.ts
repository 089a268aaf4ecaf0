import type { FastifyReply } from 'fastify'
import Type from 'typebox'
import Value from 'typebox/value'
import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { RestError } from './rest-errors.js'

/** The schemas and small rules every REST route shares: edit metadata, JSON Patch bodies, If-Match. */

export const EditMeta = {
  comment: Type.Optional(Type.String({ maxLength: 500, description: 'edit summary' })),
  bot: Type.Optional(Type.Boolean({ description: 'mark as a bot edit (bot users only)' })),
  tags: Type.Optional(Type.Array(Type.String())),
  token: Type.Optional(Type.String({ maxLength: 200, description: 'csrf token of the session, needed when the request is authenticated by a session cookie' }))
}

const JsonPatch = Type.Array(Type.Object({
  op: Type.Enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: Type.String(),
  from: Type.Optional(Type.String()),
  value: Type.Optional(Type.Unknown())
}), { description: 'RFC 6902 JSON Patch' })

export const PatchBody = Type.Object({ patch: JsonPatch, ...EditMeta }, { additionalProperties: false })

const DeleteBodySchema = Type.Object({ ...EditMeta }, { additionalProperties: false })

/**
 * DELETE and undelete take an optional body, which Fastify's schema validation cannot express
 * (it validates an absent body too): checked here against its TypeBox schema instead.
 */
export function deleteBody (body: unknown): { comment?: string, bot?: boolean, tags?: string[] } {
  if (body === undefined || body === null) return {}
  if (!Value.Check(DeleteBodySchema, body)) {
    throw new InvalidEntityValueError('body', 'may only hold comment (string), bot (boolean), tags (strings) and token (string)')
  }
  return body
}

export const errors = { '4xx': RestError }

export const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'the ETag ("<revision id>") the edit is based on' })) })

/** The revision id in `If-Match: "123"` (weak or not); undefined when absent. */
export function baseRevisionOf (header: string | undefined): number | undefined {
  if (header === undefined) return undefined
  const match = /^\s*(?:W\/)?"?([0-9]{1,16})"?\s*$/.exec(header)
  const revisionId = match === null ? NaN : Number(match[1])
  if (!Number.isSafeInteger(revisionId)) throw new InvalidEntityValueError('If-Match', 'must be an ETag "<revision id>" as sent by GET')
  return revisionId
}

/** Fastify sends a returned string as text; REST v1 answers a JSON string. */
export async function sendJson (reply: FastifyReply, value: unknown): Promise<FastifyReply> {
  return typeof value === 'string' ? await reply.type('application/json; charset=utf-8').send(JSON.stringify(value)) : await reply.send(value)
}
