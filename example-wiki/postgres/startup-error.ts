import { createServer } from 'node:net'

/**
 * A start-up failure the user can fix, with a message that says how: printed as is, without
 * a stack trace (nothing in the code is wrong).
 */
export class StartupError extends Error {
  override name = 'StartupError'
}

/** A TCP port another process holds, and the environment variable that moves ours. */
export class PortInUseError extends StartupError {
  constructor (readonly port: number, readonly variable: string, readonly role: string) {
    super(`port ${port} (${role}) is in use by another process. Is another \`npm run example\` running? ` +
      `Stop it, or set ${variable} to a free port.`)
  }
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
