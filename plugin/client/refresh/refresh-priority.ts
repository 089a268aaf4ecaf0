import { splitAspectKey, type AspectKey, type EntityUsage } from '../usage/entity-usage.js'

/**
 * How urgently a page's links are refreshed after a change (issue 18 point 3; beyond
 * Wikibase, which queues every RefreshLinksJob alike). Higher drains first.
 *  - LINKS (2): the page's link tables certainly depend on the data: `S` (the item's
 *    sitelinks are the page's language links), `T` (the connected page's title, linked to),
 *    `X` (the page read the whole entity: anything may depend on it).
 *  - MAYBE_LINKS (1): statements (`C`, `CQR`) and `O`: a template may turn a statement into a
 *    category or a link, and which statements do cannot be known from the usage (Wikibase
 *    records no usage per output table), so they rank above pure text.
 *  - TEXT (0): terms (`L`, `D`, `A`): only the rendered text shows them.
 */
export const REFRESH_PRIORITY = { TEXT: 0, MAYBE_LINKS: 1, LINKS: 2 } as const
export type RefreshPriority = (typeof REFRESH_PRIORITY)[keyof typeof REFRESH_PRIORITY]

const PRIORITY_OF_ASPECT: Readonly<Partial<Record<string, RefreshPriority>>> = Object.assign(Object.create(null) as object, {
  S: REFRESH_PRIORITY.LINKS,
  T: REFRESH_PRIORITY.LINKS,
  X: REFRESH_PRIORITY.LINKS,
  C: REFRESH_PRIORITY.MAYBE_LINKS,
  CQR: REFRESH_PRIORITY.MAYBE_LINKS,
  O: REFRESH_PRIORITY.MAYBE_LINKS,
  L: REFRESH_PRIORITY.TEXT,
  D: REFRESH_PRIORITY.TEXT,
  A: REFRESH_PRIORITY.TEXT
})

/** The priority of one aspect key (`L.en`, `C.P31`, `S`); an unknown aspect counts as text. */
export function aspectRefreshPriority (aspectKey: AspectKey): RefreshPriority {
  const [aspect] = splitAspectKey(aspectKey)
  return PRIORITY_OF_ASPECT[aspect] ?? REFRESH_PRIORITY.TEXT
}

/**
 * The refresh priority of a page from the usages the change affected on it: the highest of
 * its aspects. No usages known (a page a hook added): MAYBE_LINKS, as the safe middle.
 */
export function refreshPriority (usages: readonly EntityUsage[] | undefined): RefreshPriority {
  if (usages === undefined || usages.length === 0) return REFRESH_PRIORITY.MAYBE_LINKS
  let priority: RefreshPriority = REFRESH_PRIORITY.TEXT
  for (const usage of usages) {
    const p = aspectRefreshPriority(usage.aspect)
    if (p > priority) priority = p
  }
  return priority
}
