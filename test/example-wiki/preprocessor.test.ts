import t from 'tap'
import { expandWikitext, preprocessTree, stripNoinclude, type PreNode, type PreprocessStats } from '../../example-wiki/engine/preprocessor.js'

const noHost = {
  parserFunction: () => undefined,
  loadTemplate: async () => null,
  magicWord: () => undefined,
  warn: () => {}
}

/** A tree written back as text: the preprocessor must lose nothing. */
function unparse (nodes: readonly PreNode[]): string {
  return nodes.map(node => {
    if (typeof node === 'string') return node
    if (node.kind === 'link') return `[[${unparse(node.inner)}]]`
    const [open, close] = node.kind === 'param' ? ['{{{', '}}}'] : ['{{', '}}']
    return `${open}${node.parts.map(unparse).join('|')}${close}`
  }).join('')
}

/** A compact picture of the tree: T(…) template, P(…) parameter, L(…) link, parts split by `|`. */
function shape (nodes: readonly PreNode[]): string {
  return nodes.map(node => {
    if (typeof node === 'string') return JSON.stringify(node)
    if (node.kind === 'link') return `L(${shape(node.inner)})`
    return `${node.kind === 'param' ? 'P' : 'T'}(${node.parts.map(shape).join('|')})`
  }).join(' ')
}

t.test('tree: brackets as Preprocessor_Hash reads them', async t => {
  const cases: Array<[string, string]> = [
    ['{{a|b|c=d}}', 'T("a"|"b"|"c=d")'],
    ['{{{1|x}}}', 'P("1"|"x")'],
    ['{{{{{a}}}}}', 'T(P("a"))'],
    ['{{{a}}', '"{" T("a")'],
    ['{{{{a}}}}', '"{" P("a") "}"'],
    ['[[x|{{b|c}}]]', 'L("x|" T("b"|"c"))'],
    ['{{T|[[a|b]]|c}}', 'T("T"|L("a|b")|"c")'],
    ['{{a|[[b}}', '"{{a|[[b}}"'],
    ['[[a{{b]]', '"[[a{{b]]"'],
    ['}} ]] {{', '"}} ]] {{"'],
    ['{{a}}}}', 'T("a") "}}"'],
    ['{{a|{{b}}|{{c', '"{{a|" T("b") "|{{c"'],
    ['x{y}z[w]', '"x{y}z[w]"'],
    ['', '']
  ]
  for (const [text, expected] of cases) {
    const tree = preprocessTree(text)
    t.equal(shape(tree), expected, text)
    t.equal(unparse(tree), text, `${text}: nothing lost`)
  }
})

/**
 * Linear work: the scanner's steps on a text twice as long are at most about twice as many.
 * Before the one-pass reader, an opening that never closed made the rest of the text be read
 * again from each opening (`{{`×13 took 1.7 s, `{{{`×10 21 s, `[[`×18 8 s).
 */
t.test('tree: work is linear in the text length for every bracket class', async t => {
  const units = ['{{', '{{{', '[[', '{{a|', '{{a|[[', '[[a|{{', '}}', '{{a}}}}', '{{{{{a', '|{{|', '{{x}}']
  for (const unit of units) {
    const steps = (n: number): number => {
      const stats: PreprocessStats = { steps: 0 }
      const text = unit.repeat(n)
      t.equal(unparse(preprocessTree(text, stats)), text, `${unit}×${n}: nothing lost`)
      return stats.steps
    }
    const small = steps(2000)
    const large = steps(4000)
    t.ok(large <= 2 * small + 8, `${unit}: ${small} steps for 2000, ${large} for 4000`)
    t.ok(small <= 4 * unit.length * 2000, `${unit}: a few steps per character`)
  }
  const stats: PreprocessStats = { steps: 0 }
  preprocessTree(`${'{{a|'.repeat(5000)}x${'}}'.repeat(5000)}`, stats)
  t.ok(stats.steps < 100_000, `a long closing run is counted once (${stats.steps} steps)`)
})

t.test('expansion of hostile bracket runs returns the text as written, quickly', async t => {
  const cases = ['{{'.repeat(2000), '{{{'.repeat(2000), '[['.repeat(2000), '{{a|'.repeat(2000), '{{{1|'.repeat(2000), '}}}'.repeat(2000)]
  for (const text of cases) t.equal(await expandWikitext(text, noHost), text, `${text.slice(0, 8)}… ×2000`)
})

t.test('noinclude sections are dropped; an unclosed one runs to the end', async t => {
  const cases: Array<[string, string]> = [
    ['a<noinclude>b</noinclude>c', 'ac'],
    ['a<NOINCLUDE>b</noinclude>c<noinclude>d', 'ac'],
    ['<noinclude>'.repeat(3000), ''],
    ['a</noinclude>b', 'a</noinclude>b']
  ]
  for (const [text, expected] of cases) t.equal(stripNoinclude(text), expected, text.slice(0, 40))
})

t.test('template arguments as PPTemplateFrame reads them', async t => {
  const templates: Record<string, string> = { Show: '[{{{1|none}}}|{{{2|none}}}|{{{k|none}}}]' }
  const host = { ...noHost, loadTemplate: async (name: string) => templates[name] ?? null }
  const cases: Array<[string, string]> = [
    ['{{Show|a|b}}', '[a|b|none]'],
    ['{{Show| a | k = v }}', '[ a |none|v]'],
    ['{{Show|[[x=y]]}}', '[[[x=y]]|none|none]'],
    ['{{Show|2=b|a}}', '[a|b|none]'],
    ['{{Show|}}', '[|none|none]'],
    ['{{{1}}} {{{1|d}}}', '{{{1}}} d']
  ]
  for (const [text, expected] of cases) t.equal(await expandWikitext(text, host), expected, text)
})
