import { readFile, writeFile } from 'node:fs/promises'
import { Command, Option } from 'commander'
import cliProgress from 'cli-progress'
import { openPool, openWiki, withConnectionFlags, type ConnectionFlags } from './wiki-connection.js'
import { tableName, type WikiDatabase } from '../plugin/db/wiki-database.js'
import { UnknownSiteGroupError, type InvalidSiteError } from '../plugin/sites/site-errors.js'
import { parseSiteListFile } from '../plugin/sites/formats/site-list-file.js'
import { exportSiteListXml } from '../plugin/sites/formats/site-list-xml.js'
import { newMediaWikiSite } from '../plugin/sites/mediawiki-site-input.js'
import { siteRules } from '../plugin/sites/site-rules.js'
import { addSite, importSites, loadSites, type SiteWriteOptions, type SiteWriteReport } from '../plugin/sites/site-store.js'
import { syncSites } from '../plugin/sites/site-sync.js'

/** Where a command writes its messages (stdout by default; tests collect them). */
export interface Output { log: (line: string) => void }
const stdout: Output = { log: line => { process.stdout.write(`${line}\n`) } }

export interface RuleFlags {
  allowGroup?: string[]
  allowPathsWithoutPlaceholder?: boolean
}

export interface AddSiteFlags extends ConnectionFlags, RuleFlags {
  group?: string
  language?: string
  pagePath?: string
  filePath?: string
  interwikiId?: string[]
  navigationId?: string[]
}

export interface ImportFlags extends ConnectionFlags, RuleFlags {
  siteGroup?: string
  /** Accept every group the file's sites use (a registry dump defines its own groups). */
  allowGroupsFromFile?: boolean
  progress?: boolean
}

export interface SyncFlags extends ConnectionFlags, RuleFlags {
  from: string
  fromSchema?: string
  progress?: boolean
}

/** Imports with more sites than this show a progress bar (on a terminal). */
const PROGRESS_THRESHOLD = 200

/** `sites add <globalId>` (addSite.php): one MediaWiki site; a site the rules refuse is an error. */
export async function runSitesAdd (globalId: string, flags: AddSiteFlags, out: Output = stdout): Promise<void> {
  const site = newMediaWikiSite({
    globalId,
    group: flags.group,
    language: flags.language,
    pagePath: flags.pagePath,
    filePath: flags.filePath,
    interwikiIds: flags.interwikiId ?? [],
    navigationIds: flags.navigationId ?? []
  })
  await withWiki(flags, async db => { await addSite(db, site, rulesOf(flags)) })
  out.log(`added site ${globalId}`)
}

/**
 * `sites import <file>`: a site matrix JSON, a site-list XML or a mysqldump of the sites
 * table, detected from its content. What was read leniently is logged as warnings first.
 * A site the rules refuse (a `javascript:` page path, an unknown group…) is reported and
 * skipped, the others imported, as MediaWiki's importSites.php does (SiteImporter hands
 * each failing site to its exception callback and saves the rest).
 */
export async function runSitesImport (file: string, flags: ImportFlags, out: Output = stdout): Promise<SiteWriteReport> {
  const parseOptions = flags.siteGroup === undefined ? {} : { siteGroup: flags.siteGroup }
  const { format, sites, warnings, declaredGroups } = parseSiteListFile(await readFile(file, 'utf8'), parseOptions)
  for (const warning of warnings) out.log(`warning: ${warning}`)
  const fileGroups = flags.allowGroupsFromFile === true ? [...new Set(sites.map(site => site.group))] : declaredGroups
  const rules = rulesOf({ ...flags, allowGroup: [...(flags.allowGroup ?? []), ...fileGroups] })
  const skipped = skipReporter(out)
  const report = await withWiki(flags, async db => await withProgress(sites.length, flags.progress, async onProgress =>
    await importSites(db, sites, { rules, onProgress, onInvalidSite: skipped.report })))
  if (format === 'sites-table-sql' && skipped.errors.some(error => error instanceof UnknownSiteGroupError)) {
    out.log('hint: a sites-table dump brings the groups of the registry it was dumped from; --allow-groups-from-file accepts them')
  }
  out.log(`imported ${sites.length - skipped.errors.length} sites from ${format}: ${describe(report, skipped.errors.length)}`)
  return report
}

/** Logs each site the rules refuse (`skipped: <what is wrong>`) and keeps the errors. */
function skipReporter (out: Output): { report: (error: InvalidSiteError) => void, errors: InvalidSiteError[] } {
  const errors: InvalidSiteError[] = []
  return {
    errors,
    report: error => {
      errors.push(error)
      out.log(`skipped: ${error.message}`)
    }
  }
}

/** `sites export [file]`: the site-list XML of every site, to the file or stdout. */
export async function runSitesExport (file: string | undefined, flags: ConnectionFlags, out: Output = stdout): Promise<void> {
  const sites = await withWiki(flags, async db => await loadSites(db))
  const xml = exportSiteListXml(sites)
  if (file === undefined) {
    process.stdout.write(xml)
  } else {
    await writeFile(file, xml, 'utf8')
    out.log(`exported ${sites.length} sites to ${file}`)
  }
}

/**
 * `sites sync --from <url>`: global columns from the repo's sites table, local columns kept.
 * A repo row the rules refuse (written there by hand, say) is reported and skipped, as on import.
 */
export async function runSitesSync (flags: SyncFlags, out: Output = stdout): Promise<SiteWriteReport> {
  const sourcePool = openPool(flags.from, 2)
  try {
    const source = { pool: sourcePool, dataSchema: flags.fromSchema ?? 'public' }
    const total = (await sourcePool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${tableName(source, 'sites')}`)).rows[0]?.n ?? 0
    const skipped = skipReporter(out)
    const report = await withWiki(flags, async db => await withProgress(total, flags.progress, async onProgress =>
      await syncSites(source, db, { rules: rulesOf(flags), onProgress, onInvalidSite: skipped.report })))
    out.log(`synchronised ${total - skipped.errors.length} sites from ${source.dataSchema}: ${describe(report, skipped.errors.length)}`)
    return report
  } finally {
    await sourcePool.end()
  }
}

/** Adds the `sites` command group to the CLI. */
export function addSitesCommands (program: Command): void {
  const sites = program.command('sites').description('The registry of known sites (wikis and other sites): add, import, export, sync')
  const rules = (command: Command): Command => command
    .option('--allow-group <group...>', 'accept these site groups besides the known ones')
    .option('--allow-paths-without-placeholder', 'accept page/file/link paths without $1 (as MediaWiki does)')

  rules(withConnectionFlags(sites.command('add <globalId>')
    .description('Add one MediaWiki site (like MediaWiki\'s addSite.php)')
    .option('--group <group>', 'site group, e.g. wikipedia', 'none')
    .option('--language <code>', 'language code of the site, e.g. en')
    .option('--page-path <url>', 'URL template of pages, with $1, e.g. https://en.wikipedia.org/wiki/$1')
    .option('--file-path <url>', 'URL template of files and scripts, with $1, e.g. https://en.wikipedia.org/w/$1')
    .option('--interwiki-id <prefix...>', 'local interwiki prefix(es)')
    .option('--navigation-id <prefix...>', 'local navigation (language link) id(s)')))
    .action(async (globalId: string, flags: AddSiteFlags) => { await runSitesAdd(globalId, flags) })

  rules(withConnectionFlags(sites.command('import <file>')
    .description('Import a Wikimedia site matrix (JSON), a MediaWiki site list (XML) or a mysqldump of MediaWiki\'s sites table (SQL); one transaction')
    .option('--site-group <group>', 'site matrix or sites-table dump: give sites of this group their language code as interwiki and navigation id')
    .option('--allow-groups-from-file', 'accept every site group the file uses (a sites-table dump defines its own groups)')
    .addOption(new Option('--no-progress', 'no progress bar'))))
    .action(async (file: string, flags: ImportFlags) => { await runSitesImport(file, flags) })

  withConnectionFlags(sites.command('export [file]')
    .description('Export every site as MediaWiki site-list XML (to stdout without file)'))
    .action(async (file: string | undefined, flags: ConnectionFlags) => { await runSitesExport(file, flags) })

  rules(withConnectionFlags(sites.command('sync')
    .description('Take the global columns of every site from the repo\'s sites table; keep forward, config and local prefixes')
    .requiredOption('--from <url>', 'connection string of the repo\'s database')
    .option('--from-schema <name>', 'schema of the repo\'s tables', 'public')
    .addOption(new Option('--no-progress', 'no progress bar'))))
    .action(async (flags: SyncFlags) => { await runSitesSync(flags) })
}

function rulesOf (flags: RuleFlags): SiteWriteOptions['rules'] {
  return siteRules({ extraGroups: flags.allowGroup ?? [], allowPathsWithoutPlaceholder: flags.allowPathsWithoutPlaceholder === true })
}

async function withWiki<T> (flags: ConnectionFlags, fn: (db: WikiDatabase) => Promise<T>): Promise<T> {
  const db = openWiki(flags)
  try {
    return await fn(db)
  } finally {
    await db.pool.end()
  }
}

async function withProgress<T> (
  total: number, enabled: boolean | undefined, fn: (onProgress?: (done: number, total: number) => void) => Promise<T>
): Promise<T> {
  if (enabled === false || total < PROGRESS_THRESHOLD || process.stderr.isTTY !== true) return await fn(undefined)
  const bar = new cliProgress.SingleBar({ format: 'sites [{bar}] {value}/{total}', stream: process.stderr }, cliProgress.Presets.shades_classic)
  bar.start(total, 0)
  try {
    return await fn((done, writes) => { bar.setTotal(Math.max(writes, 1)); bar.update(done) })
  } finally {
    bar.stop()
  }
}

function describe (report: SiteWriteReport, skipped = 0): string {
  return `${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged${skipped > 0 ? `, ${skipped} skipped` : ''}`
}
