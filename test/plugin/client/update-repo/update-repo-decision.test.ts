import t from 'tap'
import {
  decideOnDelete, decideOnMove, type ActingUser, type UpdateRepoContext, type UpdateRepoDecision
} from '../../../../plugin/client/update-repo/update-repo-decision.js'
import { isWikibaseEnabled } from '../../../../plugin/client/update-repo/update-repo-hooks.js'
import { parseEntityId, type EntityId } from '../../../../hooks/ids.js'

/**
 * When a client page move or deletion is pushed to the repo, and as which job with which
 * parameters: Wikibase's UpdateRepoHookHandler (onPageMoveComplete, onArticleDeleteComplete)
 * and UpdateRepoOnMove/OnDelete (isApplicable, getJobParameters). The first rows of each table
 * are Wikibase's own UpdateRepoOnMoveTest / UpdateRepoOnDeleteTest cases: item Q123 linked,
 * site `whatever`, user `RandomUserWhichDoesntExist` (the job is still queued: whether the user
 * exists is the repo job's question), `ThisOneDoesntExist` → `Bar`, and `Delete me`.
 */

const Q123 = parseEntityId('Q123')
const linked: Record<string, EntityId> = { ThisOneDoesntExist: Q123, 'Delete me': Q123, Foo: Q123, 'Category:Foo': Q123 }

function context (overrides: Partial<UpdateRepoContext> = {}): UpdateRepoContext {
  return { propagateChangesToRepo: true, siteId: 'whatever', isWikibaseEnabled, itemIdForTitle: title => linked[title] ?? null, ...overrides }
}
const user: ActingUser = { name: 'RandomUserWhichDoesntExist', anonymous: false, centralUserId: 0 }
const main = (title: string): { namespace: number, title: string } => ({ namespace: 0, title })

const moveCases: Array<{ name: string, ctx?: Partial<UpdateRepoContext>, from: { namespace: number, title: string }, to: { namespace: number, title: string }, redirectLeft: boolean, user?: ActingUser, expected: UpdateRepoDecision }> = [
  {
    name: 'UpdateRepoOnMoveTest: a linked page moved → UpdateRepoOnMove with siteId, oldTitle, newTitle, user, entityId',
    from: main('ThisOneDoesntExist'), to: main('Bar'), redirectLeft: true,
    expected: { task: 'wikibase:updateRepoOnMove', params: { siteId: 'whatever', entityId: Q123, oldTitle: 'ThisOneDoesntExist', newTitle: 'Bar', user: 'RandomUserWhichDoesntExist', centralUserId: 0 } }
  },
  {
    name: 'a move without a redirect inside the main namespace moves the sitelink all the same',
    from: main('ThisOneDoesntExist'), to: main('Bar'), redirectLeft: false,
    expected: { task: 'wikibase:updateRepoOnMove', params: { siteId: 'whatever', entityId: Q123, oldTitle: 'ThisOneDoesntExist', newTitle: 'Bar', user: 'RandomUserWhichDoesntExist', centralUserId: 0 } }
  },
  {
    name: 'titles are sitelink text: underscores become spaces, the central id is passed on',
    from: main('ThisOneDoesntExist'), to: main('Bar_(city)'), redirectLeft: true, user: { ...user, centralUserId: 7 },
    expected: { task: 'wikibase:updateRepoOnMove', params: { siteId: 'whatever', entityId: Q123, oldTitle: 'ThisOneDoesntExist', newTitle: 'Bar (city)', user: 'RandomUserWhichDoesntExist', centralUserId: 7 } }
  },
  { name: 'an unlinked page: isApplicable false, nothing queued', from: main('Unlinked'), to: main('Bar'), redirectLeft: true, expected: { task: null, reason: 'not-linked' } },
  { name: 'propagateChangesToRepo false: nothing queued', ctx: { propagateChangesToRepo: false }, from: main('Foo'), to: main('Bar'), redirectLeft: true, expected: { task: null, reason: 'disabled' } },
  {
    name: 'into a namespace that is not Wikibase-enabled, leaving a redirect: the sitelink stays on the redirect',
    from: main('Foo'), to: { namespace: 2, title: 'Foo' }, redirectLeft: true, expected: { task: null, reason: 'redirect-kept' }
  },
  {
    name: 'into a namespace that is not Wikibase-enabled, without a redirect: the sitelink is removed (T261275)',
    from: main('Foo'), to: { namespace: 2, title: 'Foo' }, redirectLeft: false,
    expected: { task: 'wikibase:updateRepoOnDelete', params: { siteId: 'whatever', entityId: Q123, title: 'Foo', user: 'RandomUserWhichDoesntExist', centralUserId: 0 } }
  },
  {
    name: 'from another namespace into the main one: the old prefixed title is looked up',
    from: { namespace: 14, title: 'Foo' }, to: main('Foo'), redirectLeft: true,
    expected: { task: 'wikibase:updateRepoOnMove', params: { siteId: 'whatever', entityId: Q123, oldTitle: 'Category:Foo', newTitle: 'Foo', user: 'RandomUserWhichDoesntExist', centralUserId: 0 } }
  },
  {
    name: 'from a namespace without a canonical name: no sitelink can name it',
    from: { namespace: 3000, title: 'Foo' }, to: main('Foo'), redirectLeft: true, expected: { task: null, reason: 'no-title' }
  },
  { name: 'an anonymous mover: no repo account to attribute the edit to', from: main('Foo'), to: main('Bar'), redirectLeft: true, user: { name: '127.0.0.1', anonymous: true, centralUserId: 0 }, expected: { task: null, reason: 'anonymous' } },
  { name: 'disabled wins over everything else', ctx: { propagateChangesToRepo: false }, from: main('Foo'), to: { namespace: 2, title: 'Foo' }, redirectLeft: false, expected: { task: null, reason: 'disabled' } }
]

for (const c of moveCases) {
  t.test(`move: ${c.name}`, async t => {
    t.strictSame(decideOnMove(context(c.ctx), { from: c.from, to: c.to, redirectLeft: c.redirectLeft, user: c.user ?? user }), c.expected)
  })
}

const deleteCases: Array<{ name: string, ctx?: Partial<UpdateRepoContext>, page: { namespace: number, title: string }, user?: ActingUser, expected: UpdateRepoDecision }> = [
  {
    name: 'UpdateRepoOnDeleteTest: a linked page deleted → UpdateRepoOnDelete with siteId, title, user, entityId',
    page: main('Delete_me'),
    expected: { task: 'wikibase:updateRepoOnDelete', params: { siteId: 'whatever', entityId: Q123, title: 'Delete me', user: 'RandomUserWhichDoesntExist', centralUserId: 0 } }
  },
  { name: 'an unlinked page: nothing queued', page: main('Unlinked'), expected: { task: null, reason: 'not-linked' } },
  { name: 'propagateChangesToRepo false: nothing queued', ctx: { propagateChangesToRepo: false }, page: main('Delete_me'), expected: { task: null, reason: 'disabled' } },
  { name: 'an anonymous deleter: nothing queued', page: main('Delete_me'), user: { name: '127.0.0.1', anonymous: true, centralUserId: 0 }, expected: { task: null, reason: 'anonymous' } },
  {
    name: 'a deletion is pushed in any namespace (onArticleDeleteComplete checks none)',
    page: { namespace: 14, title: 'Foo' },
    expected: { task: 'wikibase:updateRepoOnDelete', params: { siteId: 'whatever', entityId: Q123, title: 'Category:Foo', user: 'RandomUserWhichDoesntExist', centralUserId: 0 } }
  }
]

for (const c of deleteCases) {
  t.test(`delete: ${c.name}`, async t => {
    t.strictSame(decideOnDelete(context(c.ctx), { page: c.page, user: c.user ?? user }), c.expected)
  })
}

t.test('Wikibase-enabled namespaces: the main namespace, whose pages this client connects to items', async t => {
  t.strictSame([0, 1, 2, 10, 14, 120].map(isWikibaseEnabled), [true, false, false, false, false, false])
})
