import { WikibaseError } from '../errors.js'

/** Base of the errors about bad site input; a route answers 400 unless a subclass says otherwise. */
export class InvalidSiteError extends WikibaseError {
  override readonly statusCode: number = 400
  override readonly code: string = 'invalid-site'
}

export class InvalidSiteGlobalIdError extends InvalidSiteError {
  override readonly code = 'invalid-site-global-id'
  constructor (readonly globalId: unknown) {
    super(`not a valid global site id: ${JSON.stringify(globalId)} (1–32 letters, digits, _, - or .)`)
    this.name = 'InvalidSiteGlobalIdError'
  }
}

/** Adding a site whose global id is already registered, or a batch naming one site twice. */
export class DuplicateSiteError extends InvalidSiteError {
  override readonly statusCode = 409
  override readonly code = 'duplicate-site'
  constructor (readonly globalId: string, where: 'registry' | 'input' = 'registry') {
    super(where === 'registry'
      ? `site ${globalId} already exists`
      : `site ${globalId} appears more than once in the input`)
    this.name = 'DuplicateSiteError'
  }
}

/** Editing a site the registry does not hold. */
export class SiteNotFoundError extends InvalidSiteError {
  override readonly statusCode = 404
  override readonly code = 'site-not-found'
  constructor (readonly globalId: string) {
    super(`there is no site ${globalId}`)
    this.name = 'SiteNotFoundError'
  }
}

/** A local prefix (interwiki id or navigation id) that another site already holds. */
export class SiteIdentifierTakenError extends InvalidSiteError {
  override readonly statusCode = 409
  override readonly code = 'site-identifier-taken'
  constructor (readonly identifierType: string, readonly key: string, readonly owner: string, readonly claimant: string) {
    super(`${identifierType === 'equivalent' ? 'navigation' : 'interwiki'} id "${key}" of site ${claimant} is already taken by site ${owner}`)
    this.name = 'SiteIdentifierTakenError'
  }
}

export class InvalidSiteIdentifierError extends InvalidSiteError {
  override readonly code = 'invalid-site-identifier'
  constructor (readonly globalId: string, readonly identifierType: string, readonly key: string) {
    super(`site ${globalId}: ${JSON.stringify(key)} is not a valid ${identifierType} id (1–32 characters, no spaces or ':')`)
    this.name = 'InvalidSiteIdentifierError'
  }
}

/** A path (page path, file path, link path) without the `$1` placeholder, or not a URL. */
export class InvalidSitePathError extends InvalidSiteError {
  override readonly code = 'invalid-site-path'
  constructor (readonly globalId: string, readonly pathType: string, readonly path: string, readonly reason: string) {
    super(`site ${globalId}: ${pathType} ${JSON.stringify(path)} ${reason}`)
    this.name = 'InvalidSitePathError'
  }
}

export class UnknownSiteGroupError extends InvalidSiteError {
  override readonly code = 'unknown-site-group'
  constructor (readonly globalId: string, readonly group: string, readonly knownGroups: readonly string[]) {
    super(`site ${globalId}: unknown group ${JSON.stringify(group)} (known: ${knownGroups.join(', ')})`)
    this.name = 'UnknownSiteGroupError'
  }
}

export class InvalidSiteLanguageError extends InvalidSiteError {
  override readonly code = 'invalid-site-language'
  constructor (readonly globalId: string, readonly language: string) {
    super(`site ${globalId}: ${JSON.stringify(language)} is not a language code (up to 32 letters, digits and -)`)
    this.name = 'InvalidSiteLanguageError'
  }
}

/** A site list file (site matrix JSON or sitelist XML) that cannot be read. */
export class SiteListFormatError extends InvalidSiteError {
  override readonly code = 'site-list-format'
  constructor (readonly format: string, readonly reason: string) {
    super(`malformed ${format}: ${reason}`)
    this.name = 'SiteListFormatError'
  }
}

/** A URL was asked of a site that has no path of that type (MediaWikiSite::getFileUrl without file path). */
export class MissingSitePathError extends WikibaseError {
  override readonly statusCode = 500
  override readonly code = 'missing-site-path'
  constructor (readonly globalId: string, readonly pathType: string) {
    super(`site ${globalId} has no ${pathType}`)
    this.name = 'MissingSitePathError'
  }
}
