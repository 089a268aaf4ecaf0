import { entityMap, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { ApiError, paramInvalid, wikibaseApiError } from '../../action-api/api-errors.js'

/** The change op of one sitelink (ChangeOpSiteLink), a pure function like every change op here. */

/** Sets the sitelink (title given) or removes it (no title); badges undefined keeps the current ones. */
export function setSiteLink (entity: WikibaseEntity, site: string, title: string | undefined, badges: string[] | undefined): WikibaseEntity {
  if (entity.type !== 'item') throw paramInvalid(`${entity.type} entities have no sitelinks.`)
  const sitelinks = { ...entityMap(entity.sitelinks) }
  // Own properties only: a site id `__proto__` or `constructor` must read as no sitelink
  // (and is then refused as an unknown site), not as Object.prototype.
  const current = Object.hasOwn(sitelinks, site) ? sitelinks[site] : undefined
  const text = title?.trim() ?? ''
  if (text === '') {
    if (current === undefined) throw wikibaseApiError('no-such-sitelink', `The item has no sitelink to ${site}.`, [site])
    delete sitelinks[site]
  } else {
    for (const badge of badges ?? []) {
      if (!/^Q[1-9]\d*$/.test(badge)) throw new ApiError('invalid-entity-id', `Badge ${JSON.stringify(badge)} is not an item id.`)
    }
    Object.defineProperty(sitelinks, site,
      { value: { site, title: text, badges: badges ?? current?.badges ?? [] }, enumerable: true, writable: true, configurable: true })
  }
  return { ...entity, sitelinks }
}
