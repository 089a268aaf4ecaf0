import t from 'tap'
import { clientAutoComment } from '../../../example-wiki/web/autocomment-formatter.js'
import { formatComment } from '../../../example-wiki/web/comment-formatter.js'

t.test('comments: autocomments, links and text, all escaped', async t => {
  const deps = {
    autocomment: clientAutoComment,
    pageUrl: (title: string) => `/wiki/${title}`,
    sectionUrl: (section: string) => `/wiki/Page#${section}`,
    interwikiUrl: (prefix: string, title: string) => prefix === 'de' ? `http://de.example/wiki/${title}` : null
  }
  const cases: Array<[string, string]> = [
    ['/* wbsetlabel-set:1|en */ Berlin', '<span dir="auto"><span class="autocomment">Changed [en] label: </span></span> Berlin'],
    ['/* wbsetlabel-set:1|en */', '<span dir="auto"><span class="autocomment">Changed [en] label</span></span>'],
    ['fix /* wbsetlabel-set:1|en */', 'fix - <span dir="auto"><span class="autocomment">Changed [en] label</span></span>'],
    ['/* History */ typo', '<span dir="auto"><span class="autocomment"><a href="/wiki/Page#History">→</a>History: </span></span> typo'],
    ['Language link added: [[:de:Berlin]]', 'Language link added: <a href="http://de.example/wiki/Berlin" title="de:Berlin" class="extiw">de:Berlin</a>'],
    ['see [[Main Page|the main page]]s', 'see <a href="/wiki/Main Page" title="Main Page">the main pages</a>'],
    ['[[xx:Unknown]] prefix', '<a href="/wiki/xx:Unknown" title="xx:Unknown">xx:Unknown</a> prefix'],
    ['<script>alert(1)</script> & "q"', '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;'],
    ['[[<b>|x]]', '<a href="/wiki/&lt;b&gt;" title="&lt;b&gt;">x</a>'],
    ['[[Page|<img src=x onerror=alert(1)>]]', '<a href="/wiki/Page" title="Page">&lt;img src=x onerror=alert(1)&gt;</a>'],
    ['/* <b> */ x', '<span dir="auto"><span class="autocomment"><a href="/wiki/Page#&lt;b&gt;">→</a>&lt;b&gt;: </span></span> x'],
    ['[[unclosed', '[[unclosed'],
    ['', '']
  ]
  for (const [comment, expected] of cases) t.equal(formatComment(comment, deps), expected, comment)
  t.equal(formatComment('[[Page]]', { pageUrl: () => null }), '[[Page]]', 'a link without a URL stays text')
  t.equal(formatComment('/* S */', { pageUrl: () => null }), '<span dir="auto"><span class="autocomment">→S</span></span>', 'a section without a URL is text')
})
