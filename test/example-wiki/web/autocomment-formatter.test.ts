import t from 'tap'
import { clientAutoComment, entityAutoCommentFor, formatAutoComment } from '../../../example-wiki/web/autocomment-formatter.js'

t.test('autocomments of the plugin as Wikibase summary messages (client: wikibase-entity)', async t => {
  const cases: Array<[string, string | null]> = [
    ['wbsetlabel-set:1|en', 'Changed [en] label'],
    ['wbsetlabel-add:1|de', 'Added [de] label'],
    ['wbsetlabel-remove:1|fr', 'Removed [fr] label'],
    ['wbsetdescription-set:1|en', 'Changed [en] description'],
    ['wbsetaliases-add:1|en', 'Added [en] alias'],
    ['wbsetaliases-add:3|en', 'Added [en] aliases'],
    ['wbsetaliases-remove:2|nl', 'Removed [nl] aliases'],
    ['wbsetsitelink-set:1|dewiki', 'Changed link to [dewiki]'],
    ['wbsetsitelink-remove:1|enwiki', 'Removed link to [enwiki]'],
    ['wbeditentity-create', 'Created a new entity'],
    ['wbeditentity-update', 'Changed an entity'],
    ['wbeditentity-override', 'Cleared an entity'],
    ['wbcreateclaim-create:1', 'Created claim'],
    ['wbsetclaim-update:1', 'Changed claim'],
    ['wbsetclaim-update:2||3', 'Changed claims'],
    ['wbremoveclaims-remove:1', 'Removed claim'],
    ['wbremoveclaims-remove:4', 'Removed claims'],
    ['wbsetreference-add:1', 'Added reference to claim'],
    ['wbsetreference-set:1', 'Changed reference of claim'],
    ['wbremovereferences-remove:1', 'Removed reference from claim'],
    ['wbsetqualifier-add:1', 'Added qualifier'],
    ['wbsetqualifier-update:2', 'Changed qualifiers'],
    ['wbremovequalifiers-remove:1', 'Removed qualifier'],
    // Parameters are text, never markup.
    ['wbsetlabel-set:1|<b>x</b>', 'Changed [&lt;b&gt;x&lt;/b&gt;] label'],
    ['wbsetsitelink-set:1|"&\'', 'Changed link to [&quot;&amp;&#39;]'],
    // Not a summary message: left to the default formatting.
    ['Section heading', null],
    ['nosuchmessage:1', null],
    ['', null]
  ]
  for (const [auto, expected] of cases) t.equal(clientAutoComment(auto), expected, auto)
})

t.test('the repo tries the entity type first', async t => {
  t.equal(entityAutoCommentFor('item')('wbeditentity-create'), 'Created a new item')
  t.equal(entityAutoCommentFor('property')('wbeditentity-update'), 'Changed a property')
  t.equal(entityAutoCommentFor('item')('wbsetlabel-set:1|en'), 'Changed [en] label')
  t.equal(formatAutoComment('wbeditentity-create', ['wikibase-entity']), 'Created a new entity')
})
