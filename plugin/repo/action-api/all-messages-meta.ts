import type { ApiCall } from '../../action-api/api-module.js'
import { isFormatVersion2, setFlag } from '../../action-api/api-format.js'
import type { ParamSpecs } from '../../action-api/param-validator.js'
import { REPO_MESSAGES } from './repo-messages.js'

/**
 * `meta=allmessages` (MediaWiki's ApiQueryAllMessages, includes/api/ApiQueryAllMessages.php)
 * over the messages the repo defines (repo-messages.ts): `ammessages` (default `*`, all),
 * `amfilter` (a substring of the key), `amprefix`, `amfrom`/`amto`, `amargs` (`|`-separated,
 * replacing `$1` …), `amlang` (the texts are English whatever it says). A key the repo
 * does not define is `missing`. Format 1 writes the text as `*`, format 2 as `content`.
 */
export const ALL_MESSAGES_PARAMS: ParamSpecs = {
  ammessages: { multi: true }, amfilter: {}, amprefix: {}, amfrom: {}, amto: {}, amargs: { multi: true }, amlang: {}
}

const normalizedName = (name: string): string => {
  const key = name.replaceAll(' ', '_')
  return key.charAt(0).toLowerCase() + key.slice(1)
}

export function allMessages (call: ApiCall): unknown[] {
  const { params } = call
  const v2 = isFormatVersion2(params)
  const requested = params.has('ammessages') ? params.list('ammessages') : ['*']
  const names = requested.includes('*') ? Object.keys(REPO_MESSAGES).sort() : requested
  const filter = params.string('amfilter')
  const prefix = params.string('amprefix')
  const from = params.string('amfrom')
  const to = params.string('amto')
  const args = params.list('amargs')
  const out: unknown[] = []
  for (const name of names) {
    const key = normalizedName(name)
    if (filter !== undefined && !key.includes(filter)) continue
    if (prefix !== undefined && !key.startsWith(prefix)) continue
    if ((from !== undefined && key < from) || (to !== undefined && key > to)) continue
    const entry: Record<string, unknown> = { name, normalizedname: key }
    const text = Object.hasOwn(REPO_MESSAGES, key) ? REPO_MESSAGES[key]! : undefined
    if (text === undefined) setFlag(entry, 'missing', true, v2)
    else entry[v2 ? 'content' : '*'] = text.replace(/\$(\d+)/g, (whole, n: string) => args[Number(n) - 1] ?? whole)
    out.push(entry)
  }
  return out
}
