import t from 'tap'
import { parseEntityId } from '../../../../hooks/ids.js'
import { identityOf } from '../../../../plugin/client/usage/entity-usage.js'
import { fallbackTermUsages, touchedLanguages, type TermFallback, type TermUsageAspect } from '../../../../plugin/client/usage/fallback-label-usage.js'

const Q2 = parseEntityId('Q2')
const found = (requested: string, actual: string, source: string | null): TermFallback =>
  ({ requestedLanguageCode: requested, text: 'value', actualLanguageCode: actual, sourceLanguageCode: source })

// UsageTrackingLanguageFallbackLabelDescriptionLookupTest, run for labels and descriptions.
const cases: Array<[string[], TermFallback | null, boolean, string[]]> = [
  [['a', 'b', 'c'], null, false, ['a', 'b', 'c']],
  [['a', 'b', 'c'], null, true, []],
  [['en'], found('en', 'en', null), false, ['en']],
  [['de', 'es', 'en'], found('de', 'es', null), false, ['de', 'es']],
  [['de', 'es', 'ru'], found('de', 'ru', null), false, ['de', 'es', 'ru']],
  [['foo', 'ku', 'ku-arab', 'ku-latn', 'en'], found('ku', 'ku', 'ku-latn'), false, ['foo', 'ku', 'ku-arab', 'ku-latn']]
]

for (const prefix of ['L', 'D'] as TermUsageAspect[]) {
  t.test(`fallback chain usages, prefix ${prefix}`, async t => {
    for (const [chain, term, allLanguages, languages] of cases) {
      const expected = allLanguages ? [`Q2#${prefix}`] : languages.map(language => `Q2#${prefix}.${language}`)
      t.strictSame(fallbackTermUsages(Q2, prefix, chain, term, allLanguages).map(identityOf), expected, `${chain.join(',')} ${JSON.stringify(term)}${allLanguages ? ' all languages' : ''}`)
    }
  })
}

t.test('all-languages mode gives the bare aspect even when a term is found', async t => {
  t.strictSame(fallbackTermUsages(Q2, 'L', ['de', 'en'], found('de', 'en', null), true).map(identityOf), ['Q2#L'])
})

t.test('a source language outside the chain counts the whole chain', async t => {
  t.strictSame(touchedLanguages(['de', 'en'], found('de', 'fr', null)), ['de', 'en'])
})
