import t from 'tap'
import { dispatchTargets } from '../../../../plugin/repo/dispatch/dispatch-targets.js'
import { newEntityChange } from '../../../../plugin/changes/entity-change.js'
import { emptyEntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../../../hooks/ids.js'

function change (entity: string, siteLinkChanges: Record<string, [string | null, string | null, boolean]> = {}) {
  return newEntityChange('update', parseEntityId(entity), { compactDiff: { ...emptyEntityDiffChangedAspects(), siteLinkChanges } })
}

const known = new Set(['enwiki', 'dewiki', 'repowiki'])

t.test('targets are subscribers plus sites whose sitelink changed, known clients only', async t => {
  const cases: Array<[string, ReturnType<typeof change>[], string[], ReturnType<typeof dispatchTargets>]> = [
    ['subscribers only', [change('Q1')], ['enwiki'], { targets: ['enwiki'], unknown: [], viaSitelinkOnly: [] }],
    ['unknown subscriber skipped', [change('Q1')], ['client', 'enwiki'], { targets: ['enwiki'], unknown: ['client'], viaSitelinkOnly: [] }],
    ['new sitelink reaches an unsubscribed site', [change('Q50', { dewiki: [null, 'Berlin', false] })], [], { targets: ['dewiki'], unknown: [], viaSitelinkOnly: ['dewiki'] }],
    ['badge-only sitelink change does not', [change('Q50', { dewiki: [null, null, true] })], [], { targets: [], unknown: [], viaSitelinkOnly: [] }],
    ['union over all changes, de-duplicated and sorted', [change('Q5', { enwiki: ['A', 'B', false] }), change('Q5', { xxwiki: ['A', null, false] })], ['enwiki', 'repowiki'],
      { targets: ['enwiki', 'repowiki'], unknown: ['xxwiki'], viaSitelinkOnly: [] }],
    ['properties have no sitelinks', [newEntityChange('update', parseEntityId('P1'))], ['dewiki'], { targets: ['dewiki'], unknown: [], viaSitelinkOnly: [] }],
    ['nothing', [change('Q1')], [], { targets: [], unknown: [], viaSitelinkOnly: [] }]
  ]
  for (const [name, changes, subscribers, expected] of cases) t.same(dispatchTargets(changes, subscribers, known), expected, name)
})
