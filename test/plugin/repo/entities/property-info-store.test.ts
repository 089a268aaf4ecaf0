import t from 'tap'
import Fastify from 'fastify'
import pg from 'pg'
import { fileURLToPath } from 'node:url'
import { runner } from 'node-pg-migrate'
import wikibase from '../../../../plugin/index.js'
import { tableName } from '../../../../plugin/db/wiki-database.js'
import { propertyDatatypes } from '../../../../plugin/repo/entities/entity-store.js'
import { findPropertyIdByLabel } from '../../../../plugin/repo-reader/property-label-lookup.js'
import { freshDatabase, testPool } from '../../../support/test-database.js'
import { editor } from '../../../support/repo-test-wiki.js'
import { createTestHost } from '../../../support/test-host.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const V1 = '/w/rest.php/wikibase/v1'

/**
 * A stored property revision that PostgreSQL's JSON functions cannot read (a `\u0000` label,
 * as was accepted before the request layer refused it) must not break any read or edit of
 * the entities using that property: datatypes and labels come from wb_property_info and
 * wb_property_labels, never from `rev_content->>…`.
 */
t.test('one unreadable property revision breaks no read path', async t => {
  const url = await freshDatabase(t, 'propinfo')
  const app = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host: createTestHost({ pool: testPool(t, url) }) })
  app.addHook('onRequest', async request => { request.wikiUser = editor })
  await app.ready()
  t.teardown(async () => { await app.close() })
  const db = wikibaseInternals(app).self
  t.equal((await app.inject({ method: 'POST', url: `${V1}/entities/properties`, payload: { property: { data_type: 'string', labels: { fr: 'pays', en: 'country' } } } })).statusCode, 201)
  const statement = { property: { id: 'P1' }, value: { type: 'value', content: 'France' } }
  t.equal((await app.inject({ method: 'POST', url: `${V1}/entities/items`, payload: { item: { labels: { en: 'X' }, statements: { P1: [statement] } } } })).statusCode, 201)
  t.same(await propertyDatatypes(db.pool, db, ['P1', 'P2']), new Map([['P1', 'string']]))
  t.equal(await findPropertyIdByLabel(db.pool, db, 'pays', 'fr'), 'P1')
  t.equal(await findPropertyIdByLabel(db.pool, db, 'pays\u0000', 'fr'), null, 'a label no row can hold is simply not found')

  // What the old request layer let through, written as it was stored then.
  await db.pool.query(
    `UPDATE ${tableName(db, 'wb_entity_revisions')} SET rev_content = replace(rev_content::text, '"pays"', '"pays\\u0000\\udc00"')::json
      WHERE rev_entity_id = 'P1'`)
  await t.rejects(db.pool.query(`SELECT rev_content->>'datatype' FROM ${tableName(db, 'wb_entity_revisions')} WHERE rev_entity_id = 'P1'`),
    'the row is one PostgreSQL cannot read with ->>')

  const reads = [
    '/w/api.php?action=wbgetentities&ids=Q1', '/w/api.php?action=wbgetentities&ids=Q1|P1', '/wiki/Special:EntityData/Q1.json',
    `${V1}/entities/items/Q1`, `${V1}/entities/items/Q1/statements`
  ]
  for (const read of reads) {
    const response = await app.inject(read)
    t.equal(response.statusCode, 200, read)
  }
  const entity = (await app.inject('/wiki/Special:EntityData/Q1.json')).json().entities.Q1
  t.equal(entity.claims.P1[0].mainsnak.datatype, 'string', 'the datatype comes from wb_property_info')
  const edit = await app.inject({ method: 'POST', url: `${V1}/entities/items/Q1/statements`, payload: { statement: { ...statement, value: { type: 'value', content: 'Gaule' } } } })
  t.equal(edit.statusCode, 201, 'a statement edit using the property still works')
  t.equal(await findPropertyIdByLabel(db.pool, db, 'country', 'en'), 'P1')
})

t.test('migration repo/021 fills the tables from existing properties, and an unreadable row does not stop it', async t => {
  const url = await freshDatabase(t, 'propinfomig')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  t.teardown(async () => { await client.end() })
  await client.query('CREATE SCHEMA repo')
  // The repo's schema as it was before 020.
  await runner({ dbClient: client, dir: fileURLToPath(new URL('../../../../migrations/repo', import.meta.url)), migrationsTable: 'wb_migrations_repo', schema: 'repo', direction: 'up', count: 3, singleTransaction: true, noLock: true, checkOrder: true, log: () => {} })
  await client.query('RESET search_path')
  const rows: Array<[string, string]> = [
    ['P1', '{"type":"property","id":"P1","datatype":"string","labels":{"fr":{"language":"fr","value":"pays"}}}'],
    ['P2', '{"type":"property","id":"P2","datatype":"wikibase-item","labels":{"fr":{"language":"fr","value":"pays\\u0000"},"en":{"language":"en","value":"country"}}}'],
    ['P3', '{"type":"property","id":"P3","labels":{}}']
  ]
  for (const [id, content] of rows) {
    await client.query("INSERT INTO repo.wb_entities (entity_id, entity_type, entity_numeric_id, entity_latest_rev) VALUES ($1, 'property', $2, $2)", [id, Number(id.slice(1))])
    await client.query('INSERT INTO repo.wb_entity_revisions (rev_id, rev_entity_id, rev_timestamp, rev_content) VALUES ($1, $2, now(), $3::json)', [Number(id.slice(1)), id, content])
  }
  const app = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' }, worker: { enabled: false }, host: createTestHost({ pool: testPool(t, url) }) })
  await app.ready()
  t.teardown(async () => { await app.close() })
  const info = await client.query('SELECT pi_property_id, pi_type FROM repo.wb_property_info ORDER BY 1')
  t.same(info.rows, [{ pi_property_id: 'P1', pi_type: 'string' }, { pi_property_id: 'P2', pi_type: 'wikibase-item' }], 'the unreadable P2 keeps its datatype')
  const labels = await client.query('SELECT pl_property_id, pl_language, pl_label FROM repo.wb_property_labels ORDER BY 1, 2')
  t.same(labels.rows, [{ pl_property_id: 'P1', pl_language: 'fr', pl_label: 'pays' }], 'readable labels are copied; the unreadable row is left without')
})
