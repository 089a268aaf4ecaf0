import t from 'tap'
import { newEntityUsageFromIdentity, identityOf } from '../../../../plugin/client/usage/entity-usage.js'
import { newUsagesOfRendering } from '../../../../plugin/client/usage/new-usages-of-rendering.js'

const u = (ids: string[]): ReturnType<typeof newEntityUsageFromIdentity>[] => ids.map(newEntityUsageFromIdentity)

// found, stored → the usages a job must add.
const cases: Array<[string, string[], string[], string[]]> = [
  ['nothing stored: all', ['Q1#L.de', 'Q1#S'], [], ['Q1#L.de', 'Q1#S']],
  ['all stored: none', ['Q1#L.de'], ['Q1#L.de', 'Q1#S'], []],
  ['another language of a stored aspect', ['Q1#L.de', 'Q1#L.en'], ['Q1#L.en'], ['Q1#L.de']],
  ['a stored bare aspect covers its modified ones', ['Q1#L.de', 'Q1#C.P17'], ['Q1#L', 'Q1#C'], []],
  ['a modified stored usage does not cover the bare one', ['Q1#L'], ['Q1#L.en'], ['Q1#L']],
  ['other entities are other usages', ['Q2#L.en'], ['Q1#L.en'], ['Q2#L.en']]
]
for (const [name, found, stored, expected] of cases) {
  t.strictSame(newUsagesOfRendering(u(found), u(stored)).map(identityOf), expected, name)
}
