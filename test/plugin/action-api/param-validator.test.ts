import t from 'tap'
import { unrecognizedParams, validateParams, type ParamSpecs } from '../../../plugin/action-api/param-validator.js'
import { warningsOutput } from '../../../plugin/action-api/api-warnings.js'
import { ApiError } from '../../../plugin/action-api/api-errors.js'

/** The one validator of declared parameters, as MediaWiki's ParamValidator answers (codes, texts, cleaned values). */
const SPECS: ParamSpecs = {
  prop: { type: ['info', 'revisions'], multi: true },
  dir: { type: ['older', 'newer'] },
  limit: { type: 'limit' },
  index: { type: 'integer' },
  ids: { type: 'integer', multi: true },
  ns: { type: 'namespace', multi: true },
  title: { required: true },
  bot: { type: 'boolean' }
}

t.test('values: accepted, cleaned, warned or refused', async t => {
  const cases: Array<[string, Record<string, string>, Record<string, string> | string, string[]]> = [
    ['all fine', { title: 'x', prop: 'info|revisions', dir: 'newer', limit: 'max', index: '-3', ids: '1|2', ns: '0|120', bot: '' }, {}, []],
    ['unknown multi value dropped', { title: 'x', prop: 'revisions|content' }, { prop: 'revisions' },
      ['test:unrecognizedvalues:Unrecognized value for parameter "prop": content']],
    ['several unknown values', { title: 'x', prop: 'a|info|b' }, { prop: 'info' }, ['test:unrecognizedvalues:Unrecognized values for parameter "prop": a, b']],
    ['U+001F separator kept', { title: 'x', prop: '\u001finfo\u001fa|b' }, { prop: '\u001finfo' },
      ['test:unrecognizedvalues:Unrecognized value for parameter "prop": a|b']],
    ['namespace that is no number', { title: 'x', ns: 'Item|122' }, { ns: '122' }, ['test:unrecognizedvalues:Unrecognized value for parameter "ns": Item']],
    ['unknown single value', { title: 'x', dir: 'sideways' }, 'badvalue:Unrecognized value for parameter "dir": sideways.', []],
    ['not an integer', { title: 'x', index: '1.5' }, 'badinteger:Invalid value "1.5" for integer parameter "index".', []],
    ['one of several not an integer', { title: 'x', ids: '1|x' }, 'badinteger:Invalid value "x" for integer parameter "ids".', []],
    ['integer too big for a JS number', { title: 'x', index: '9007199254740993' }, 'badinteger:Invalid value "9007199254740993" for integer parameter "index".', []],
    ['limit neither integer nor max', { title: 'x', limit: 'all' }, 'badinteger:Invalid value "all" for integer parameter "limit".', []],
    ['required missing', {}, 'missingparam:The "title" parameter must be set.', []],
    ['required but empty reaches the module', { title: '' }, {}, []]
  ]
  for (const [name, given, expected, warnings] of cases) {
    try {
      const result = validateParams('test', SPECS, new Map(Object.entries(given)))
      t.strictSame(Object.fromEntries(result.changed), expected, `${name}: values`)
      t.strictSame(result.warnings.map(w => `${w.module}:${w.code}:${w.text}`), warnings, `${name}: warnings`)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      t.equal(`${error.code}:${error.message}`, expected, `${name}: error`)
    }
  }
})

t.test('parameters no module declared', async t => {
  t.equal(unrecognizedParams(['title', 'bot'], new Set(['title', 'bot'])), null)
  t.strictSame(unrecognizedParams(['title', 'foo'], new Set(['title'])), { module: 'main', code: 'unrecognizedparams', text: 'Unrecognized parameter: foo.' })
  t.strictSame(unrecognizedParams(['foo', 'title', 'bar'], new Set(['title'])),
    { module: 'main', code: 'unrecognizedparams', text: 'Unrecognized parameters: foo, bar.' })
})

t.test('warnings in the answer, per format and errorformat', async t => {
  const warnings = [
    { module: 'query', code: 'unrecognizedvalues', text: 'Unrecognized value for parameter "prop": x' },
    { module: 'query+revisions', code: 'deprecation', text: 'Legacy <b>' },
    { module: 'query', code: 'unrecognizedvalues', text: 'Unrecognized value for parameter "prop": x' },
    { module: 'main', code: 'unrecognizedparams', text: 'Unrecognized parameter: foo.' },
    { module: 'query', code: 'unrecognizedvalues', text: 'Unrecognized value for parameter "meta": y' }
  ]
  t.strictSame(warningsOutput(warnings, false, 'bc'), {
    query: { '*': 'Unrecognized value for parameter "prop": x\nUnrecognized value for parameter "meta": y' },
    revisions: { '*': 'Legacy <b>' },
    main: { '*': 'Unrecognized parameter: foo.' }
  }, 'format 1: by module name, distinct texts joined, content as *')
  t.strictSame(warningsOutput(warnings.slice(3, 4), true, 'bc'), { main: { warnings: 'Unrecognized parameter: foo.' } }, 'format 2: content as warnings')
  t.strictSame(warningsOutput(warnings.slice(1, 2), true, 'plaintext'), [{ code: 'deprecation', text: 'Legacy <b>', module: 'query+revisions' }], 'plaintext, format 2')
  t.strictSame(warningsOutput(warnings.slice(1, 2), false, 'wikitext'), [{ code: 'deprecation', '*': 'Legacy <b>', module: 'query+revisions' }], 'wikitext, format 1')
  t.strictSame(warningsOutput(warnings.slice(1, 2), true, 'html'), [{ code: 'deprecation', html: 'Legacy &lt;b&gt;', module: 'query+revisions' }], 'html')
  t.strictSame(warningsOutput(warnings.slice(1, 2), true, 'none'), [{ code: 'deprecation', module: 'query+revisions' }], 'none')
})
