import type { FastifyReply } from 'fastify'
import Type from 'typebox'
import { RestError } from './rest-errors.js'
import { restErrors } from './rest-api-error.js'

/** The schemas and small rules every REST route shares: edit metadata, JSON Patch bodies, If-Match. */

/** MediaWiki's limit of an edit summary (CommentStore::COMMENT_CHARACTER_LIMIT). */
export const COMMENT_MAX_LENGTH = 500

/**
 * The edit metadata every edit body may carry (the spec's `MediawikiEdit`): `tags`, `bot`,
 * `comment`; plus `token`, the session's csrf token (rest-request-guard.ts). A comment over
 * 500 characters is `value-too-long` at `/comment` (rest-errors.ts maps `maxLength`).
 */
export const EditMeta = {
  tags: Type.Optional(Type.Array(Type.String(), { description: 'change tags of the edit' })),
  bot: Type.Optional(Type.Boolean({ description: 'mark as a bot edit (bot users only)' })),
  comment: Type.Optional(Type.String({ maxLength: COMMENT_MAX_LENGTH, description: 'edit summary' })),
  token: Type.Optional(Type.String({ maxLength: 200, description: 'csrf token of the session, needed when the request is authenticated by a session cookie' }))
}

/** Edit metadata as routes pass it on (rest-route-context.ts turns it into EditOptions). */
export interface EditMetaBody { comment?: string, bot?: boolean, tags?: string[] }

const JsonPatch = Type.Array(Type.Object({
  op: Type.Enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: Type.String(),
  from: Type.Optional(Type.String()),
  value: Type.Optional(Type.Unknown())
}), { description: 'RFC 6902 JSON Patch' })

export const PatchBody = Type.Object({ patch: JsonPatch, ...EditMeta }, { additionalProperties: false })

/**
 * DELETE takes an optional body, which Fastify's schema validation cannot express (it
 * validates an absent body too): its edit metadata is checked here, with the errors Fastify's
 * validation would give (Wikibase's AssertValidTopLevelFields): `invalid-value` at the field,
 * `value-too-long` for the comment. Other fields are ignored, as MediaWiki does.
 */
export function deleteBody (body: unknown): EditMetaBody {
  if (body === undefined || body === null) return {}
  if (typeof body !== 'object' || Array.isArray(body)) throw restErrors.invalidValue('')
  const { comment, bot, tags, token } = body as Record<string, unknown>
  if (comment !== undefined && typeof comment !== 'string') throw restErrors.invalidValue('/comment')
  if (typeof comment === 'string' && [...comment].length > COMMENT_MAX_LENGTH) throw restErrors.valueTooLong('/comment', COMMENT_MAX_LENGTH)
  if (bot !== undefined && typeof bot !== 'boolean') throw restErrors.invalidValue('/bot')
  if (tags !== undefined && !(Array.isArray(tags) && tags.every(tag => typeof tag === 'string'))) throw restErrors.invalidValue('/tags')
  if (token !== undefined && typeof token !== 'string') throw restErrors.invalidValue('/token')
  return { comment, bot, tags: tags as string[] | undefined }
}

export const errors = { '4xx': RestError }

/**
 * The conditional request headers of the spec (RFC 9110), all optional; rest-preconditions.ts
 * evaluates them against the entity's latest revision (ETag `"<revision id>"`).
 */
export const IfMatch = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'ETags ("<revision id>") of which one must be current' })),
  'if-none-match': Type.Optional(Type.String({ description: 'ETags of which none may be current, or *' })),
  'if-modified-since': Type.Optional(Type.String({ description: 'HTTP date' })),
  'if-unmodified-since': Type.Optional(Type.String({ description: 'HTTP date' }))
})

/** Fastify sends a returned string as text; REST v1 answers a JSON string. */
export async function sendJson (reply: FastifyReply, value: unknown): Promise<FastifyReply> {
  return typeof value === 'string' ? await reply.type('application/json').send(JSON.stringify(value)) : await reply.send(value)
}
