import t from 'tap'
import Fastify from 'fastify'
import { absoluteUrl } from '../../../../plugin/repo/rest/rest-urls.js'

t.test('absoluteUrl: protocol and host of the request, proxy headers only with trustProxy', async t => {
  const cases: Array<[string, boolean, Record<string, string>, string]> = [
    ['plain', false, { host: 'wiki.example:8080' }, 'http://wiki.example:8080/w/x'],
    ['proxy headers ignored without trustProxy', false, { host: 'internal:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'wiki.example' }, 'http://internal:3000/w/x'],
    ['proxy headers followed with trustProxy', true, { host: 'internal:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'wiki.example' }, 'https://wiki.example/w/x']
  ]
  for (const [name, trustProxy, headers, expected] of cases) {
    const app = Fastify({ trustProxy })
    app.get('/w/x', async request => absoluteUrl(request, '/w/x'))
    t.equal((await app.inject({ url: '/w/x', headers })).body, expected, name)
    await app.close()
  }
})
