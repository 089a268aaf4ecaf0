import type { EntityId } from '../../../hooks/ids.js'

/**
 * What `wblinktitles` does with two pages, from the items they are linked to now (Wikibase's
 * repo/includes/Api/LinkTitles.php, execute): neither linked → a new item with both
 * sitelinks (the `to` link first, as Wikibase adds them); one linked → the other page is added
 * to that item; both on one item → `common-item`; on two items → `no-common-item`.
 * Pure: the module looks the items up and does the edit.
 */
export type LinkTitlesPlan =
  | { kind: 'create' }
  | { kind: 'connect', item: EntityId, add: 'from' | 'to' }
  | { kind: 'refuse', code: 'common-item' | 'no-common-item', info: string }

export function planLinkTitles (fromItem: EntityId | null, toItem: EntityId | null): LinkTitlesPlan {
  if (fromItem === null) return toItem === null ? { kind: 'create' } : { kind: 'connect', item: toItem, add: 'from' }
  if (toItem === null) return { kind: 'connect', item: fromItem, add: 'to' }
  if (fromItem === toItem) return { kind: 'refuse', code: 'common-item', info: 'Common item detected, sitelinks are both on the same item' }
  return { kind: 'refuse', code: 'no-common-item', info: 'No common item detected, unable to link titles' }
}
