/**
 * How a sitelink's badges show on a sidebar link (language link or other-projects link), as
 * Wikibase's SidebarLinkBadgeDisplay::getBadgeInfo (client/includes/Hooks/SidebarLinkBadgeDisplay.php):
 * every badge gives the class `badge-<id>`; a badge named in the client setting
 * `badgeClassNames` adds that class too and its item's label to the link's title. Badges not
 * in the setting stay unlabelled, so a wiki can ignore them.
 */

/** The `class` and title (`itemtitle`) a link gets from its badges; both '' without badges. */
export interface BadgeInfo {
  class: string
  label: string
}

/**
 * MediaWiki's Sanitizer::escapeClass: characters not allowed in a class name (ASCII
 * punctuation, whitespace, a leading digit or dash) become `_`, runs of `_` one, trailing `_` go.
 */
export function escapeClass (name: string): string {
  return name
    .replace(/^[0-9-]|[\u0000-\u0020!"#$%&'()*+,./:;<=>?@[\\\]^`{|}~]|\u00a0/gu, '_')
    .replace(/_+/g, '_')
    .replace(/_+$/, '')
}

/**
 * The badge info of one link. `labelOf` gives a badge item's label (null: none), asked only
 * for badges in `badgeClassNames`; labels are joined as MediaWiki's commaList (", ").
 */
export async function badgeInfo (
  badges: readonly string[],
  badgeClassNames: Readonly<Record<string, string>>,
  labelOf: (badge: string) => Promise<string | null>
): Promise<BadgeInfo> {
  const classes: string[] = []
  const labels: string[] = []
  for (const badge of badges) {
    classes.push(`badge-${escapeClass(badge)}`)
    const extra = Object.hasOwn(badgeClassNames, badge) ? badgeClassNames[badge] : undefined
    if (extra === undefined) continue
    classes.push(escapeClass(extra))
    const label = await labelOf(badge)
    if (label !== null) labels.push(label)
  }
  return { class: classes.join(' '), label: labels.join(', ') }
}
