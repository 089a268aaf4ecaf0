import assert from 'node:assert/strict'
import type { PageRecord, ParserContext, ParserOutput } from '../hooks/contract.js'
import type { PageId } from '../hooks/ids.js'
import type { ConformanceCheck } from './conformance-check.js'
import type { ConformanceContext } from './conformance-context.js'

const cause = { action: 'conformance', agent: 'conformance-kit' }

const ids = async (c: ConformanceContext, titles: string[]): Promise<Record<string, number>> => Object.fromEntries(await c.host.services.pageIdsForTitles(titles))

/** The parse hooks of a check, logged in order (the kit's parser function logs into `c.parserLog`). */
function logParse (c: ConformanceContext): { log: string[], links: Array<{ page: PageRecord, output: ParserOutput, txid: string, outside: Record<string, number> }>, contexts: ParserContext[] } {
  const log: string[] = []
  const links: Array<{ page: PageRecord, output: ParserOutput, txid: string, outside: Record<string, number> }> = []
  const contexts: ParserContext[] = []
  c.listen('ContentAlterParserOutput', context => {
    log.push(`ContentAlterParserOutput ${context.page.title} ${String(context.output.extensionData.get('conformance'))}`)
    context.output.pageProps.set('conformance_prop', 'set')
    contexts.push(context)
  })
  c.listen('LinksUpdateComplete', async (page, output, tx) => {
    log.push(`LinksUpdateComplete ${page.title}`)
    links.push({ page, output, txid: await c.txid(tx), outside: await ids(c, [page.title]) })
    await c.mark(tx, `links ${page.title}`)
  })
  return { log, links, contexts }
}

const key = (title: string): string => title.replaceAll(' ', '_')

export const hookChecks: ConformanceCheck[] = [{
  name: 'page save: ParserFirstCallInit once before the first parse; ContentAlterParserOutput then LinksUpdateComplete inside the save',
  run: async c => {
    const { log, links, contexts } = logParse(c)
    const [berlin, roma, paris] = [c.title('Parsed Berlin'), c.title('Parsed Roma'), c.title('Parsed Paris')]
    const parsedBefore = c.parserLog.length
    const saved = await c.adapter.savePage(berlin, 'A {{#conformancetest:one}} city.')
    assert.ok(c.parserLog.includes('ParserFirstCallInit'),
      'ParserFirstCallInit fired after the kit started listening (call the kit on a freshly started app, before any page is parsed; fire the hook once per parser, before its first parse)')
    assert.deepEqual(c.parserLog.slice(parsedBefore).filter(e => e !== 'ParserFirstCallInit'), ['function one'], 'the parser function registered at ParserFirstCallInit ran, with args ["one"]')
    assert.deepEqual(log, [`ContentAlterParserOutput ${key(berlin)} one`, `LinksUpdateComplete ${key(berlin)}`], 'ContentAlterParserOutput after the parse, then LinksUpdateComplete')
    assert.equal(contexts[0]!.page.id, saved.id, 'the parse is of the saved page')
    assert.deepEqual({ id: links[0]!.page.id, namespace: links[0]!.page.namespace, title: links[0]!.page.title, latestRevisionId: links[0]!.page.latestRevisionId },
      { id: saved.id, namespace: 0, title: key(berlin), latestRevisionId: saved.latestRevisionId }, 'LinksUpdateComplete gets the saved page record')
    assert.equal(links[0]!.output, contexts[0]!.output, 'LinksUpdateComplete gets the output object ContentAlterParserOutput altered')
    assert.equal(links[0]!.output.pageProps.get('conformance_prop'), 'set')
    assert.deepEqual(links[0]!.outside, {}, 'LinksUpdateComplete runs before a new page is committed (inside the save transaction)')
    assert.deepEqual(await c.marks(), [`links ${key(berlin)}`], 'what LinksUpdateComplete wrote with tx committed with the page')
    await c.adapter.savePage(roma, '{{#conformancetest:two}}')
    assert.equal(c.parserLog.filter(e => e === 'ParserFirstCallInit').length, 1, 'ParserFirstCallInit only once')
    c.listen('LinksUpdateComplete', () => { throw new Error('links update failed') })
    const failed = await c.adapter.savePage(paris, 'new').catch((error: Error) => error.message)
    assert.equal(failed, 'links update failed', 'a failing LinksUpdateComplete handler fails the save')
    assert.deepEqual(await ids(c, [paris]), {}, 'and rolls it back')
    assert.deepEqual(await c.marks(), [`links ${key(berlin)}`, `links ${key(roma)}`])
  }
}, {
  name: 'refreshLinks re-parses existing pages (LinksUpdateComplete, committed on return); purgeWebCache parses nothing',
  run: async c => {
    const { log, links } = logParse(c)
    const title = c.title('Refreshed')
    const page = await c.adapter.savePage(title, '{{#conformancetest:three}}')
    log.length = 0
    const ref = { id: page.id, namespace: 0, title: key(title) }
    const missing = { id: page.id + 1_000_000 as PageId, namespace: 0, title: key(c.title('Nowhere')) }
    const parsed = c.parserLog.length
    await c.host.services.purgeWebCache([ref, missing], cause)
    await c.host.services.purgeWebCache([], cause)
    assert.deepEqual(log, [], 'a purge parses nothing')
    await c.host.services.refreshLinks([ref, missing], cause)
    assert.deepEqual(log, [`ContentAlterParserOutput ${key(title)} three`, `LinksUpdateComplete ${key(title)}`], 'the page parsed again, the missing one skipped')
    assert.deepEqual(c.parserLog.slice(parsed), ['function three'], 'with the parser functions')
    assert.equal(links.at(-1)!.page.id, page.id)
    assert.deepEqual(await c.marks(), [`links ${key(title)}`, `links ${key(title)}`], 'committed when refreshLinks returns')
  }
}, {
  name: 'purgeCacheTags (optional): resolves for known, unknown and no tags; parses nothing',
  run: async c => {
    const purge = c.host.services.purgeCacheTags
    if (purge === undefined) return { skipped: 'the host has no purgeCacheTags: changes purge page batches (purgeWebCache)' }
    const { log } = logParse(c)
    await c.adapter.savePage(c.title('Tagged'), '{{#conformancetest:one}}')
    log.length = 0
    await purge(['wb-Q1', 'wb-Q1-L.en', 'wb-Q999999999-X'], cause)
    await purge([], cause)
    assert.deepEqual(log, [], 'a tag purge parses nothing')
  }
}, {
  name: 'PageDeleteComplete inside the deletion; PageMoveComplete inside the move, same page id',
  run: async c => {
    const { deletePage, movePage } = c.adapter
    if (deletePage === undefined && movePage === undefined) return { skipped: 'the adapter has neither deletePage nor movePage' }
    if (deletePage !== undefined) {
      const title = c.title('Deleted')
      const page = await c.adapter.savePage(title, 'x')
      const deletes: Array<{ id: number, namespace: number, title: string, outside: Record<string, number> }> = []
      c.listen('PageDeleteComplete', async (ref, tx) => {
        deletes.push({ id: ref.id, namespace: ref.namespace, title: ref.title, outside: await ids(c, [title]) })
        await c.mark(tx, `deleted ${ref.title}`)
      })
      await deletePage(title)
      assert.deepEqual(deletes, [{ id: page.id, namespace: 0, title: key(title), outside: { [title]: page.id } }], 'with the page, before the deletion commits')
      assert.deepEqual(await ids(c, [title]), {}, 'the page is gone')
      const kept = c.title('Kept')
      const keptPage = await c.adapter.savePage(kept, 'y')
      c.listen('PageDeleteComplete', () => { throw new Error('delete hook failed') })
      assert.equal(await deletePage(kept).catch((error: Error) => error.message), 'delete hook failed', 'a failing PageDeleteComplete handler fails the deletion')
      assert.deepEqual(await ids(c, [kept]), { [kept]: keptPage.id }, 'and rolls it back')
    }
    if (movePage !== undefined) {
      const [from, to] = [c.title('Moved from'), c.title('Moved to')]
      const page = await c.adapter.savePage(from, 'z')
      const moves: Array<[number, string, number, string, Record<string, number>]> = []
      c.listen('PageMoveComplete', async (a, b, tx) => {
        moves.push([a.id, a.title, b.id, b.title, await ids(c, [from, to])])
        await c.mark(tx, `moved ${a.title}`)
      })
      await movePage(from, to)
      assert.deepEqual(moves, [[page.id, key(from), page.id, key(to), { [from]: page.id }]], 'the same id, fired before the move commits')
      assert.deepEqual(await ids(c, [from, to]), { [to]: page.id })
    }
    const marks = await c.marks()
    assert.deepEqual(marks, [...(deletePage === undefined ? [] : [`deleted ${key(c.title('Deleted'))}`]), ...(movePage === undefined ? [] : [`moved ${key(c.title('Moved from'))}`])],
      "the hooks' writes commit with their transactions")
  }
}]
