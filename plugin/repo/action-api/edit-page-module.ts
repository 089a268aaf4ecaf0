import { createHash } from 'node:crypto'
import type { ClientHostServices, EditPageRequest, SavedPageEdit } from '../../../hooks/contract.js'
import { assertUserRights, userHasRight } from '../user-rights.js'
import { ApiError } from '../../action-api/api-errors.js'
import { isoTimestamp, isFormatVersion2, setFlag, timestampParam } from '../../action-api/api-format.js'
import type { ApiCall, ApiModule } from '../../action-api/api-module.js'
import { hostPageError, isPageServiceFailure } from './host-page-failure.js'
import type { ParamSpecs } from '../../action-api/param-validator.js'

/**
 * MediaWiki's `action=edit` (includes/api/ApiEditPage.php) on the host's pages, through the
 * host's optional `editPage` service. POST with a csrf token; `title` or `pageid`; `text`, or
 * `appendtext` / `prependtext` around the current text; `md5` of the text sent (of
 * prependtext + appendtext when those are used), else `badmd5`; `summary`, `minor`, `bot`
 * (kept only with the `bot` right, as MediaWiki drops it); conflict detection by `baserevid`,
 * `basetimestamp`, `starttimestamp`; `createonly` / `nocreate`. The `edit` right is asked of
 * the host, `createpage` too for a page that does not exist. The answer is ApiEditPage's
 * `{edit: {result: "Success", pageid, title, contentmodel, oldrevid, newrevid, newtimestamp}}`
 * (`new` for a creation, `nochange` when the text was the same).
 */
export const EDIT_PAGE_PARAMS: ParamSpecs = {
  title: {}, pageid: { type: 'integer' }, text: { type: 'text' }, appendtext: { type: 'text' }, prependtext: { type: 'text' },
  summary: {}, minor: { type: 'boolean' }, notminor: { type: 'boolean' }, bot: { type: 'boolean' }, baserevid: { type: 'integer' },
  basetimestamp: { type: 'timestamp' }, starttimestamp: { type: 'timestamp' }, createonly: { type: 'boolean' }, nocreate: { type: 'boolean' },
  md5: {}, token: { required: true }
}

/** The text whose md5 `md5` must be (ApiEditPage: text, or prependtext . appendtext). */
export function textForMd5 (params: { text?: string, appendtext?: string, prependtext?: string }): string {
  if (params.appendtext !== undefined || params.prependtext !== undefined) return (params.prependtext ?? '') + (params.appendtext ?? '')
  return params.text ?? ''
}

async function requestOf (call: ApiCall): Promise<EditPageRequest> {
  const p = call.params
  const title = p.string('title')
  const pageId = p.integer('pageid')
  if (title !== undefined && pageId !== undefined) throw new ApiError('invalidparammix', 'The parameters "title" and "pageid" can not be used together.')
  if (title === undefined && pageId === undefined) throw new ApiError('missingparam', 'One of the parameters "title" and "pageid" is required.')
  const text = p.string('text')
  const appendtext = p.string('appendtext')
  const prependtext = p.string('prependtext')
  if (text === undefined && appendtext === undefined && prependtext === undefined) {
    throw new ApiError('missingparam', 'At least one of the parameters "text", "appendtext" and "prependtext" is required.')
  }
  const md5 = p.string('md5')
  if (md5 !== undefined && createHash('md5').update(textForMd5({ text, appendtext, prependtext })).digest('hex') !== md5.toLowerCase()) {
    throw new ApiError('badmd5', 'The supplied MD5 hash was incorrect.')
  }
  if (p.bool('createonly') && p.bool('nocreate')) throw new ApiError('invalidparammix', 'The parameters "createonly" and "nocreate" can not be used together.')
  const baseRevisionId = p.integer('baserevid')
  const baseTimestamp = timestampParam(p, 'basetimestamp')
  const startTimestamp = timestampParam(p, 'starttimestamp')
  const rights = { host: call.deps.host, user: call.user }
  return {
    ...(title === undefined ? { pageId: pageId! } : { title }),
    user: call.user,
    ...(text === undefined ? {} : { text }),
    ...(appendtext === undefined ? {} : { appendtext }),
    ...(prependtext === undefined ? {} : { prependtext }),
    summary: p.string('summary') ?? '',
    minor: p.bool('minor') && !p.bool('notminor'),
    bot: p.bool('bot') && await userHasRight(rights, 'bot'),
    ...(baseRevisionId === undefined ? {} : { baseRevisionId }),
    ...(baseTimestamp === undefined ? {} : { baseTimestamp }),
    ...(startTimestamp === undefined ? {} : { startTimestamp }),
    createOnly: p.bool('createonly'),
    noCreate: p.bool('nocreate')
  }
}

/** Whether the page of the request exists (a page id that does not is `nosuchpageid`). */
async function pageExists (call: ApiCall, request: EditPageRequest): Promise<boolean> {
  const services = call.deps.host!.services as ClientHostServices
  if (request.pageId !== undefined) {
    if ((await services.pagesByIds([request.pageId as never])).length === 0) throw new ApiError('nosuchpageid', `There is no page with ID ${request.pageId}.`)
    return true
  }
  return (await services.pageIdsForTitles([request.title!])).size > 0
}

/** ApiEditPage's result object. */
export function editOutput (saved: SavedPageEdit, v2: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (saved.new === true) setFlag(out, 'new', true, v2)
  Object.assign(out, { result: saved.result, pageid: saved.pageid, title: saved.title, contentmodel: saved.contentmodel })
  if (saved.nochange === true) setFlag(out, 'nochange', true, v2)
  else {
    Object.assign(out, {
      oldrevid: saved.oldrevid ?? 0, newrevid: saved.newrevid ?? 0, newtimestamp: saved.newtimestamp === undefined ? '' : isoTimestamp(saved.newtimestamp)
    })
  }
  return out
}

export const editPageModule: ApiModule = {
  params: EDIT_PAGE_PARAMS,
  mustBePosted: true,
  needsToken: 'csrf',
  // The module looks the page up before the edit (createpage right, nosuchpageid): a host offers
  // `editPage` together with the page lookups of a client wiki's host.
  available: host => host?.services.editPage !== undefined && host.services.pagesByIds !== undefined && host.services.pageIdsForTitles !== undefined,
  run: async call => {
    const editPage = call.deps.host?.services.editPage
    if (editPage === undefined) throw new ApiError('unknown_action', 'Unrecognized value for parameter "action": edit.')
    const request = await requestOf(call)
    const rights = { host: call.deps.host, user: call.user }
    await assertUserRights(rights, ['edit'])
    if (!await pageExists(call, request)) {
      if (request.noCreate) throw new ApiError('missingtitle', 'The page you specified doesn\'t exist.')
      await assertUserRights(rights, ['createpage'])
    }
    const answer = await editPage(request)
    if (isPageServiceFailure(answer)) throw hostPageError(answer)
    return { edit: editOutput(answer, isFormatVersion2(call.params)) }
  }
}
