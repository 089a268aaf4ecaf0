import t from 'tap'
import Fastify from 'fastify'
import wikibase from '../../../../plugin/index.js'
import { importEntity } from '../../../../plugin/repo/entities/entity-importer.js'
import { loadEntityState } from '../../../../plugin/repo-reader/entity-state.js'
import { InvalidEntityValueError } from '../../../../plugin/repo/entities/entity-errors.js'
import { freshDatabase, testPool } from '../../../support/test-database.js'
import { createTestHost } from '../../../support/test-host.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * The storage backstop behind the request layer: whatever the writer (here the importer, which
 * no HTTP request layer guards), a revision holding a string PostgreSQL cannot keep (U+0000, a
 * lone surrogate) is refused naming the field, and nothing of it is stored.
 */
t.test('import of an entity with an unstorable string: refused by field, nothing stored', async t => {
  const url = await freshDatabase(t, 'unstorable')
  const app = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host: createTestHost({ pool: testPool(t, url) }) })
  await app.ready()
  t.teardown(async () => { await app.close() })
  const db = wikibaseInternals(app).self
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ type: 'property', id: 'P1', datatype: 'string', labels: { fr: { language: 'fr', value: 'pays\u0000' } } }, 'labels/fr/value'],
    [{ type: 'item', id: 'Q1', labels: {}, descriptions: { en: { language: 'en', value: 'a\udc00' } } }, 'descriptions/en/value'],
    [{ type: 'item', id: 'Q2', labels: { 'e\ud800': { language: 'en', value: 'x' } } }, 'labels/e\ud800/language']
  ]
  // (The validator refuses the third first: a key that is no language code, named as the term's language.)
  for (const [entity, path] of cases) {
    let thrown: unknown
    try { await importEntity(db, entity as never, { checkSites: false }) } catch (error) { thrown = error }
    t.ok(thrown instanceof InvalidEntityValueError, `${String(entity.id)}: InvalidEntityValueError`)
    t.equal((thrown as InvalidEntityValueError).path, path)
    t.equal(await loadEntityState(db.pool, db, entity.id as never), null, `${String(entity.id)}: nothing stored`)
  }
  const fine = await importEntity(db, { type: 'item', id: 'Q3', labels: { en: { language: 'en', value: "Côte d'Ivoire 😀" } } } as never, { checkSites: false })
  t.equal(fine.entityId, 'Q3')
})
