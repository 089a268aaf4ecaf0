import { Logger, type LogFunctionFactory } from 'graphile-worker'
import type { FastifyBaseLogger } from 'fastify'

/** Routes graphile-worker's log lines through Fastify's pino logger. */
export function graphileLogger (log: FastifyBaseLogger): Logger {
  const factory: LogFunctionFactory = scope => (level, message, meta) => {
    const fields = { queue: scope, ...(meta ?? {}) }
    switch (level) {
      case 'error': log.error(fields, message); break
      case 'warning': log.warn(fields, message); break
      case 'info': log.debug(fields, message); break
      default: log.trace(fields, message)
    }
  }
  return new Logger(factory)
}
