import { createHash } from 'node:crypto'
import { entityMap } from '../../changes/wikibase-entity.js'
import { loadLatestRevision, type EntityRevision } from '../../repo-reader/entity-revisions.js'
import { propertyDatatypes } from '../entities/entity-store.js'
import type { ApiCall } from '../../action-api/api-module.js'
import { isFormatVersion2, isoTimestamp, setFlag } from '../../action-api/api-format.js'
import type { PropModule } from '../../action-api/api-module-set.js'
import type { QueryPage } from '../../action-api/query-page-set.js'
import { rightsCheck } from '../entities/entity-editor.js'
import { editContext } from './entity-module-call.js'
import { revisionViewer, visibleRevisionMeta } from '../revision-deletion/revision-audience.js'

/**
 * The page properties of `action=query` for entity pages: `prop=info` (ApiQueryInfo),
 * `prop=revisions` for the latest revision of each page (ApiQueryRevisions; its enumeration
 * mode with `rvlimit`/`rvstart`… is not offered, those parameters are unrecognized) and
 * `prop=pageprops` with the properties Wikibase sets on entity pages
 * (EntityContent::getEntityPageProperties: `wb-claims`; ItemContent adds `wb-sitelinks` and
 * `wb-identifiers`, the statements whose property has the `external-id` datatype). The page
 * content is the entity JSON as stored, model `wikibase-item`/`wikibase-property`, format
 * `application/json` (Wikibase's EntityContent), or the redirect `{"entity","redirect"}`.
 */
interface Loaded { page: QueryPage, revision: EntityRevision, text: string }

async function latestRevisions (call: ApiCall, pages: readonly QueryPage[]): Promise<Loaded[]> {
  const db = call.deps.db
  const out: Loaded[] = []
  for (const page of pages) {
    if (page.entity === undefined) continue
    const revision = await loadLatestRevision(db.pool, db, page.entity.id)
    if (revision === null) continue
    out.push({ page, revision, text: pageText(page, revision) })
  }
  return out
}

function pageText (page: QueryPage, revision: EntityRevision): string {
  const target = (revision.entity as { redirect?: unknown }).redirect
  return page.entity?.redirect === true && typeof target === 'string'
    ? JSON.stringify({ entity: page.entity.id, redirect: target })
    // The stored JSON carries the revision's `lastrevid` and `modified`; page content (Wikibase's EntityContent) does not.
    : JSON.stringify({ ...revision.entity, lastrevid: undefined, modified: undefined })
}

const contentModel = (page: QueryPage): string => page.entity?.type === 'property' ? 'wikibase-property' : 'wikibase-item'
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')
const sha1 = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex')

const INFO_PROPS = ['url', 'displaytitle'] as const

export const infoProp: PropModule = {
  params: { inprop: { type: INFO_PROPS, multi: true } },
  run: async (call, pages) => {
    const v2 = isFormatVersion2(call.params)
    const props = new Set(call.params.list('inprop'))
    const server = `${call.request.protocol}://${call.request.headers.host ?? call.request.hostname}`
    const out = new Map<number, Record<string, unknown>>()
    for (const { page, revision, text } of await latestRevisions(call, pages)) {
      const info: Record<string, unknown> = {
        contentmodel: contentModel(page), pagelanguage: 'en', pagelanguagehtmlcode: 'en', pagelanguagedir: 'ltr',
        touched: isoTimestamp(revision.timestamp), lastrevid: revision.revisionId, length: bytes(text)
      }
      setFlag(info, 'redirect', page.entity?.redirect === true, v2)
      setFlag(info, 'new', revision.parentId === 0, v2)
      if (props.has('url')) {
        const path = encodeURIComponent(page.title.replaceAll(' ', '_')).replaceAll('%3A', ':')
        info.fullurl = `${server}${call.deps.routePrefix}/wiki/${path}`
        info.editurl = `${server}${call.deps.routePrefix}/w/index.php?title=${path}&action=edit`
        info.canonicalurl = info.fullurl
      }
      if (props.has('displaytitle')) info.displaytitle = page.title
      out.set(page.key, info)
    }
    // A missing page still has its namespace's content model and the page language (ApiQueryInfo).
    for (const page of pages) {
      if (page.missing !== true || page.ns === undefined) continue
      const model = page.ns === call.namespaces.item ? 'wikibase-item' : page.ns === call.namespaces.property ? 'wikibase-property' : 'wikitext'
      out.set(page.key, { contentmodel: model, pagelanguage: 'en', pagelanguagehtmlcode: 'en', pagelanguagedir: 'ltr' })
    }
    return out
  }
}

const RV_PROPS = ['ids', 'flags', 'timestamp', 'user', 'userid', 'size', 'slotsize', 'sha1', 'slotsha1', 'contentmodel', 'comment', 'content', 'roles'] as const
const RV_DEFAULT = ['ids', 'timestamp', 'flags', 'comment', 'user']

function slotInfo (loaded: Loaded, props: ReadonlySet<string>, v2: boolean, legacy: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (!legacy && props.has('slotsize')) out.size = bytes(loaded.text)
  if (!legacy && props.has('slotsha1')) out.sha1 = sha1(loaded.text)
  if (props.has('contentmodel')) out.contentmodel = contentModel(loaded.page)
  if (props.has('content')) {
    out.contentformat = 'application/json'
    out[v2 ? 'content' : '*'] = loaded.text
  }
  return out
}

export const revisionsProp: PropModule = {
  params: { rvprop: { type: RV_PROPS, multi: true }, rvslots: { type: ['main', '*'], multi: true } },
  run: async (call, pages) => {
    const v2 = isFormatVersion2(call.params)
    const props = new Set(call.params.has('rvprop') ? call.params.list('rvprop') : RV_DEFAULT)
    const legacy = !call.params.has('rvslots')
    if (legacy && props.has('content')) {
      call.warnings.push({
        module: 'query+revisions',
        code: 'deprecation',
        text: 'Because "rvslots" was not specified, a legacy format has been used for the output. ' +
          'This format is deprecated, and in the future the new format will always be used.'
      })
    }
    const out = new Map<number, Record<string, unknown>>()
    for (const loaded of await latestRevisions(call, pages)) {
      const { revision } = loaded
      // A hidden user or comment is flagged, and shown only to who may see it
      // (ApiQueryRevisionsBase::extractRevisionInfo with checkRevDel).
      const shown = visibleRevisionMeta(revision, await revisionViewer(rightsCheck(editContext(call)), revision.deleted ?? 0))
      const rev: Record<string, unknown> = {}
      if (props.has('ids')) { rev.revid = revision.revisionId; rev.parentid = revision.parentId }
      if (props.has('flags')) setFlag(rev, 'minor', false, v2)
      if ((props.has('user') || props.has('userid')) && shown.userhidden) setFlag(rev, 'userhidden', true, v2)
      if (props.has('user') && shown.user !== null) rev.user = shown.user.text
      if (props.has('userid') && shown.user !== null) rev.userid = shown.user.id
      if ((props.has('user') || props.has('userid')) && shown.user !== null && revision.userId === 0) setFlag(rev, 'anon', true, v2)
      if (props.has('timestamp')) rev.timestamp = isoTimestamp(revision.timestamp)
      if (props.has('size')) rev.size = bytes(loaded.text)
      if (props.has('sha1')) rev.sha1 = sha1(loaded.text)
      if (props.has('roles')) rev.roles = ['main']
      if (legacy) Object.assign(rev, slotInfo(loaded, props, v2, true))
      else if (props.has('slotsize') || props.has('slotsha1') || props.has('contentmodel') || props.has('content')) {
        rev.slots = { main: slotInfo(loaded, props, v2, false) }
      }
      if (props.has('comment') && shown.commenthidden) setFlag(rev, 'commenthidden', true, v2)
      if (props.has('comment') && shown.comment !== null) rev.comment = shown.comment
      const anyShownHidden = ((props.has('user') || props.has('userid')) && shown.userhidden) || (props.has('comment') && shown.commenthidden)
      if (anyShownHidden && shown.suppressed) setFlag(rev, 'suppressed', true, v2)
      out.set(loaded.page.key, { revisions: [rev] })
    }
    return out
  }
}

/** Statements whose property is an external identifier (Wikibase's EntityHandler::getIdentifiersCount). */
function identifierCount (statements: Array<{ mainsnak: { property: string } }>, datatypes: ReadonlyMap<string, string>): number {
  return statements.filter(s => datatypes.get(s.mainsnak.property) === 'external-id').length
}

export const pagepropsProp: PropModule = {
  params: { ppprop: { multi: true } },
  run: async (call, pages) => {
    const wanted = call.params.has('ppprop') ? new Set(call.params.list('ppprop')) : null
    const db = call.deps.db
    const out = new Map<number, Record<string, unknown>>()
    for (const { page, revision } of await latestRevisions(call, pages)) {
      if (page.entity?.redirect === true) continue
      const statements = Object.values(entityMap(revision.entity.claims)).flat()
      const props: Record<string, string> = { 'wb-claims': String(statements.length) }
      if (page.entity?.type === 'item') {
        const datatypes = await propertyDatatypes(db.pool, db, [...new Set(statements.map(s => s.mainsnak.property))])
        props['wb-identifiers'] = String(identifierCount(statements, datatypes))
        props['wb-sitelinks'] = String(Object.keys(entityMap(revision.entity.sitelinks)).length)
      }
      const shown = Object.fromEntries(Object.entries(props).filter(([name]) => wanted === null || wanted.has(name)).sort(([a], [b]) => a < b ? -1 : 1))
      if (Object.keys(shown).length > 0) out.set(page.key, { pageprops: shown })
    }
    return out
  }
}
