import type { FastifyReply, FastifyRequest } from 'fastify'
import type { HostUser } from '../../hooks/contract.js'
import { userNamed } from '../engine/user-store.js'
import type { Wiki } from '../engine/wiki-engine.js'

const COOKIE = 'examplewikiuser'

/** The name the visitor last signed an edit with (a cookie; no JavaScript, no login). */
export function rememberedName (request: FastifyRequest): string {
  const cookie = request.headers.cookie ?? ''
  const match = new RegExp(`(?:^|;\\s*)${COOKIE}=([^;]*)`).exec(cookie)
  return match === null ? '' : decodeURIComponent(match[1]!)
}

/** The editing user of a form post (`user` field), remembered for the next form. */
export async function editingUser (wiki: Wiki, request: FastifyRequest, reply: FastifyReply, name: unknown): Promise<HostUser> {
  const typed = typeof name === 'string' ? name.slice(0, 80) : ''
  void reply.header('set-cookie', `${COOKIE}=${encodeURIComponent(typed)}; Path=/; SameSite=Lax`)
  return await userNamed(wiki.db.pool, wiki.db, typed, request.ip)
}
