import { escapeHtml, type ApiErrorBody } from './api-errors.js'

/**
 * An error answer in the shape the call's `errorformat` asks for, as MediaWiki's
 * ApiMain::substituteResultWithError writes it through its error formatter
 * (includes/api/ApiErrorFormatter.php, ApiErrorFormatter_BackCompat.php):
 * - `bc` (the default): `{"error": {"code", "info", …data, "*": docref}}`; the docref is
 *   `docref` under formatversion 2 (ApiResult content values are `*` only in format 1);
 * - any other format: `{"errors": [{"code", <text>, "data"?, "module"}], "*"/"docref": docref}`
 *   where <text> is `text` (`plaintext`, `wikitext`), `html` (the text escaped) — written as
 *   `*` under formatversion 1, being the content value — `key` + `params` (`raw`: the message
 *   key and its parameters) or nothing (`none`); the data (Wikibase's `messages`, an `id` …)
 *   goes under `data` instead of beside the code.
 * `errorlang` and `errorsuselocal` are accepted; this API has English messages only.
 */
export interface ErrorFormat {
  /** The `errorformat` parameter (validated: bc, plaintext, wikitext, html, raw, none). */
  format: string
  v2: boolean
  /** The module path the error arose in (`main` before a module runs, else the action). */
  module: string
  /** The api.php address the docref names. */
  apiUrl: string
}

/**
 * MediaWiki's `api-usage-docref` and `api-usage-mailinglist-ref` messages, as text (the
 * mailing list address keeps its escaped angle brackets, as MediaWiki's answers have them).
 */
export function docref (apiUrl: string): string {
  return `See ${apiUrl} for API usage. Subscribe to the mediawiki-api-announce mailing list at ` +
    '&lt;https://lists.wikimedia.org/postorius/lists/mediawiki-api-announce.lists.wikimedia.org/&gt; ' +
    'for notice of API deprecations and breaking changes.'
}

/** The message key and parameters of an error (`raw`): Wikibase's first message, else MediaWiki's `apierror-<code>`. */
function rawMessage (body: ApiErrorBody): { key: string, params: unknown[] } {
  const first = body.messages?.[0]
  return first === undefined ? { key: `apierror-${body.code}`, params: [] } : { key: first.name, params: first.parameters }
}

export function formatApiError (body: ApiErrorBody, format: ErrorFormat): Record<string, unknown> {
  const ref = { [format.v2 ? 'docref' : '*']: docref(format.apiUrl) }
  if (format.format === 'bc') return { error: { ...body, ...ref } }
  const { code, info, ...data } = body
  const error: Record<string, unknown> = { code }
  if (format.format === 'html') error[format.v2 ? 'html' : '*'] = escapeHtml(info)
  else if (format.format === 'raw') Object.assign(error, rawMessage(body))
  else if (format.format !== 'none') error[format.v2 ? 'text' : '*'] = info
  if (Object.keys(data).length > 0) error.data = data
  error.module = format.module
  return { errors: [error], ...ref }
}
