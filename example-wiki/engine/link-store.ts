import { table, type Queryable, type WikiDb } from './wiki-db.js'
import type { Title } from './titles.js'
import type { ParserOutput } from '../../hooks/contract.js'

export interface PageLinks {
  links: Title[]
  templates: Title[]
  output: ParserOutput
}

/** LinksUpdate: the page's link tables become those of the new parse. */
export async function replaceLinks (q: Queryable, db: WikiDb, pageId: number, links: PageLinks): Promise<void> {
  for (const name of ['pagelinks', 'templatelinks', 'page_props', 'langlinks']) {
    const from = name === 'pagelinks' ? 'pl_from' : name === 'templatelinks' ? 'tl_from' : name === 'page_props' ? 'pp_page' : 'll_from'
    await q.query(`DELETE FROM ${table(db, name)} WHERE ${from} = $1`, [pageId])
  }
  const unique = (titles: Title[]): Title[] => [...new Map(titles.map(t => [`${t.namespace}:${t.dbKey}`, t])).values()]
  const pl = unique(links.links)
  if (pl.length > 0) {
    await q.query(`INSERT INTO ${table(db, 'pagelinks')} (pl_from, pl_namespace, pl_title) SELECT $1, * FROM unnest($2::int[], $3::text[])`,
      [pageId, pl.map(t => t.namespace), pl.map(t => t.dbKey)])
  }
  const tl = unique(links.templates)
  if (tl.length > 0) {
    await q.query(`INSERT INTO ${table(db, 'templatelinks')} (tl_from, tl_namespace, tl_title) SELECT $1, * FROM unnest($2::int[], $3::text[])`,
      [pageId, tl.map(t => t.namespace), tl.map(t => t.dbKey)])
  }
  const props = [...links.output.pageProps]
  if (props.length > 0) {
    await q.query(`INSERT INTO ${table(db, 'page_props')} (pp_page, pp_propname, pp_value) SELECT $1, * FROM unnest($2::text[], $3::text[])`,
      [pageId, props.map(p => p[0]), props.map(p => p[1])])
  }
  const langLinks = [...new Map(links.output.languageLinks.map(l => [l.siteId, l])).values()]
  if (langLinks.length > 0) {
    await q.query(`INSERT INTO ${table(db, 'langlinks')} (ll_from, ll_site, ll_lang, ll_title, ll_url)
      SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
    [pageId, langLinks.map(l => l.siteId), langLinks.map(l => l.language), langLinks.map(l => l.title), langLinks.map(l => l.url)])
  }
}

export async function deleteLinks (q: Queryable, db: WikiDb, pageId: number): Promise<void> {
  await replaceLinks(q, db, pageId, { links: [], templates: [], output: { extensionData: new Map(), pageProps: new Map(), languageLinks: [], warnings: [] } })
}

/** Pages that transclude the template (to re-parse when it changes). */
export async function pagesTranscluding (q: Queryable, db: WikiDb, template: Title): Promise<number[]> {
  const { rows } = await q.query<{ tl_from: number }>(
    `SELECT tl_from FROM ${table(db, 'templatelinks')} WHERE tl_namespace = $1 AND tl_title = $2 ORDER BY tl_from`, [template.namespace, template.dbKey])
  return rows.map(r => r.tl_from)
}

/** Pages that link to the title (to re-render red/blue links when it is created or deleted). */
export async function pagesLinkingTo (q: Queryable, db: WikiDb, target: Title): Promise<number[]> {
  const { rows } = await q.query<{ pl_from: number }>(
    `SELECT pl_from FROM ${table(db, 'pagelinks')} WHERE pl_namespace = $1 AND pl_title = $2 ORDER BY pl_from`, [target.namespace, target.dbKey])
  return rows.map(r => r.pl_from)
}

export async function pageProps (q: Queryable, db: WikiDb, pageId: number): Promise<Map<string, string>> {
  const { rows } = await q.query<{ pp_propname: string, pp_value: string }>(
    `SELECT pp_propname, pp_value FROM ${table(db, 'page_props')} WHERE pp_page = $1 ORDER BY pp_propname`, [pageId])
  return new Map(rows.map(r => [r.pp_propname, r.pp_value]))
}

/** The host service `pageProperties`: the named props of these pages (PageProps::getProperties); pages with none absent. */
export async function pagePropertiesOf (
  q: Queryable, db: WikiDb, pageIds: readonly number[], names: readonly string[]
): Promise<Map<number, Record<string, string>>> {
  const out = new Map<number, Record<string, string>>()
  if (pageIds.length === 0 || names.length === 0) return out
  const { rows } = await q.query<{ pp_page: number, pp_propname: string, pp_value: string }>(
    `SELECT pp_page, pp_propname, pp_value FROM ${table(db, 'page_props')} WHERE pp_page = ANY($1::int[]) AND pp_propname = ANY($2::text[])`,
    [pageIds, names])
  for (const row of rows) out.set(row.pp_page, { ...out.get(row.pp_page), [row.pp_propname]: row.pp_value })
  return out
}

/**
 * Special:UnconnectedPages (Wikibase's SpecialUnconnectedPages): pages whose last parse set
 * `unexpectedUnconnectedPage` (the plugin sets it on main-namespace pages with no item and no
 * `__EXPECTED_UNCONNECTED_PAGE__`), redirects left out, in page id order (the special page's
 * sort), `limit` of them from `offset`, optionally of one namespace.
 */
export async function unconnectedPages (
  q: Queryable, db: WikiDb, o: { namespace: number | null, limit: number, offset: number }
): Promise<Array<{ page_id: number, page_namespace: number, page_title: string }>> {
  const { rows } = await q.query<{ page_id: number, page_namespace: number, page_title: string }>(
    `SELECT p.page_id, p.page_namespace, p.page_title
       FROM ${table(db, 'page_props')} pp
       JOIN ${table(db, 'page')} p ON p.page_id = pp.pp_page
       JOIN ${table(db, 'revision')} r ON r.rev_id = p.page_latest
      WHERE pp.pp_propname = 'unexpectedUnconnectedPage'
        AND ($1::int IS NULL OR p.page_namespace = $1)
        AND r.rev_text !~* '^\\s*#redirect'
      ORDER BY p.page_id
      LIMIT $2 OFFSET $3`, [o.namespace, o.limit, o.offset])
  return rows
}

/**
 * One page of the pages holding page prop `propName`, by page id (Special:PagesWithBadges
 * reads `wikibase-badge-<id>`); `limit + 1` rows are read so the caller knows whether more follow.
 */
export interface PropPage { page_id: number, page_namespace: number, page_title: string }

export async function pagesWithProp (q: Queryable, db: WikiDb, propName: string, offset: number, limit: number): Promise<PropPage[]> {
  const { rows } = await q.query<PropPage>(
    `SELECT p.page_id, p.page_namespace, p.page_title FROM ${table(db, 'page_props')} pp JOIN ${table(db, 'page')} p ON p.page_id = pp.pp_page
     WHERE pp.pp_propname = $1 ORDER BY p.page_id LIMIT $2 OFFSET $3`, [propName, limit + 1, offset])
  return rows
}
