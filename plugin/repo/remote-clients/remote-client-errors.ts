import { WikibaseError } from '../../errors.js'

/**
 * Refusals of remote-client registration (remote-client-rules.ts, remote-client-store.ts).
 * Each names the site and what was wrong; the CLI prints the message.
 */
export class RemoteClientError extends WikibaseError {
  override readonly statusCode: number = 400
  override readonly code: string = 'invalid-remote-client'
}

export class InvalidRemoteClientIdError extends RemoteClientError {
  override readonly code = 'invalid-site-global-id'
  constructor (readonly siteId: unknown) {
    super(`not a valid global site id: ${JSON.stringify(siteId)} (1–32 letters, digits, _, - or .)`)
    this.name = 'InvalidRemoteClientIdError'
  }
}

export class InvalidPushUrlError extends RemoteClientError {
  override readonly code = 'invalid-push-url'
  constructor (readonly siteId: string, readonly url: string, readonly reason: string) {
    super(`remote client ${siteId}: --url ${JSON.stringify(url)} ${reason}`)
    this.name = 'InvalidPushUrlError'
  }
}

/** The site is a client of the repo's farm (configured, or holding rows on the repo): it cannot also be a remote one. */
export class FarmClientCollisionError extends RemoteClientError {
  override readonly statusCode = 409
  override readonly code = 'farm-client'
  constructor (readonly siteId: string, reason: string) {
    super(`site ${siteId} ${reason}; a remote client needs a site id of its own`)
    this.name = 'FarmClientCollisionError'
  }
}

export class RemoteClientExistsError extends RemoteClientError {
  override readonly statusCode = 409
  override readonly code = 'remote-client-exists'
  constructor (readonly siteId: string) {
    super(`remote client ${siteId} is already registered (remove it with --purge first to register it again)`)
    this.name = 'RemoteClientExistsError'
  }
}

export class RemoteClientNotFoundError extends RemoteClientError {
  override readonly statusCode = 404
  override readonly code = 'remote-client-not-found'
  constructor (readonly siteId: string) {
    super(`there is no remote client ${siteId}`)
    this.name = 'RemoteClientNotFoundError'
  }
}
