import t from 'tap'
import { expandWikitext } from '../../example-wiki/engine/template-expander.js'
import { DEFAULT_PARSER_LIMITS, ParseBudget, parserLimits, type ParserLimits } from '../../example-wiki/engine/parser-limits.js'

const BOMB = '{{{1}}}'.repeat(10)

function hostWith (templates: Record<string, string>, functions: Record<string, (args: string[]) => Promise<string>> = {}) {
  const warnings: string[] = []
  return {
    warnings,
    host: {
      parserFunction: (name: string) => functions[name],
      loadTemplate: async (name: string) => templates[name] ?? null,
      magicWord: () => undefined,
      warn: (message: string) => { warnings.push(message) }
    }
  }
}

async function expand (text: string, templates: Record<string, string>, limits: Partial<ParserLimits> = {}, now?: () => number): Promise<{ out: string, budget: ParseBudget }> {
  const budget = new ParseBudget(parserLimits(limits), now)
  const out = await expandWikitext(text, hostWith(templates).host, { budget })
  return { out, budget }
}

const nested = (depth: number, template: string, inner: string): string => {
  let text = inner
  for (let i = 0; i < depth; i += 1) text = `{{${template}|${text}}}`
  return text
}

t.test('defaults are MediaWiki\'s', async t => {
  t.strictSame({ ...DEFAULT_PARSER_LIMITS }, { maxPPNodeCount: 1_000_000, maxIncludeSize: 2048 * 1024, maxPPExpandDepth: 100, maxTemplateDepth: 40, parseTimeoutMs: 10_000 })
  t.throws(() => parserLimits({ maxPPNodeCount: 0 }), /maxPPNodeCount must be a positive number/)
  t.throws(() => parserLimits({ parseTimeoutMs: Number.NaN }), /parseTimeoutMs/)
})

t.test('post-expand include size: the template over the limit is left as a link, with the tracking category', async t => {
  const { out, budget } = await expand('{{T}}{{T}}{{T}}', { T: '0123456789' }, { maxIncludeSize: 25 })
  t.equal(out, '01234567890123456789[[:Template:T]]<!-- WARNING: template omitted, post-expand include size too large -->')
  t.strictSame(budget.categories(), ['Pages where template include size is exceeded'])
  t.equal(budget.postExpandSize, 20)
})

t.test('argument size: an argument over the limit is omitted, with the tracking category', async t => {
  const { out, budget } = await expand('{{Twice|abcdefghij}}', { Twice: '{{{1}}}{{{1}}}{{{1}}}' }, { maxIncludeSize: 25 })
  t.equal(out, 'abcdefghijabcdefghij')
  t.strictSame(budget.categories(), ['Pages containing omitted template arguments'])
})

t.test('expansion bomb (issue 13.2): bounded output and a tracking category, at the default limits', async t => {
  for (const depth of [8, 9, 12, 20]) {
    const { out, budget } = await expand(nested(depth, 'Bomb', 'x'), { Bomb: BOMB })
    t.ok(out.length <= DEFAULT_PARSER_LIMITS.maxIncludeSize, `${depth} deep: ${out.length} characters`)
    t.ok(budget.argSize <= DEFAULT_PARSER_LIMITS.maxIncludeSize && budget.postExpandSize <= DEFAULT_PARSER_LIMITS.maxIncludeSize, `${depth} deep: sizes within the limit`)
    t.ok(budget.categories().length > 0, `${depth} deep: ${budget.categories().join(', ')}`)
  }
  const { out } = await expand(nested(5, 'Bomb', 'x'), { Bomb: BOMB })
  t.equal(out, 'x'.repeat(100_000), 'below the limits the bomb expands in full')
})

t.test('node count: expansion stops with MediaWiki\'s error once', async t => {
  const { out, budget } = await expand('{{T}}'.repeat(50), { T: 'ab' }, { maxPPNodeCount: 20 })
  // Three nodes a use (the template, its name, the body's text): the seventh body is the 21st node.
  t.equal(out, `${'ab'.repeat(6)}<span class="error">Node-count limit exceeded</span>`)
  t.strictSame(budget.categories(), ['Pages where node count is exceeded'])
})

t.test('expansion depth: deep nesting in the text itself is cut with MediaWiki\'s error', async t => {
  const { out, budget } = await expand(`${'{{#if:x|'.repeat(5000)}deep${'}}'.repeat(5000)}`, {}, { maxPPExpandDepth: 30 })
  t.match(out, /Expansion depth limit exceeded|Unknown parser function/)
  const closed = await expand(nested(5000, 'Id', 'x'), { Id: '{{{1}}}' })
  t.match(closed.out, /^[{]*<span class="error">Expansion depth limit exceeded<\/span>[}]*$/)
  t.strictSame(closed.budget.categories(), ['Pages where the expansion depth is exceeded'])
  t.ok(budget.highestExpansionDepth <= 31)
})

t.test('template depth and loops', async t => {
  const chain: Record<string, string> = {}
  for (let i = 0; i < 60; i += 1) chain[`L${i}`] = `x{{L${i + 1}}}`
  const { out } = await expand('{{L0}}', chain)
  t.equal(out, `${'x'.repeat(40)}<span class="error">Template recursion depth limit exceeded (40)</span>`)
  const loop = await expand('{{Loop}}', { Loop: 'a{{Loop}}' })
  t.equal(loop.out, 'a<span class="error">Template loop detected: Loop</span>')
  t.strictSame(loop.budget.categories(), ['Pages with template loops'])
})

t.test('parse deadline: past it the rest is not expanded and the error is shown once', async t => {
  let clock = 0
  const now = (): number => clock
  const templates = { Slow: 'tick' }
  const budget = new ParseBudget(parserLimits({ parseTimeoutMs: 100 }), now)
  const { host } = hostWith(templates, { wait: async () => { clock += 60; return 'w' } })
  const out = await expandWikitext('{{#wait:}}{{Slow}}{{#wait:}}{{Slow}}{{#wait:}}{{Slow}}{{#wait:}}', host, { budget })
  t.equal(out, 'wtickw<span class="error">Parse time limit exceeded</span>')
  t.strictSame(budget.categories(), ['Pages where the parse time limit is exceeded'])
})
