import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { UiContext } from './ui-context.js'

const CLI = fileURLToPath(new URL('../../bin/fastify-wikibase.js', import.meta.url))
const run = promisify(execFile)

export interface SiteForm {
  globalId: string
  group: string
  language: string
  pagePath: string
  filePath: string
  interwikiIds: string[]
  navigationIds: string[]
}

/** Connection of a wiki for the plugin's CLI. */
export interface CliConnection { database: string, siteId: string }

const connections = new WeakMap<UiContext, CliConnection>()
export function setCliConnection (ctx: UiContext, connection: CliConnection): void { connections.set(ctx, connection) }

/** Runs `fastify-wikibase <args>` (the plugin's public maintenance CLI); stdout, or its error message. */
export async function runPluginCli (args: string[]): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [CLI, ...args], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 })
    return stdout.trim()
  } catch (error) {
    const e = error as { stderr?: string, message: string }
    throw new Error((e.stderr ?? '').trim().replace(/^fastify-wikibase: /, '') || e.message)
  }
}

function escapeXml (text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
}

/** MediaWiki site-list XML of MediaWiki sites (what `sites import` reads). */
export function siteListXml (sites: SiteForm[]): string {
  const body = sites.map(s => [
    '\t<site type="mediawiki">',
    `\t\t<globalid>${escapeXml(s.globalId)}</globalid>`,
    s.group === '' ? '' : `\t\t<group>${escapeXml(s.group)}</group>`,
    s.language === '' ? '' : `\t\t<language>${escapeXml(s.language)}</language>`,
    ...s.interwikiIds.map(id => `\t\t<localid type="interwiki">${escapeXml(id)}</localid>`),
    ...s.navigationIds.map(id => `\t\t<localid type="equivalent">${escapeXml(id)}</localid>`),
    s.pagePath === '' ? '' : `\t\t<path type="page_path">${escapeXml(s.pagePath)}</path>`,
    s.filePath === '' ? '' : `\t\t<path type="file_path">${escapeXml(s.filePath)}</path>`,
    '\t</site>'
  ].filter(Boolean).join('\n')).join('\n')
  return `<sites version="1.0" xmlns="http://www.mediawiki.org/xml/sitelist-1.0/">\n${body}\n</sites>\n`
}

/** Inserts or updates sites of a wiki with `fastify-wikibase sites import` (one transaction). */
export async function importSitesThroughCli (connection: CliConnection, sites: SiteForm[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'example-wiki-sites-'))
  try {
    const file = join(dir, 'sites.xml')
    await writeFile(file, siteListXml(sites), 'utf8')
    return await runPluginCli(['sites', 'import', file, '--database', connection.database, '--site-id', connection.siteId])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Special:Sites' form: add (`sites add`, fails on a known id) or edit (`sites import`, an upsert). */
export async function saveSiteThroughCli (ctx: UiContext, form: SiteForm, mode: 'add' | 'edit'): Promise<string> {
  const connection = connections.get(ctx)
  if (connection === undefined) throw new Error('this wiki has no CLI connection configured')
  if (mode === 'edit') return await importSitesThroughCli(connection, [form])
  const args = ['sites', 'add', form.globalId, '--database', connection.database, '--site-id', connection.siteId]
  if (form.group !== '') args.push('--group', form.group)
  if (form.language !== '') args.push('--language', form.language)
  if (form.pagePath !== '') args.push('--page-path', form.pagePath)
  if (form.filePath !== '') args.push('--file-path', form.filePath)
  if (form.interwikiIds.length > 0) args.push('--interwiki-id', ...form.interwikiIds)
  if (form.navigationIds.length > 0) args.push('--navigation-id', ...form.navigationIds)
  return await runPluginCli(args)
}
