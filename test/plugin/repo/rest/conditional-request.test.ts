import t from 'tap'
import { conditionalHeadersOf, parseEntityTags, preconditionStatus, type ConditionalHeaders } from '../../../../plugin/repo/rest/conditional-request.js'

const current = { revisionId: 42, timestamp: new Date('2026-01-02T03:04:05.678Z') }
const AT = 'Fri, 02 Jan 2026 03:04:05 GMT' /* the revision's second */
const BEFORE = 'Fri, 02 Jan 2026 03:04:04 GMT'
const AFTER = 'Fri, 02 Jan 2026 03:04:06 GMT'

t.test('preconditionStatus: RFC 9110 §13.2.2 against the revision (ETag "42", its timestamp)', async t => {
  const cases: Array<[string, string, ConditionalHeaders, 304 | 412 | null]> = [
    ['no conditional header', 'GET', {}, null],
    ['If-None-Match current', 'GET', { ifNoneMatch: '"42"' }, 304],
    ['If-None-Match weak current (weak comparison)', 'GET', { ifNoneMatch: 'W/"42"' }, 304],
    ['If-None-Match list holding the current', 'GET', { ifNoneMatch: '"40", "42"' }, 304],
    ['If-None-Match *', 'GET', { ifNoneMatch: '*' }, 304],
    ['If-None-Match other', 'GET', { ifNoneMatch: '"41"' }, null],
    ['If-Modified-Since the revision time', 'GET', { ifModifiedSince: AT }, 304],
    ['If-Modified-Since later', 'GET', { ifModifiedSince: AFTER }, 304],
    ['If-Modified-Since earlier', 'GET', { ifModifiedSince: BEFORE }, null],
    ['If-Modified-Since not a date: ignored', 'GET', { ifModifiedSince: 'yesterday' }, null],
    ['If-Modified-Since ignored when If-None-Match is there', 'GET', { ifNoneMatch: '"41"', ifModifiedSince: AFTER }, null],
    ['If-Match current', 'GET', { ifMatch: '"42"' }, null],
    ['If-Match stale', 'GET', { ifMatch: '"41"' }, 412],
    ['If-Match weak (strong comparison fails)', 'GET', { ifMatch: 'W/"42"' }, 412],
    ['If-Match *', 'GET', { ifMatch: '*' }, null],
    ['If-Match malformed', 'GET', { ifMatch: 'garbage' }, 412],
    ['If-Unmodified-Since earlier', 'GET', { ifUnmodifiedSince: BEFORE }, 412],
    ['If-Unmodified-Since the revision time', 'GET', { ifUnmodifiedSince: AT }, null],
    ['If-Unmodified-Since ignored when If-Match is there', 'GET', { ifMatch: '"42"', ifUnmodifiedSince: BEFORE }, null],
    ['If-Match wins over If-None-Match: 412 first', 'GET', { ifMatch: '"41"', ifNoneMatch: '"42"' }, 412],
    ['edit: If-Match current', 'PUT', { ifMatch: '"42"' }, null],
    ['edit: If-Match stale', 'PATCH', { ifMatch: '"41"' }, 412],
    ['edit: If-Unmodified-Since earlier', 'POST', { ifUnmodifiedSince: BEFORE }, 412],
    ['edit: If-Unmodified-Since later', 'DELETE', { ifUnmodifiedSince: AFTER }, null],
    ['edit: If-None-Match * on an existing entity', 'PUT', { ifNoneMatch: '*' }, 412],
    ['edit: If-None-Match current', 'PATCH', { ifNoneMatch: '"42"' }, 412],
    ['edit: If-Modified-Since is for reads only', 'PUT', { ifModifiedSince: AFTER }, null]
  ]
  for (const [name, method, headers, expected] of cases) t.equal(preconditionStatus(method, headers, current), expected, name)
})

t.test('parseEntityTags and conditionalHeadersOf', async t => {
  t.same(parseEntityTags('*'), ['*'])
  t.same(parseEntityTags('"1", W/"2" ,"x y"'), [{ weak: false, tag: '1' }, { weak: true, tag: '2' }, { weak: false, tag: 'x y' }])
  t.same(parseEntityTags('1'), [], 'an unquoted value is no entity tag')
  t.same(conditionalHeadersOf({ 'if-match': '"1"', 'if-none-match': ['"2"', '"3"'], accept: 'x' }),
    { ifMatch: '"1"', ifNoneMatch: '"2", "3"', ifModifiedSince: undefined, ifUnmodifiedSince: undefined })
})
