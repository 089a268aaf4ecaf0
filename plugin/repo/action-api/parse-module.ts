import type { ParsedLink, ParsedPage, ParsePageRequest } from '../../../hooks/contract.js'
import { ApiError } from '../../action-api/api-errors.js'
import { isFormatVersion2 } from '../../action-api/api-format.js'
import type { ApiCall, ApiModule } from '../../action-api/api-module.js'
import { hostPageError, isPageServiceFailure } from './host-page-failure.js'
import type { ParamSpecs } from '../../action-api/param-validator.js'

/**
 * MediaWiki's `action=parse` (includes/api/ApiParse.php) on the host's pages, through the
 * host's optional `parsePage` service: `page` or `pageid` parses the latest revision; `text`
 * with `title` (default `API`, as ApiParse) parses text without saving; `summary` renders an
 * edit summary into `parsedsummary` (alone: only the summary, as Wikibase's e2e tests use it
 * for autocomments). `prop` selects the fields (default ApiParse's, minus what the host does
 * not produce: images, external and interwiki links). Answers in formatversion 1 (`{"*": …}`
 * content, `""` flags, properties as `[{name, "*"}]`) or 2.
 */
const PROPS = ['text', 'langlinks', 'categories', 'links', 'templates', 'sections', 'revid', 'displaytitle', 'properties', 'parsewarnings', 'wikitext']
const DEFAULT_PROPS = PROPS.filter(p => p !== 'wikitext')

export const PARSE_PARAMS: ParamSpecs = {
  title: {}, text: { type: 'text' }, summary: {}, page: {}, pageid: { type: 'integer' }, prop: { type: PROPS, multi: true }
}

function requestOf (call: ApiCall): ParsePageRequest {
  const p = call.params
  const page = p.string('page')
  const pageId = p.integer('pageid')
  const text = p.string('text')
  const title = p.string('title')
  const summary = p.string('summary')
  // ApiParse: requireMaxOneParameter(page, pageid), and a page is not parsed with given text or title.
  if (page !== undefined && pageId !== undefined) throw new ApiError('invalidparammix', 'The parameters "page" and "pageid" can not be used together.')
  if ((page !== undefined || pageId !== undefined) && (text !== undefined || title !== undefined)) {
    const [one, other] = [page !== undefined ? 'page' : 'pageid', text !== undefined ? 'text' : 'title']
    throw new ApiError('invalidparammix', `The parameters "${one}" and "${other}" can not be used together.`)
  }
  if (page === undefined && pageId === undefined && text === undefined && summary === undefined) {
    throw new ApiError('missingparam', 'One of the parameters "text", "page", "pageid" and "summary" is required.')
  }
  if (page === '') throw new ApiError('invalidtitle', 'Bad title "".')
  return {
    user: call.user,
    ...(page !== undefined ? { title: page } : pageId !== undefined ? { pageId } : { title: title ?? 'API' }),
    ...(text === undefined ? {} : { text }),
    ...(summary === undefined ? {} : { summary })
  }
}

const star = (value: string, v2: boolean): unknown => v2 ? value : { '*': value }

function links (list: readonly ParsedLink[], v2: boolean): unknown[] {
  return list.map(l => v2 ? { ns: l.ns, title: l.title, exists: l.exists } : { ns: l.ns, ...(l.exists ? { exists: '' } : {}), '*': l.title })
}

/** ApiParse's answer for the chosen props. */
export function parseOutput (parsed: ParsedPage, props: ReadonlySet<string>, v2: boolean, summaryOnly: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { title: parsed.title, pageid: parsed.pageid }
  if (summaryOnly) return { ...out, parsedsummary: star(parsed.parsedsummary ?? '', v2) }
  if (props.has('revid')) out.revid = parsed.revid
  if (props.has('text')) out.text = star(parsed.text ?? '', v2)
  if (props.has('langlinks')) {
    out.langlinks = (parsed.langlinks ?? []).map(l => v2 ? { lang: l.lang, url: l.url, title: l.title } : { lang: l.lang, url: l.url, '*': l.title })
  }
  if (props.has('categories')) {
    out.categories = (parsed.categories ?? []).map(c => v2
      ? { sortkey: c.sortkey, category: c.category, ...(c.hidden === true ? { hidden: true } : {}) }
      : { sortkey: c.sortkey, ...(c.hidden === true ? { hidden: '' } : {}), '*': c.category })
  }
  if (props.has('links')) out.links = links(parsed.links ?? [], v2)
  if (props.has('templates')) out.templates = links(parsed.templates ?? [], v2)
  if (props.has('sections')) out.sections = parsed.sections ?? []
  if (props.has('parsewarnings')) out.parsewarnings = parsed.parsewarnings ?? []
  if (props.has('displaytitle')) out.displaytitle = parsed.displaytitle ?? parsed.title
  if (props.has('properties')) {
    const entries = Object.entries(parsed.properties ?? {})
    // ApiResult's BCkvp: an object in format 2, a list of {name, *} in format 1.
    out.properties = v2 ? Object.fromEntries(entries) : entries.map(([name, value]) => ({ name, '*': value }))
  }
  if (props.has('wikitext')) out.wikitext = star(parsed.wikitext ?? '', v2)
  if (parsed.parsedsummary !== undefined) out.parsedsummary = star(parsed.parsedsummary, v2)
  return out
}

export const parseModule: ApiModule = {
  params: PARSE_PARAMS,
  readMode: true,
  available: host => host?.services.parsePage !== undefined,
  run: async call => {
    const parsePage = call.deps.host?.services.parsePage
    if (parsePage === undefined) throw new ApiError('unknown_action', 'Unrecognized value for parameter "action": parse.')
    const request = requestOf(call)
    const answer = await parsePage(request)
    if (isPageServiceFailure(answer)) throw hostPageError(answer)
    const props = new Set(call.params.has('prop') ? call.params.list('prop') : DEFAULT_PROPS)
    const summaryOnly = request.summary !== undefined && request.text === undefined && call.params.string('page') === undefined && request.pageId === undefined
    return { parse: parseOutput(answer, props, isFormatVersion2(call.params), summaryOnly) }
  }
}
