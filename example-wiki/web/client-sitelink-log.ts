/**
 * The repo edits an UpdateRepo job made for a client user (Wikibase's UpdateRepoOnMoveJob /
 * UpdateRepoOnDeleteJob summaries, plugin/repo/update-repo/update-repo-edits.ts), read back
 * from their autocomment so Special:Log can list them: which client site, which page, what
 * became of the sitelink. Null for any other comment.
 */
export type ClientSitelinkEdit =
  | { action: 'update', site: string, oldTitle: string, newTitle: string }
  | { action: 'remove', site: string, title: string }

const UPDATE = /^\/\* clientsitelink-update:0\|([^|]+)\|([^|:]+):([^|]*)\|([^|:]+):([^|]*) \*\/$/
const REMOVE = /^\/\* clientsitelink-remove:1\|\|([^|]+) \*\/ (.*)$/

export function clientSitelinkEdit (comment: string): ClientSitelinkEdit | null {
  const update = UPDATE.exec(comment)
  if (update !== null && update[2] === update[1] && update[4] === update[1]) {
    return { action: 'update', site: update[1]!, oldTitle: update[3]!, newTitle: update[5]! }
  }
  const remove = REMOVE.exec(comment)
  if (remove !== null) return { action: 'remove', site: remove[1]!, title: remove[2]! }
  return null
}
