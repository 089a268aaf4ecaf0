import { createServer } from 'node:net'

/**
 * A start-up failure the user can fix, with a message that says how: printed as is, without
 * a stack trace (nothing in the code is wrong).
 */
export class StartupError extends Error {
  override name = 'StartupError'
}

/** A TCP port we need, what it is for, and the environment variable that moves it. */
export interface NeededPort { port: number, role: string, variable: string }

/** Ports another process holds: the message names each and the variables that move them. */
export class PortInUseError extends StartupError {
  constructor (readonly busy: NeededPort[], question = '') {
    const variables = [...new Set(busy.map(b => b.variable))]
    super(`${busy.map(b => `port ${b.port} (${b.role})`).join(' and ')} ${busy.length === 1 ? 'is' : 'are'} in use by another process.` +
      `${question === '' ? '' : ` ${question}`} Stop it, or set ${variables.join(' and ')} to ${variables.length === 1 ? 'a free port' : 'free ports'}.`)
  }
}

/** The ports of `needed` that another process holds. */
export async function busyPorts (needed: NeededPort[]): Promise<NeededPort[]> {
  const free = await Promise.all(needed.map(async n => await portIsFree(n.port)))
  return needed.filter((_, i) => free[i] === false)
}

/** Whether nothing listens on `port` of 127.0.0.1 (a listen that is closed at once). */
export async function portIsFree (port: number, host = '127.0.0.1'): Promise<boolean> {
  return await new Promise<boolean>((resolve, reject) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false)
      else reject(error)
    })
    server.listen({ port, host, exclusive: true }, () => { server.close(() => { resolve(true) }) })
  })
}
