import assert from 'node:assert/strict'
import type { HostUser, PageServiceFailure } from '../hooks/contract.js'
import type { ConformanceCheck } from './conformance-check.js'

const user: HostUser = { id: 7, name: 'Conformance editor', anonymous: false, bot: false }

const failed = (answer: object): PageServiceFailure['error'] | null => 'error' in answer ? (answer as PageServiceFailure).error : null

/**
 * The optional page services of the action API (hooks/page-services.ts): `parsePage` renders
 * a page, given text and a summary; `editPage` saves with MediaWiki's edit semantics. Each is
 * skipped when the host lacks it.
 */
export const pageServiceChecks: ConformanceCheck[] = [{
  name: 'parsePage (optional): a page by title and id, given text without saving, a summary with its autocomment, missing pages',
  run: async c => {
    const parsePage = c.host.services.parsePage
    if (parsePage === undefined) return { skipped: 'the host has no parsePage: the action API has no action=parse' }
    const title = c.title('Parsed')
    const page = await c.adapter.savePage(title, 'Text of <b>the</b> page')
    const byTitle = await parsePage({ title, user })
    assert.equal(failed(byTitle), null, 'an existing page parses')
    assert.ok(!('error' in byTitle))
    assert.deepEqual([byTitle.title, byTitle.pageid, byTitle.revid], [title, page.id, page.latestRevisionId], 'title, page id and the latest revision')
    assert.match(byTitle.text ?? '', /Text of/, 'the rendered HTML has the page\'s text')
    const byId = await parsePage({ pageId: page.id, user })
    assert.ok(!('error' in byId) && byId.text === byTitle.text, 'by page id: the same rendering')
    const preview = await parsePage({ title, text: 'Preview <script>x</script>', user })
    assert.ok(!('error' in preview))
    assert.doesNotMatch(preview.text ?? '', /<script>/, 'given text is escaped: no markup of the text gets through')
    const after = await parsePage({ title, user })
    assert.ok(!('error' in after) && after.revid === page.latestRevisionId, 'parsing given text saves nothing')
    const summary = await parsePage({ title, summary: '/* wbsetlabel-add:1|en */ <i>x</i>', user })
    assert.ok(!('error' in summary))
    assert.match(summary.parsedsummary ?? '', /autocomment/, 'the autocomment is rendered as one')
    assert.doesNotMatch(summary.parsedsummary ?? '', /<i>/, 'the summary is escaped')
    assert.equal(failed(await parsePage({ title: c.title('Nowhere'), user })), 'missingtitle', 'a missing page: missingtitle')
    assert.equal(failed(await parsePage({ pageId: page.id + 1_000_000, user })), 'nosuchpageid', 'a missing page id: nosuchpageid')
  }
}, {
  name: 'editPage (optional): create, edit, append, nochange, createonly / nocreate, base revision conflicts',
  run: async c => {
    const editPage = c.host.services.editPage
    if (editPage === undefined) return { skipped: 'the host has no editPage: the action API has no action=edit' }
    const title = c.title('Edited')
    const edit = { title, user, summary: 'conformance', minor: false, bot: false, createOnly: false, noCreate: false }
    assert.equal(failed(await editPage({ ...edit, text: 'x', noCreate: true })), 'missingtitle', 'nocreate on a missing page')
    const created = await editPage({ ...edit, text: 'one' })
    assert.ok(!('error' in created) && created.new === true && created.oldrevid === 0 && (created.newrevid ?? 0) > 0, 'a creation: new, oldrevid 0')
    assert.ok(!('error' in created))
    assert.equal(failed(await editPage({ ...edit, text: 'x', createOnly: true })), 'articleexists', 'createonly on an existing page')
    const appended = await editPage({ ...edit, appendtext: ' two', baseRevisionId: created.newrevid! })
    assert.ok(!('error' in appended) && appended.oldrevid === created.newrevid && appended.pageid === created.pageid, 'an edit on the latest revision')
    assert.equal(failed(await editPage({ ...edit, text: 'x', baseRevisionId: created.newrevid! })), 'editconflict', 'based on an older revision: editconflict')
    const same = await editPage({ ...edit, text: 'one two' })
    assert.ok(!('error' in same) && same.nochange === true, 'the same text (appendtext applied): nochange')
    const [record] = await c.host.services.pagesByIds([created.pageid as never])
    assert.equal(record?.latestRevisionId, !('error' in appended) ? appended.newrevid : -1, 'nochange saved nothing')
  }
}]
