import { DEFAULT_FEED_LIMIT, MAX_FEED_LIMIT } from './feed-query.js'

/** The feed's path under `{routePrefix}/wikibase`. */
export const CHANGE_FEED_PATH = '/v1/changes'

const idOrTime = 'A change id (changes after it) or an ISO 8601 time (changes saved at or after it)'

/**
 * The feed's operation for the repo's OpenAPI document (rest/rest-openapi-document.ts). It is
 * served outside the REST API's `/w/rest.php/wikibase` root, so the path item names its own
 * server (OpenAPI 3.1 path-level `servers`).
 */
export function changeFeedPathItem (routePrefix: string): Record<string, unknown> {
  const list = (description: string, example: string): Record<string, unknown> => ({ type: 'string', description, examples: [example] })
  return {
    servers: [{ url: `${routePrefix}/wikibase` }],
    get: {
      operationId: 'getChangeFeed',
      summary: 'The change feed: every entity change saved, as Server-Sent Events or a paged JSON list',
      description: 'Without `Accept: application/json`, a `text/event-stream`: each change an event `change` whose `id:` is its feed id ' +
        '(resume with `Last-Event-ID`), comment lines as heartbeats. A stream with no start sends changes from now on; a list starts ' +
        'with the oldest change kept (repoSettings.changeFeedRetention).',
      parameters: [
        { name: 'since', in: 'query', schema: list(idOrTime, '2026-01-31T12:00:00Z') },
        { name: 'entity', in: 'query', schema: list('Entity ids, separated by `|` or `,` (at most 50)', 'Q42|P31') },
        { name: 'type', in: 'query', schema: list('Entity types (item, property, lexeme) or change types (wikibase-item~update)', 'item') },
        {
          name: 'subscriber',
          in: 'query',
          schema: list('A client site id (a configured client or a registered remote client): only changes to entities it subscribes to', 'enwiki')
        },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_FEED_LIMIT, default: DEFAULT_FEED_LIMIT } },
        { name: 'continue', in: 'query', schema: list('The `continue` of the previous JSON page', '1234') },
        { name: 'Last-Event-ID', in: 'header', schema: list('The id of the last event received: the stream resumes after it', '1234') }
      ],
      responses: {
        200: {
          description: 'The changes',
          content: {
            'text/event-stream': { schema: { type: 'string' } },
            'application/json': {
              schema: {
                type: 'object',
                required: ['changes', 'continue', 'more'],
                properties: {
                  changes: { type: 'array', items: FEED_EVENT_SCHEMA },
                  continue: { type: 'string', description: 'Gives the next page (also when `more` is false: the changes saved since)' },
                  more: { type: 'boolean' }
                }
              }
            }
          }
        },
        400: {
          description: 'A parameter or Last-Event-ID is invalid, or `subscriber` names no client of this repo ' +
            '(neither configured nor a registered, unrevoked remote client)'
        }
      }
    }
  }
}

const FEED_EVENT_SCHEMA = {
  type: 'object',
  required: ['id', 'changeId', 'entityId', 'type', 'revisionId', 'userId', 'userText', 'timestamp', 'comment', 'aspects', 'change'],
  properties: {
    id: { type: 'integer', description: 'Feed id: increasing in commit order, with gaps' },
    changeId: { type: ['integer', 'null'], description: 'The wb_changes id, when a client needed the change' },
    entityId: { type: 'string' },
    type: { type: 'string', examples: ['wikibase-item~update'] },
    revisionId: { type: 'integer' },
    userId: { type: 'integer' },
    userText: { type: 'string' },
    timestamp: { type: 'string', format: 'date-time' },
    comment: { type: 'string' },
    aspects: { type: 'object', description: 'The changed aspects (EntityDiffChangedAspects, array form)' },
    change: {
      oneOf: [{ type: 'null' }, {
        type: 'object',
        description: 'The change as clients receive it (a wb_changes row in its wire form, as pushed to remote clients); null without `changeId`',
        required: ['id', 'type', 'time', 'object_id', 'revision_id', 'user_id', 'info'],
        properties: {
          id: { type: 'integer', description: 'The wb_changes id (= changeId)' },
          type: { type: 'string', examples: ['wikibase-item~update'] },
          time: { type: 'string', pattern: '^[0-9]{14}$', description: 'MediaWiki timestamp (UTC)' },
          object_id: { type: 'string', examples: ['Q42'] },
          revision_id: { type: 'integer' },
          user_id: { type: 'integer' },
          info: { type: 'string', description: 'change_info as JSON text: compact diff (JSON text inside), metadata' }
        }
      }]
    }
  }
}
