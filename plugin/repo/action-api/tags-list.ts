import { escapeHtml } from '../../action-api/api-errors.js'
import type { ApiCall } from '../../action-api/api-module.js'
import { limitParam, setFlag, isFormatVersion2 } from '../../action-api/api-format.js'
import type { ListResult } from '../../action-api/api-module-set.js'
import { listTagDefinitions } from '../change-tags/change-tag-store.js'
import type { TagDefinition } from '../change-tags/change-tag-rules.js'

/**
 * `list=tags` (MediaWiki's ApiQueryTags, includes/api/ApiQueryTags.php): the defined change
 * tags by name, `tgprop=name|displayname|description|hitcount|defined|source|active`,
 * `tglimit` (default 10), continued with `tgcontinue` (the next tag's name).
 */
export const TAG_PROPS = ['name', 'displayname', 'description', 'hitcount', 'defined', 'source', 'active'] as const

/** A user-defined tag that was deactivated is no longer defined (MediaWiki undefines it). */
const isDefined = (tag: TagDefinition): boolean => !tag.userDefined || tag.active

function tagOutput (tag: TagDefinition, props: ReadonlySet<string>, v2: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { name: tag.name }
  if (props.has('displayname')) out.displayname = escapeHtml(tag.name)
  if (props.has('description')) out.description = tag.description
  if (props.has('hitcount')) out.hitcount = tag.count
  if (props.has('defined')) setFlag(out, 'defined', isDefined(tag), v2)
  if (props.has('source')) out.source = tag.userDefined ? ['manual'] : ['extension']
  if (props.has('active')) setFlag(out, 'active', tag.active && isDefined(tag), v2)
  return out
}

export async function listTags (call: ApiCall): Promise<ListResult> {
  const { params } = call
  const limit = limitParam(params, 'tglimit', 10)
  const props = new Set(params.has('tgprop') ? params.list('tgprop') : ['name'])
  const from = params.string('tgcontinue')
  const tags = await listTagDefinitions(call.deps.db.pool, call.deps.db, from === '' ? undefined : from)
  const v2 = isFormatVersion2(params)
  const items = tags.slice(0, limit).map(tag => tagOutput(tag, props, v2))
  const next = tags[limit]
  return next === undefined ? { items } : { items, continueWith: { tgcontinue: next.name } }
}
