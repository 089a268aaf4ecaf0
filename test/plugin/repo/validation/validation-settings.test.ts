import t from 'tap'
import { resolveOptions } from '../../../../plugin/options.js'
import { InvalidOptionError } from '../../../../plugin/errors.js'
import { WIKIBASE_VALIDATION_DEFAULTS, validationSettingsOf } from '../../../../plugin/repo/validation/validation-settings.js'

/** The validation limits are repoSettings named and defaulted as Wikibase's repo settings. */
const settingsOf = (repoSettings: unknown): ReturnType<typeof validationSettingsOf> =>
  validationSettingsOf(resolveOptions({ siteId: 'repo', roles: ['repo'], repoSettings }).repoSettings)

t.test('defaults are Wikibase\'s', async t => {
  t.same(settingsOf(undefined), WIKIBASE_VALIDATION_DEFAULTS)
  t.same(WIKIBASE_VALIDATION_DEFAULTS, {
    stringLimits: { multilang: 250, monolingualtext: 400, string: 400, url: 500 },
    urlSchemes: ['bzr', 'cvs', 'ftp', 'git', 'http', 'https', 'irc', 'ircs', 'mailto', 'ssh', 'svn'],
    maxSerializedEntitySize: 2048,
    redirectBadgeItems: []
  })
})

t.test('redirectBadgeItems: item ids, each once', async t => {
  t.same(settingsOf({ redirectBadgeItems: ['Q70', 'Q71', 'Q70'] }).redirectBadgeItems, ['Q70', 'Q71'])
  t.throws(() => settingsOf({ redirectBadgeItems: ['P1'] }), /redirectBadgeItems/)
})

t.test('a setting given overrides only itself', async t => {
  const settings = settingsOf({ 'string-limits': { 'VT:string': { length: 1500 } }, urlSchemes: ['https', 'HTTPS', 'mailto'], maxSerializedEntitySize: 4096 })
  t.same(settings.stringLimits, { multilang: 250, monolingualtext: 400, string: 1500, url: 500 })
  t.same(settings.urlSchemes, ['https', 'mailto'], 'lower-cased, each once')
  t.equal(settings.maxSerializedEntitySize, 4096)
})

t.test('bad settings fail registration naming the option', async t => {
  const cases: Array<[unknown, RegExp]> = [
    [{ maxSerializedEntitySize: 0 }, /maxSerializedEntitySize/],
    [{ urlSchemes: ['java script:'] }, /urlSchemes/],
    [{ 'string-limits': { multilang: { length: -1 } } }, /string-limits/],
    [{ 'string-limits': { 'VT:novel': { length: 5 } } }, /string-limits/]
  ]
  for (const [repoSettings, option] of cases) {
    const error = (() => { try { settingsOf(repoSettings) } catch (e) { return e } })()
    t.ok(error instanceof InvalidOptionError, `${JSON.stringify(repoSettings)}: InvalidOptionError`)
    t.match((error as InvalidOptionError).option, option, `${JSON.stringify(repoSettings)}: names the option`)
  }
})
