import t from 'tap'
import { clientSitelinkEdit } from '../../../example-wiki/web/client-sitelink-log.js'

/** The UpdateRepo summaries as Special:Log reads them back (Wikibase's clientsitelink-update / -remove). */
t.test('clientSitelinkEdit', async t => {
  const cases: Array<[string, ReturnType<typeof clientSitelinkEdit>]> = [
    ['/* clientsitelink-update:0|enwiki|enwiki:London|enwiki:London (city) */', { action: 'update', site: 'enwiki', oldTitle: 'London', newTitle: 'London (city)' }],
    ['/* clientsitelink-remove:1||enwiki */ City of London', { action: 'remove', site: 'enwiki', title: 'City of London' }],
    ['/* clientsitelink-update:0|enwiki|dewiki:London|enwiki:X */', null],
    ['/* wbsetsitelink-set:2|enwiki */ London', null],
    ['clientsitelink-remove', null],
    ['', null]
  ]
  for (const [comment, expected] of cases) t.same(clientSitelinkEdit(comment), expected, comment)
})
