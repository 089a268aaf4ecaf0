import { escapeHtml } from '../engine/wikitext-renderer.js'

/**
 * Wikibase's AutoCommentFormatter (lib/includes/Formatters/AutoCommentFormatter.php): the
 * machine-readable autocomment of an entity edit (`wbsetlabel-set:1|en`, as SummaryFormatter
 * writes it: a name, then `:` and `|`-separated parameters) shown as the summary message
 * `<prefix>-summary-<name>` with those parameters — `Changed [en] label`. The first prefix
 * with a message wins: the repo tries `wikibase-item`/`wikibase-property` then
 * `wikibase-entity` (RepoHooks::onFormatAutocomments); a client only `wikibase-entity`
 * (client/includes/Hooks/FormatAutocommentsHandler.php, for comments of its repo).
 * Parameters are text: escaped, never markup. English texts of lib/i18n/en.json.
 */
const ENTITY_SUMMARIES: Readonly<Record<string, string>> = {
  'wbsetlabel-add': 'Added [$2] label',
  'wbsetlabel-set': 'Changed [$2] label',
  'wbsetlabel-remove': 'Removed [$2] label',
  'wbsetdescription-add': 'Added [$2] description',
  'wbsetdescription-set': 'Changed [$2] description',
  'wbsetdescription-remove': 'Removed [$2] description',
  'wbsetaliases-set': 'Setting [$2] {{PLURAL:$1|alias|aliases}}',
  'wbsetaliases-add-remove': 'Added and removed [$2] {{PLURAL:$1|alias|aliases}}',
  'wbsetaliases-add': 'Added [$2] {{PLURAL:$1|alias|aliases}}',
  'wbsetaliases-remove': 'Removed [$2] {{PLURAL:$1|alias|aliases}}',
  wbsetlabeldescriptionaliases: 'Changed [$2] label, description and aliases',
  'wbsetsitelink-add': 'Added link to [$2]',
  'wbsetsitelink-add-both': 'Added link with badges to [$2]',
  'wbsetsitelink-set': 'Changed link to [$2]',
  'wbsetsitelink-set-badges': 'Changed badges for [$2]',
  'wbsetsitelink-set-both': 'Changed link and badges for [$2]',
  'wbsetsitelink-remove': 'Removed link to [$2]',
  'wblinktitles-create': 'Created this item to connect pages',
  'wblinktitles-connect': 'Added a language link to connect pages',
  'wbeditentity-create': 'Created a new entity',
  'wbeditentity-update': 'Changed an entity',
  'wbeditentity-override': 'Cleared an entity',
  'wbcreate-new': 'Created a new entity',
  wbcreateredirect: 'Redirected to $4',
  'wbcreateclaim-create': 'Created claim',
  'wbcreateclaim-value': 'Created {{PLURAL:$1|a claim|claims}}',
  'wbcreateclaim-novalue': 'Created {{PLURAL:$1|a claim|claims}}',
  'wbcreateclaim-somevalue': 'Created {{PLURAL:$1|a claim|claims}}',
  wbcreateclaim: 'Created {{PLURAL:$1|a claim|claims}}',
  wbsetclaimvalue: 'Set {{PLURAL:$1|a claim value|claim values}}',
  wbremoveclaims: 'Removed {{PLURAL:$1|a claim|claims}}',
  'wbremoveclaims-remove': 'Removed {{PLURAL:$1|claim|claims}}',
  'wbsetclaim-update': 'Changed {{PLURAL:$3|claim|claims}}',
  'wbsetclaim-create': 'Created {{PLURAL:$3|claim|claims}}',
  'wbsetclaim-update-qualifiers': 'Changed {{PLURAL:$4|one qualifier|$4 qualifiers}} of {{PLURAL:$3|claim|claims}}',
  'wbsetclaim-update-references': 'Changed {{PLURAL:$4|one reference|$4 references}} of {{PLURAL:$3|claim|claims}}',
  'wbsetclaim-update-rank': 'Changed rank of {{PLURAL:$3|claim|claims}}',
  'wbsetqualifier-add': 'Added {{PLURAL:$1|qualifier|qualifiers}}',
  'wbsetqualifier-update': 'Changed {{PLURAL:$1|qualifier|qualifiers}}',
  'wbremovequalifiers-remove': 'Removed {{PLURAL:$1|qualifier|qualifiers}}',
  wbsetreference: 'Set a reference',
  'wbsetreference-add': 'Added reference to claim',
  'wbsetreference-set': 'Changed reference of claim',
  'wbremovereferences-remove': 'Removed {{PLURAL:$3|reference|references}} from claim',
  'wbmergeitems-from': 'Merged item from $3',
  'wbmergeitems-to': 'Merged item into $3',
  'clientsitelink-update': 'Page moved from [$3] to [$4]',
  'clientsitelink-remove': 'Page on [$3] deleted'
}

export const SUMMARY_MESSAGES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(ENTITY_SUMMARIES).map(([name, text]) => [`wikibase-entity-summary-${name}`, text])),
  'wikibase-item-summary-wbeditentity-create': 'Created a new item',
  'wikibase-item-summary-wbeditentity-update': 'Changed an item',
  'wikibase-item-summary-wbeditentity-override': 'Cleared an item',
  'wikibase-item-summary-wbcreate-new': 'Created a new item',
  'wikibase-property-summary-wbeditentity-create': 'Created a new property',
  'wikibase-property-summary-wbeditentity-update': 'Changed a property',
  'wikibase-property-summary-wbeditentity-override': 'Cleared a property',
  'wikibase-property-summary-wbcreate-new': 'Created a new property'
}

/** English PLURAL: the first form for 1, the second (or the only) form otherwise. */
function plural (count: string | undefined, forms: string[]): string {
  // A parameter the autocomment does not carry counts as one (`wbsetclaim-update:1` has no $3).
  const n = count === undefined || count.trim() === '' ? 1 : Number(count)
  return (n === 1 ? forms[0] : forms[1] ?? forms[0]) ?? ''
}

/** A message with its parameters, as HTML: the parameters are escaped, PLURAL is resolved. */
export function summaryMessageHtml (text: string, params: readonly string[]): string {
  const param = (n: string): string | undefined => params[Number(n) - 1]
  const pieces = text.split(/(\{\{PLURAL:\$\d+\|[^{}]*\}\})/)
  return pieces.map(piece => {
    const pluralMatch = /^\{\{PLURAL:\$(\d+)\|([^{}]*)\}\}$/.exec(piece)
    const chosen = pluralMatch === null ? piece : plural(param(pluralMatch[1]!), pluralMatch[2]!.split('|'))
    // Literal text of the message is escaped too (it holds none), so a parameter's markup stays text.
    return chosen.split(/(\$\d+)/).map(part => /^\$\d+$/.test(part) ? escapeHtml(param(part.slice(1)) ?? part) : escapeHtml(part)).join('')
  }).join('')
}

/** formatAutoComment: the summary HTML of an autocomment, or null when it is none of these messages. */
export function formatAutoComment (auto: string, prefixes: readonly string[]): string | null {
  const match = /^([a-z-]+)\s*(?::\s*(.*?)\s*)?$/.exec(auto)
  if (match === null) return null
  const args = match[2] === undefined ? [] : match[2].split('|')
  for (const prefix of prefixes) {
    const text = SUMMARY_MESSAGES[`${prefix}-summary-${match[1]!}`]
    if (text !== undefined) return summaryMessageHtml(text, args)
  }
  return null
}

/** On a client, for comments of its repo: the `wikibase-entity` messages. */
export const clientAutoComment = (auto: string): string | null => formatAutoComment(auto, ['wikibase-entity'])

/** On the repo, for an entity page: the entity type's messages, then `wikibase-entity`. */
export function entityAutoCommentFor (type: 'item' | 'property'): (auto: string) => string | null {
  return auto => formatAutoComment(auto, [`wikibase-${type}`, 'wikibase-entity'])
}
