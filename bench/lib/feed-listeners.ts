/**
 * The change feed benchmark's listeners, in a process of their own (so the repo's RSS and CPU
 * are its own): `feed-listeners.ts <url> <listeners> <edits>` opens the streams, prints
 * `ready`, and once every stream has `edits` events prints one JSON line: per stream, the
 * events' entity ids, ids and arrival times (epoch ms), then exits.
 */
import http from 'node:http'
import { SseClient } from './sse-client.js'

const [url, listeners, edits] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])]
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity })
const clients = Array.from({ length: listeners }, () => new SseClient(url, {}, agent))
await Promise.all(clients.map(async client => { await client.waitFor(c => c.comments >= 1, 60_000) }))
process.stdout.write('ready\n')
await Promise.all(clients.map(async client => { await client.waitFor(c => c.events.length >= edits, 300_000) }))
const streams = clients.map(c => c.events.map(e => [String(e.data.entityId), e.id, e.receivedAt]))
process.stdout.write(`${JSON.stringify(streams)}\n`, () => {
  for (const client of clients) client.close()
  agent.destroy()
  process.exit(0)
})
