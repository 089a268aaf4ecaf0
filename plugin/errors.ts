/**
 * Typed errors of the plugin. Each carries what was wrong and the HTTP status a route
 * answers with, so routes map errors to responses in one place (route-errors.ts).
 */
export class WikibaseError extends Error {
  readonly statusCode: number = 500
  readonly code: string = 'wikibase-error'
}

/** A plugin option is missing or malformed; `option` is its path, e.g. `worker.concurrency`. */
export class InvalidOptionError extends WikibaseError {
  override readonly statusCode = 500
  override readonly code = 'invalid-option'
  constructor (readonly option: string, readonly reason: string) {
    super(`fastify-wikibase: option "${option}" ${reason}`)
    this.name = 'InvalidOptionError'
  }
}

/** A job payload does not match its task's schema; the job is failed permanently. */
export class InvalidJobPayloadError extends WikibaseError {
  override readonly code = 'invalid-job-payload'
  constructor (readonly task: string, readonly problems: string[]) {
    super(`invalid payload for task ${task}: ${problems.join('; ')}`)
    this.name = 'InvalidJobPayloadError'
  }
}

/** The message of a 413: names the limit and the option that sets it. */
export function bodyTooLargeMessage (bodyLimit: number | undefined): string {
  return bodyLimit === undefined ? 'Request body is too large' : `Request body is larger than the limit of ${bodyLimit} bytes (option bodyLimit)`
}

/**
 * The host broke the contract at run time (hooks/contract.ts): a service it must have is
 * missing, or it answered something the plugin cannot use. The edit it was part of fails and
 * rolls back: a change that cannot be saved is an error, never dropped.
 */
export class HostContractError extends WikibaseError {
  override readonly code = 'host-contract'
  constructor (readonly service: string, readonly reason: string) {
    super(`fastify-wikibase: host.services.${service} ${reason}`)
    this.name = 'HostContractError'
  }
}
