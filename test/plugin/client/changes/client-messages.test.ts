import t from 'tap'
import { messageFormatter } from '../../../../plugin/client/changes/client-messages.js'

t.test('issue 14.3: the repo name and message parameters go in verbatim, $ patterns included', async t => {
  for (const dollar of ['$$', '$&', "$'", '$`', '$1', '$<name>', '$0']) {
    const en = messageFormatter({ repoName: `Data${dollar}Hub` })
    t.equal(en('wikibase-comment-update', []), `Data${dollar}Hub item changed`, `repo name Data${dollar}Hub`)
    t.equal(en('wikibase-comment-sitelink-change', [`a${dollar}`, `b${dollar}`]), `Language link changed from a${dollar} to b${dollar}`, `parameters with ${dollar}`)
  }
})
