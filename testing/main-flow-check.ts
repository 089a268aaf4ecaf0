import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import type { ConformanceCheck } from './conformance-check.js'
import type { ConformanceContext } from './conformance-context.js'
import { wikibaseInternals } from '../plugin/facade.js'

// The plugin's REST API (Wikibase REST API v1), under its routePrefix.
const REST_BASE = '/w/rest.php/wikibase/v1'

async function rest (c: ConformanceContext, method: 'POST' | 'PATCH', path: string, payload: unknown): Promise<Record<string, any>> {
  const url = `${wikibaseInternals(c.app).options.routePrefix}${REST_BASE}${path}`
  const reply: LightMyRequestResponse = await c.app.inject({ method, url, headers: c.adapter.restHeaders ?? {}, payload: payload as Record<string, unknown> })
  assert.ok(reply.statusCode >= 200 && reply.statusCode < 300, `${method} ${url} answered ${reply.statusCode}: ${reply.body.slice(0, 500)}`)
  return reply.json()
}

export const mainFlowCheck: ConformanceCheck = {
  name: 'main flow: create a property and an item linked to a page that uses its value; an edit of the item re-renders the page and adds a recentchanges row (rc_source wb)',
  run: async c => {
    const roles = wikibaseInternals(c.app).options.roles
    if (!roles.has('repo') || !roles.has('client')) return { skipped: `the flow needs one wiki that is repo and client (roles: ${[...roles].join(', ')})` }
    const siteId = wikibaseInternals(c.app).options.siteId
    const title = c.title('City')
    const property = await rest(c, 'POST', '/entities/properties', {
      property: { data_type: 'string', labels: { [c.language]: `motto ${c.nonce}` } }, comment: 'conformance kit: property'
    })
    const pid = String(property.id)
    // The page uses the value before it is linked, as on a real wiki: it shows nothing until then.
    const page = await c.adapter.savePage(title, `Motto: [{{#property:${pid}}}] [{{#statements:${pid}}}]`)
    const item = await rest(c, 'POST', '/entities/items', {
      item: {
        labels: { [c.language]: title },
        sitelinks: { [siteId]: { title } },
        statements: { [pid]: [{ property: { id: pid }, value: { type: 'value', content: 'first value' } }] }
      },
      comment: 'conformance kit: item'
    })
    const qid = String(item.id)
    // #property gives plain text, #statements rich wikitext (spans around the value).
    const first = /Motto: \[first value\] \[[^\]]*first value[^\]]*\]/
    await c.waitFor(`the page ${title} shows "first value" after ${qid} was linked to it (${siteId}); it shows: ${await c.adapter.renderedHtml(title)}`,
      async () => first.test(await c.adapter.renderedHtml(title)) ? true : undefined)
    const rcBefore = Math.max(0, ...(await c.adapter.recentChanges()).map(r => r.rc_id))
    await rest(c, 'PATCH', `/entities/items/${qid}`, {
      patch: [{ op: 'replace', path: `/statements/${pid}/0/value/content`, value: 'second value' }], comment: 'conformance kit: edit'
    })
    const second = /Motto: \[second value\] \[[^\]]*second value[^\]]*\]/
    await c.waitFor(`the page ${title} re-rendered with "second value" after ${qid} was edited`,
      async () => second.test(await c.adapter.renderedHtml(title)) ? true : undefined)
    const key = title.replaceAll(' ', '_')
    const row = await c.waitFor(`a recentchanges row with rc_source 'wb' for ${title} after the edit of ${qid}`,
      async () => (await c.adapter.recentChanges()).find(r => r.rc_id > rcBefore && r.rc_source === 'wb' && r.rc_namespace === page.namespace && r.rc_title === key))
    assert.ok(row.rc_comment.length > 0, 'the row has a comment')
    assert.equal(row.rc_timestamp.getMilliseconds(), 0, 'its rc_timestamp is in whole seconds')
  }
}
