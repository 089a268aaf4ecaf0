import http from 'node:http'

/** One `change` event as the feed sends it, with the time it arrived. */
export interface ReceivedEvent {
  id: number
  data: Record<string, unknown>
  /** Epoch milliseconds (comparable across processes). */
  receivedAt: number
}

/**
 * A minimal Server-Sent Events reader over node:http (the feed's tests and its benchmark): it
 * collects `change` events and counts comment lines (heartbeats). `waitFor` resolves when a
 * condition on what arrived holds, or rejects at its deadline.
 */
export class SseClient {
  readonly events: ReceivedEvent[] = []
  comments = 0
  status = 0
  ended = false
  private buffer = ''
  private request!: http.ClientRequest
  private readonly waiters = new Set<() => void>()
  /** Resolves with the response status once headers arrived. */
  readonly ready: Promise<number>

  constructor (url: string, headers: Record<string, string> = {}, agent?: http.Agent) {
    this.ready = new Promise((resolve, reject) => {
      this.request = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, ...(agent === undefined ? {} : { agent }) }, response => {
        this.status = response.statusCode ?? 0
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => { this.take(chunk) })
        response.on('end', () => { this.ended = true; this.wake() })
        response.on('error', () => { this.ended = true; this.wake() })
        resolve(this.status)
      })
      this.request.on('error', err => { this.ended = true; this.wake(); reject(err) })
    })
  }

  ids (): number[] { return this.events.map(event => event.id) }

  async waitFor (check: (client: SseClient) => boolean, timeoutMs = 10_000): Promise<void> {
    if (check(this)) return
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { this.waiters.delete(waiter); reject(new Error(`SSE condition not met within ${timeoutMs} ms (${this.events.length} events)`)) }, timeoutMs)
      const waiter = (): void => {
        if (!check(this) && !this.ended) return
        clearTimeout(timer)
        this.waiters.delete(waiter)
        if (check(this)) resolve(); else reject(new Error('SSE stream ended before the condition held'))
      }
      this.waiters.add(waiter)
    })
  }

  close (): void { this.request.destroy() }

  private take (chunk: string): void {
    this.buffer += chunk
    let end: number
    while ((end = this.buffer.indexOf('\n\n')) !== -1) {
      const block = this.buffer.slice(0, end)
      this.buffer = this.buffer.slice(end + 2)
      this.parse(block)
    }
    this.wake()
  }

  private parse (block: string): void {
    let id: number | null = null
    let data = ''
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) { this.comments += 1; continue }
      if (line.startsWith('id: ')) id = Number(line.slice(4))
      if (line.startsWith('data: ')) data += line.slice(6)
    }
    if (id !== null) this.events.push({ id, data: JSON.parse(data) as Record<string, unknown>, receivedAt: performance.timeOrigin + performance.now() })
  }

  private wake (): void {
    for (const waiter of [...this.waiters]) waiter()
  }
}
