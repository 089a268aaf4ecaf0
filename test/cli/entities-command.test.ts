import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { entitiesInJson, exportEntities, importEntities } from '../../cli/entities-command.js'
import { addSites, ENTITY_DIR, fixtureEntity, fixtureSites, startRepo, withoutRevisionData } from '../support/repo-test-wiki.js'
import { wikibaseInternals } from '../../plugin/facade.js'

t.test('entitiesInJson reads both envelopes and refuses legacy JSON', async t => {
  t.same(entitiesInJson({ type: 'item', id: 'Q1' }).map(e => e.id), ['Q1'])
  t.same(entitiesInJson({ entities: { Q1: { type: 'item', id: 'Q1' }, P2: { type: 'property', id: 'P2' } } }).map(e => e.id), ['Q1', 'P2'])
  t.throws(() => entitiesInJson({ entity: 'q1', label: {} }), /no "type"/)
  t.throws(() => entitiesInJson({ entities: { Q6: { id: 'Q6', missing: '' } } }), /missing/)
})

t.test('entities import <dir> loads all 96 fixtures; export writes them back identical', async t => {
  const app = await startRepo(t, 'cliimport')
  const db = wikibaseInternals(app).self
  const refused = await importEntities(db, join(ENTITY_DIR, 'Q42.json'))
  t.same(refused.failed.map(f => f.error), ['sitelinks/afwiki: unknown site "afwiki" (not in the sites table)'], 'without its sites Q42 is refused, naming the first unknown site')
  await addSites(db, fixtureSites())
  const report = await importEntities(db, ENTITY_DIR)
  t.same(report.failed, [])
  t.equal(report.imported.length, 96)
  const dir = await mkdtemp(join(tmpdir(), 'wb-export-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const written = await exportEntities(db, dir)
  t.equal(written.length, 96)
  t.equal((await readdir(dir)).length, 96)
  for (const file of ['Q42.json', 'P6.json', 'Q1040.json']) {
    const exported = entitiesInJson(JSON.parse(await readFile(join(dir, file), 'utf8')))[0]!
    t.equal(JSON.stringify(withoutRevisionData(exported)), JSON.stringify(withoutRevisionData(fixtureEntity(file))), `${file} exports as imported`)
  }
  await writeFile(join(dir, 'Q42.json'), JSON.stringify({ entities: { Q42: { ...fixtureEntity('Q42.json'), labels: { en: { language: 'en', value: 'Douglas Adams (re-import)' } } } } }))
  const again = await importEntities(db, join(dir, 'Q42.json'))
  t.same(again.imported.map(r => [r.entityId, r.created]), [['Q42', false]], 're-importing an existing id saves a new revision')
})

t.test('bin/fastify-wikibase.js entities --help lists import and export', async t => {
  const { stdout } = await promisify(execFile)('./bin/fastify-wikibase.js', ['entities', '--help'], { cwd: new URL('../../', import.meta.url) })
  t.match(stdout, /import \[options\] <path>/)
  t.match(stdout, /export \[options\] <dir>/)
})
