import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { isItemId } from './entity-id-rules.js'
import { listAt, mapAt, objectWithKeys } from './json-shape.js'
import { checkPlainString, checkStorableString } from './string-rules.js'
import { ValueTooLongError } from './validation-errors.js'

/**
 * Sitelinks `{site, title, badges}` by site id. The title must be a page title MediaWiki can
 * hold: no character outside `$wgLegalTitleChars` (so none of `# < > [ ] { } |`, no control
 * characters), no `%XX` percent escape and no `&name;` entity (MediaWikiTitleCodec's
 * getTitleInvalidRegex), no white space at either end. Badges are item ids, each once.
 * `url` is what the API adds on output; an imported dump may carry it.
 */
const KEYS = new Set(['site', 'title', 'badges', 'url'])
/** `wb_items_per_site.ips_site_page` is varchar(310). */
export const MAX_SITELINK_TITLE_LENGTH = 310
const SITE_ID = /^[A-Za-z0-9_.-]{1,32}$/

const ILLEGAL_TITLE = /[#<>[\]{}|\u0000-\u001f\u007f\ufffd]|%[0-9A-Fa-f]{2}|&[A-Za-z0-9\u0080-\uffff]+;/u

export function checkSitelinkTitle (path: string, title: unknown): void {
  if (typeof title !== 'string' || title.trim() === '') throw new InvalidEntityValueError(path, 'must be a non-empty page title')
  if (title.length > MAX_SITELINK_TITLE_LENGTH) throw new ValueTooLongError(path, title.length, MAX_SITELINK_TITLE_LENGTH)
  checkStorableString(path, title)
  const illegal = ILLEGAL_TITLE.exec(title)
  if (illegal !== null) throw new InvalidEntityValueError(path, `${JSON.stringify(illegal[0])} may not appear in a page title`, 'illegal-title-chars')
  if (title !== title.trim()) throw new InvalidEntityValueError(path, 'must not start or end with white space', 'malformed-value')
}

export function checkSitelink (site: string, raw: unknown): void {
  const path = `sitelinks/${site}`
  if (!SITE_ID.test(site)) throw new InvalidEntityValueError(path, 'sitelinks are listed by site id')
  const link = objectWithKeys(path, raw, KEYS, 'an object {site, title, badges}')
  if (link.site !== site) throw new InvalidEntityValueError(`${path}/site`, `must be ${JSON.stringify(site)} (the key it is listed under)`)
  checkSitelinkTitle(`${path}/title`, link.title)
  const seen = new Set<string>()
  listAt(`${path}/badges`, link.badges ?? []).forEach((badge, i) => {
    if (!isItemId(badge)) throw new InvalidEntityValueError(`${path}/badges/${i}`, 'must be an item id')
    if (seen.has(badge)) throw new InvalidEntityValueError(`${path}/badges/${i}`, `repeats the badge ${badge}`)
    seen.add(badge)
  })
  if (link.url !== undefined) checkPlainString(`${path}/url`, link.url, 2048)
}

export function checkSitelinks (raw: unknown): void {
  for (const [site, link] of Object.entries(mapAt('sitelinks', raw))) checkSitelink(site, link)
}
