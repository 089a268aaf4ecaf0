/**
 * HTTP between the processes of the cross-process tests and the remote benchmark: free ports,
 * readiness, edits through the repo's action API (no test framework here: bench/ imports it).
 */
import { createServer } from 'node:net'

const HOST = '127.0.0.1'
const HTTP_READY_MS = 60_000

/** A port nothing listens on now (taken by the OS for a moment, then released). */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen({ port: 0, host: HOST }, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => { resolve(port) })
    })
  })
}

/** Until `url` answers 200, or the deadline. */
export async function waitForHttp (url: string, timeoutMs = HTTP_READY_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer'
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
      await response.arrayBuffer()
      if (response.status === 200) return
      last = `HTTP ${response.status}`
    } catch (error) {
      last = (error as Error).message
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (${last})`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

/**
 * Edits on the repo through its action API, as one anonymous editor (so consecutive edits of
 * one item are one user's run, which the client's coalescing merges). Each returns the new
 * revision id.
 */
export function repoEditor (repoUrl: string): {
  setLabel: (id: string, language: string, value: string) => Promise<number>
  setDescription: (id: string, language: string, value: string) => Promise<number>
} {
  let token: string | undefined
  const api = async (params: Record<string, string>): Promise<any> => {
    const response = await fetch(`${repoUrl}w/api.php`, { method: 'POST', body: new URLSearchParams({ format: 'json', ...params }) })
    return await response.json()
  }
  const edit = async (params: Record<string, string>): Promise<number> => {
    token ??= (await api({ action: 'query', meta: 'tokens' })).query.tokens.csrftoken as string
    const answer = await api({ ...params, token })
    if (answer.success !== 1) throw new Error(`${params.action} ${params.id}: ${JSON.stringify(answer)}`)
    return Number(answer.entity.lastrevid)
  }
  return {
    setLabel: async (id, language, value) => await edit({ action: 'wbsetlabel', id, language, value }),
    setDescription: async (id, language, value) => await edit({ action: 'wbsetdescription', id, language, value })
  }
}
