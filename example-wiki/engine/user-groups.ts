import type { UserRight } from '../../hooks/contract.js'

/**
 * Groups and their rights, as MediaWiki's defaults (includes/MainConfigSchema.php,
 * `GroupPermissions`; DefaultSettings.php `$wgGroupPermissions` before 1.39), trimmed to the
 * rights this wiki and the plugin ask about, plus Wikibase's grants to `*` (repo
 * extension.json `GroupPermissions`) and this wiki's own `managesites` for sysops
 * (Special:Sites: writing the sites table, which MediaWiki does only from maintenance scripts).
 * Every visitor is in `*`; every logged-in user also in `user` (MediaWiki's implicit groups).
 */
export type ExampleRight = UserRight | 'move' | 'purge' | 'minoredit' | 'createaccount' | 'block' | 'managesites'

export const GROUPS = ['*', 'user', 'bot', 'sysop', 'suppress'] as const
export type Group = typeof GROUPS[number]

export const GROUP_PERMISSIONS: Readonly<Record<Group, readonly ExampleRight[]>> = {
  // MediaWiki '*': createaccount, read, edit, createpage (createtalk, writeapi, … not asked here);
  // Wikibase '*': item-term, property-term, item-merge, item-redirect, property-create.
  '*': ['createaccount', 'read', 'edit', 'createpage', 'item-term', 'property-term', 'item-merge', 'item-redirect', 'property-create'],
  // MediaWiki 'user': move, read, edit, createpage, minoredit, purge, applychangetags (upload, sendemail, … not asked here).
  user: ['move', 'read', 'edit', 'createpage', 'minoredit', 'purge', 'applychangetags'],
  // MediaWiki 'bot': bot, editsemiprotected (autoconfirmed, apihighlimits, … not asked here).
  bot: ['bot', 'editsemiprotected'],
  // MediaWiki 'sysop': block, delete, undelete, protect, editprotected, editsemiprotected, createaccount,
  // managechangetags, deletechangetags, deleterevision, deletedhistory, deletedtext (and many more);
  // managesites is this wiki's.
  sysop: ['block', 'createaccount', 'delete', 'undelete', 'protect', 'editprotected', 'editsemiprotected', 'managechangetags', 'deletechangetags',
    'deleterevision', 'deletedhistory', 'deletedtext', 'managesites'],
  // MediaWiki 'suppress' (oversighters): suppressrevision, deleterevision, deletedhistory,
  // deletedtext (hideuser, suppressionlog, viewsuppressed not asked here).
  suppress: ['suppressrevision', 'deleterevision', 'deletedhistory', 'deletedtext']
}

export function isGroup (name: string): name is Group {
  return (GROUPS as readonly string[]).includes(name)
}

/** The groups of a visitor: `*` always, `user` when logged in, then the user's own groups. */
export function effectiveGroups (loggedIn: boolean, explicit: readonly string[]): Group[] {
  const groups: Group[] = ['*']
  if (loggedIn) groups.push('user', ...explicit.filter(isGroup).filter(g => g !== '*' && g !== 'user'))
  return [...new Set(groups)]
}

/** Whether any of the groups grants the right. */
export function groupsGrant (groups: readonly Group[], right: ExampleRight): boolean {
  return groups.some(group => GROUP_PERMISSIONS[group].includes(right))
}
