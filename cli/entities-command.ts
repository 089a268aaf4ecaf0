import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Command } from 'commander'
import cliProgress from 'cli-progress'
import { openWiki, withConnectionFlags, type ConnectionFlags } from './wiki-connection.js'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import { EntityJsonError, type WikibaseEntity } from '../plugin/changes/wikibase-entity.js'
import { importEntity, type ImportResult } from '../plugin/repo/entities/entity-importer.js'
import { listEntityIds } from '../plugin/repo/entities/entity-store.js'
import { loadLatestRevision } from '../plugin/repo-reader/entity-revisions.js'

/**
 * `fastify-wikibase entities import <dir|file>` and `entities export <dir>`: load canonical
 * entity JSON (bare, or the `{"entities":{…}}` envelope of Special:EntityData/wbgetentities,
 * one or many entities per file) into the repo's entity store, and write it back out.
 */
export interface ImportReport { imported: ImportResult[], failed: Array<{ file: string, error: string }> }

/** The entities in a parsed file, in either envelope. */
export function entitiesInJson (json: unknown): WikibaseEntity[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new EntityJsonError('expected an object')
  const envelope = (json as { entities?: unknown }).entities
  const candidates = typeof envelope === 'object' && envelope !== null ? Object.values(envelope) : [json]
  return candidates.map(candidate => {
    const entity = candidate as Partial<WikibaseEntity> & { missing?: unknown }
    if (typeof entity !== 'object' || entity === null || 'missing' in entity || typeof entity.type !== 'string') {
      throw new EntityJsonError('not a canonical entity (no "type"; legacy serialization or a missing entity?)')
    }
    return entity as WikibaseEntity
  })
}

async function jsonFiles (path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path]
  return (await readdir(path)).filter(name => name.endsWith('.json')).sort().map(name => join(path, name))
}

export async function importEntities (
  db: WikiDatabase, path: string, options: { checkSites?: boolean, progress?: boolean } = {}
): Promise<ImportReport> {
  const files = await jsonFiles(path)
  const bar = options.progress === true
    ? new cliProgress.SingleBar({ format: 'entities {bar} {value}/{total} {file}', hideCursor: true }, cliProgress.Presets.shades_classic)
    : null
  bar?.start(files.length, 0, { file: '' })
  const report: ImportReport = { imported: [], failed: [] }
  try {
    for (const file of files) {
      try {
        for (const entity of entitiesInJson(JSON.parse(await readFile(file, 'utf8')))) {
          report.imported.push(await importEntity(db, entity, { checkSites: options.checkSites }))
        }
      } catch (error) {
        report.failed.push({ file, error: (error as Error).message })
      }
      bar?.increment(1, { file })
    }
  } finally {
    bar?.stop()
  }
  return report
}

/** Writes each live item and property to `<dir>/<ID>.json` in the Special:EntityData envelope. */
export async function exportEntities (db: WikiDatabase, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const written: string[] = []
  for (const type of ['property', 'item']) {
    let after = 0
    for (;;) {
      const ids = await listEntityIds(db.pool, db, type, { afterNumericId: after, limit: 500 })
      if (ids.length === 0) break
      for (const id of ids) {
        const revision = await loadLatestRevision(db.pool, db, id)
        if (revision === null) continue
        await writeFile(join(dir, `${id}.json`), JSON.stringify({ entities: { [id]: revision.entity } }) + '\n')
        written.push(id)
      }
      after = Number(ids.at(-1)!.slice(1))
    }
  }
  return written
}

export function addEntitiesCommands (program: Command): void {
  const entities = program.command('entities').description('Import and export the repo\'s entities (canonical Wikibase JSON)')
  withConnectionFlags(entities.command('import <path>')
    .description('import entity JSON from a file or every *.json in a directory (bare or {"entities":{…}} envelope)')
    .option('--no-site-check', 'accept sitelinks to sites missing from the sites table'))
    .action(async (path: string, flags: ConnectionFlags & { siteCheck: boolean }) => {
      const db = openWiki(flags)
      try {
        const report = await importEntities(db, path, { checkSites: flags.siteCheck, progress: process.stderr.isTTY })
        for (const failure of report.failed) process.stderr.write(`${failure.file}: ${failure.error}\n`)
        process.stdout.write(`imported ${report.imported.length} entities, ${report.failed.length} files failed\n`)
        if (report.failed.length > 0) process.exitCode = 1
      } finally {
        await db.pool.end()
      }
    })
  withConnectionFlags(entities.command('export <dir>')
    .description('write every item and property to <dir>/<ID>.json'))
    .action(async (dir: string, flags: ConnectionFlags) => {
      const db = openWiki(flags)
      try {
        const written = await exportEntities(db, dir)
        process.stdout.write(`exported ${written.length} entities to ${dir}\n`)
      } finally {
        await db.pool.end()
      }
    })
}
