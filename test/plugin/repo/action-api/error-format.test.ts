import t from 'tap'
import { docref, formatApiError } from '../../../../plugin/action-api/api-error-formatter.js'
import { startActionApiApp } from '../../../support/action-api-app.js'

/**
 * Errors in the shape `errorformat` asks for (MediaWiki's ApiErrorFormatter and its
 * BackCompat subclass), formats 1 and 2, as whole answers.
 */
const URL = 'http://localhost:80/w/api.php'
const REF = docref(URL)
const NO_SUCH = {
  code: 'no-such-entity',
  info: 'Could not find an entity with the ID "<Q9>".',
  id: 'Q9',
  messages: [{ name: 'wikibase-api-no-such-entity', parameters: ['Q9'], html: { '*': 'Could not find an entity with the ID &quot;&lt;Q9&gt;&quot;.' } }]
}
const { code: _code, info: _info, ...NO_SUCH_DATA } = NO_SUCH

t.test('docref: MediaWiki api-usage-docref and api-usage-mailinglist-ref', async t => {
  t.equal(REF, 'See http://localhost:80/w/api.php for API usage. Subscribe to the mediawiki-api-announce mailing list at ' +
    '&lt;https://lists.wikimedia.org/postorius/lists/mediawiki-api-announce.lists.wikimedia.org/&gt; for notice of API deprecations and breaking changes.')
})

t.test('formatApiError, every format, formats 1 and 2', async t => {
  const cases: Array<[string, boolean, unknown]> = [
    ['bc', false, { error: { ...NO_SUCH, '*': REF } }],
    ['bc', true, { error: { ...NO_SUCH, docref: REF } }],
    ['plaintext', false, { errors: [{ code: 'no-such-entity', '*': NO_SUCH.info, data: NO_SUCH_DATA, module: 'wbgetentities' }], '*': REF }],
    ['plaintext', true, { errors: [{ code: 'no-such-entity', text: NO_SUCH.info, data: NO_SUCH_DATA, module: 'wbgetentities' }], docref: REF }],
    ['wikitext', true, { errors: [{ code: 'no-such-entity', text: NO_SUCH.info, data: NO_SUCH_DATA, module: 'wbgetentities' }], docref: REF }],
    ['html', false, { errors: [{ code: 'no-such-entity', '*': 'Could not find an entity with the ID &quot;&lt;Q9&gt;&quot;.', data: NO_SUCH_DATA, module: 'wbgetentities' }], '*': REF }],
    ['html', true, { errors: [{ code: 'no-such-entity', html: 'Could not find an entity with the ID &quot;&lt;Q9&gt;&quot;.', data: NO_SUCH_DATA, module: 'wbgetentities' }], docref: REF }],
    ['raw', true, { errors: [{ code: 'no-such-entity', key: 'wikibase-api-no-such-entity', params: ['Q9'], data: NO_SUCH_DATA, module: 'wbgetentities' }], docref: REF }],
    ['none', false, { errors: [{ code: 'no-such-entity', data: NO_SUCH_DATA, module: 'wbgetentities' }], '*': REF }]
  ]
  for (const [format, v2, expected] of cases) {
    t.strictSame(formatApiError(NO_SUCH, { format, v2, module: 'wbgetentities', apiUrl: URL }), expected, `${format}, format ${v2 ? 2 : 1}`)
  }
  // A core error has no data and, in raw, MediaWiki's apierror-<code> key.
  const core = { code: 'badvalue', info: 'Unrecognized value for parameter "action": x.' }
  t.strictSame(formatApiError(core, { format: 'raw', v2: false, module: 'main', apiUrl: URL }),
    { errors: [{ code: 'badvalue', key: 'apierror-badvalue', params: [], module: 'main' }], '*': REF })
  t.strictSame(formatApiError(core, { format: 'plaintext', v2: true, module: 'main', apiUrl: URL }),
    { errors: [{ code: 'badvalue', text: core.info, module: 'main' }], docref: REF })
})

t.test('api.php answers errors in the errorformat asked for', async t => {
  const { get, post } = await startActionApiApp(t, 'errorformat')
  t.strictSame(await get({ action: 'frob' }), { error: { code: 'badvalue', info: 'Unrecognized value for parameter "action": frob.', '*': REF } })
  t.strictSame(await get({ action: 'frob', formatversion: '2' }), { error: { code: 'badvalue', info: 'Unrecognized value for parameter "action": frob.', docref: REF } })
  t.strictSame(await get({ action: 'frob', errorformat: 'plaintext', formatversion: '2' }),
    { errors: [{ code: 'badvalue', text: 'Unrecognized value for parameter "action": frob.', module: 'main' }], docref: REF })
  t.strictSame(await get({ action: 'wbgetentities', ids: 'X<9>', errorformat: 'html', errorlang: 'en', errorsuselocal: '1' }), {
    errors: [{
      code: 'no-such-entity',
      '*': 'Could not find an entity with the ID &quot;X&lt;9&gt;&quot;.',
      data: { id: 'X<9>', messages: [{ name: 'wikibase-api-no-such-entity', parameters: ['X<9>'], html: { '*': 'Could not find an entity with the ID &quot;X&lt;9&gt;&quot;.' } }] },
      module: 'wbgetentities'
    }],
    '*': REF
  })
  t.strictSame(await get({ action: 'wbgetentities', ids: 'X<9>', errorformat: 'none', formatversion: '2', props: 'info|frob' }), {
    warnings: [{ code: 'unrecognizedvalues', module: 'wbgetentities' }],
    errors: [{ code: 'no-such-entity', data: { id: 'X<9>', messages: [{ name: 'wikibase-api-no-such-entity', parameters: ['X<9>'], html: { '*': 'Could not find an entity with the ID &quot;X&lt;9&gt;&quot;.' } }] }, module: 'wbgetentities' }],
    docref: REF
  }, 'warnings before the error in the same errorformat')
  t.strictSame(await post({ action: 'wbsetlabel', id: 'Q1', value: 'x', errorformat: 'raw', formatversion: '2' }, 'Editor'),
    { errors: [{ code: 'missingparam', key: 'apierror-missingparam', params: [], module: 'wbsetlabel' }], docref: REF })
})
