// The diagram in docs/architecture.md is generated from the imports; this keeps it from drifting.
// When it fails after files moved or imports changed: `npm run docs:architecture`, then commit.
import t from 'tap'
import { readFile } from 'node:fs/promises'
import { ARCHITECTURE_DOC, partOf, renderArchitectureDiagram, withDiagram } from '../../scripts/architecture-diagram.js'

t.test('the committed diagram is the one the current imports give (npm run docs:architecture regenerates it)', async t => {
  const doc = await readFile(ARCHITECTURE_DOC, 'utf8')
  t.equal(withDiagram(doc, await renderArchitectureDiagram()), doc)
})

t.test('modules collapse into the parts the architecture names; wiring files stay themselves', async t => {
  const cases: Array<[string, string]> = [
    ['plugin/changes/entity-change.ts', 'plugin/changes'],
    ['plugin/client/usage/usage-deduplicator.ts', 'plugin/client'],
    ['plugin/client/wire.ts', 'plugin/client/wire.ts'],
    ['plugin/index.ts', 'plugin/index.ts'],
    ['hooks/ids.ts', 'hooks'],
    ['jobs/dispatch-changes.ts', 'jobs'],
    ['example-wiki/engine/wiki-engine.ts', 'example-wiki']
  ]
  for (const [module, part] of cases) t.equal(partOf(module), part, module)
})
