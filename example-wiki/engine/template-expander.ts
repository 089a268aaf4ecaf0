import { preprocessTreeAsync, stripNoinclude, type PreNode } from './preprocessor.js'
import { ParseBudget, parserLimits, type ParserLimits } from './parser-limits.js'

/**
 * Expansion of the preprocessor's tree (MediaWiki's PPFrame_Hash::expand with
 * Parser::braceSubstitution and argSubstitution), within the parser limits of
 * parser-limits.ts: every node counted, every transclusion and argument measured, the
 * nesting bounded and the wall clock checked, so a parse ends in bounded time and space
 * whatever the text and its templates say.
 */

/** What expansion needs from the parser around it. */
interface ExpansionHost {
  /**
   * A parser function by name (without `#`; lower case), or undefined. `hash`: written
   * `{{#name:…}}`; else `{{NAME:…}}`, which only functions registered without hash answer.
   */
  parserFunction: (name: string, hash: boolean) => ((args: string[]) => Promise<string>) | undefined
  /** Wikitext of `Template:<name>` (name as written), or null when it does not exist; records the use. */
  loadTemplate: (name: string) => Promise<string | null>
  /** `{{PAGENAME}}` and friends, or undefined. */
  magicWord: (name: string) => string | undefined
  warn: (message: string) => void
}

export interface ExpansionOptions {
  limits?: Partial<ParserLimits>
  /** The budget to spend (to read what was spent afterwards); a fresh one from `limits` otherwise. */
  budget?: ParseBudget
}

/** A template argument: expanded in the caller's frame on first use, then reused (PPTemplateFrame_Hash's expansion cache). */
interface Argument {
  nodes: PreNode[]
  frame: Frame
  /** Named arguments are trimmed, positional ones are not. */
  trim: boolean
  value?: string
}

interface Frame {
  /** null: the page itself, not a template. */
  args: Map<string, Argument> | null
  /** Lower-cased names of the templates being expanded (loop check). */
  path: string[]
}

interface Expansion {
  host: ExpansionHost
  budget: ParseBudget
  /** Template trees of this parse by name (Parser's mTplDomCache). */
  templates: Map<string, Promise<PreNode[] | null>>
  stopNoticeShown: boolean
}

const byteLength = (text: string): number => Buffer.byteLength(text)

/** For long synchronous steps (reading a text, rendering): a pause when the budget says other work should run. */
export const pauseFor = (budget: ParseBudget) => (): Promise<void> | null => budget.pause()

export function escapeText (text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

export async function expandWikitext (text: string, host: ExpansionHost, options: ExpansionOptions = {}): Promise<string> {
  const budget = options.budget ?? new ParseBudget(parserLimits(options.limits))
  const expansion: Expansion = { host, budget, templates: new Map(), stopNoticeShown: false }
  return await expandNodes(await preprocessTreeAsync(text, pauseFor(budget)), { args: null, path: [] }, expansion, 1)
}

const STOP_NOTICES = {
  'node-count-exceeded': '<span class="error">Node-count limit exceeded</span>',
  'parse-time-exceeded': '<span class="error">Parse time limit exceeded</span>'
} as const

/** The error once, where the expansion stopped; nothing for the nodes after it. */
function stopNotice (x: Expansion): string {
  if (x.stopNoticeShown || x.budget.stopped === null) return ''
  x.stopNoticeShown = true
  x.host.warn(x.budget.warnings.at(-1) ?? x.budget.stopped)
  return STOP_NOTICES[x.budget.stopped]
}

async function expandNodes (nodes: readonly PreNode[], frame: Frame, x: Expansion, depth: number): Promise<string> {
  const limits = x.budget.limits
  if (depth > limits.maxPPExpandDepth) {
    x.budget.limitationWarn('expansion-depth-exceeded', `${depth} > ${limits.maxPPExpandDepth}`)
    return '<span class="error">Expansion depth limit exceeded</span>'
  }
  x.budget.highestExpansionDepth = Math.max(x.budget.highestExpansionDepth, depth)
  let out = ''
  for (const node of nodes) {
    if (!x.budget.countNode()) return out + stopNotice(x)
    const paused = x.budget.pause()
    if (paused !== null) await paused
    out += typeof node === 'string' ? node : await expandNode(node, frame, x, depth)
  }
  return out
}

async function expandNode (node: Exclude<PreNode, string>, frame: Frame, x: Expansion, depth: number): Promise<string> {
  if (node.kind === 'link') return `[[${await expandNodes(node.inner, frame, x, depth + 1)}]]`
  if (node.kind === 'param') return await argSubstitution(node.parts, frame, x, depth)
  return await braceSubstitution(node.parts, frame, x, depth)
}

/** `{{{name|default}}}`: the argument, else the default, else the text as written. */
async function argSubstitution (parts: PreNode[][], frame: Frame, x: Expansion, depth: number): Promise<string> {
  const name = (await expandNodes(parts[0]!, frame, x, depth + 1)).trim()
  const arg = frame.args?.get(name)
  let text: string
  if (arg !== undefined) {
    if (arg.value === undefined) {
      const value = await expandNodes(arg.nodes, arg.frame, x, depth + 1)
      arg.value = arg.trim ? value.trim() : value
    }
    text = arg.value
  } else if (parts.length > 1) {
    text = await expandNodes(parts[1]!, frame, x, depth + 1)
  } else {
    return `{{{${name}}}}`
  }
  if (!x.budget.incrementIncludeSize('arg', byteLength(text))) {
    x.budget.limitationWarn('post-expand-template-argument', `argument ${name} omitted, over ${x.budget.limits.maxIncludeSize} bytes`)
    return ''
  }
  return text
}

/** A transclusion's text, or — past the post-expand include size — a link to what was left out. */
function included (text: string, what: string, x: Expansion): string {
  if (x.budget.incrementIncludeSize('post-expand', byteLength(text))) return text
  x.budget.limitationWarn('post-expand-template-inclusion', `${what} omitted, over ${x.budget.limits.maxIncludeSize} bytes`)
  return `[[:${what}]]<!-- WARNING: template omitted, post-expand include size too large -->`
}

async function loadTemplateTree (name: string, x: Expansion): Promise<PreNode[] | null> {
  let tree = x.templates.get(name)
  if (tree === undefined) {
    tree = x.host.loadTemplate(name).then(async body => body === null ? null : await preprocessTreeAsync(stripNoinclude(body), pauseFor(x.budget)))
    x.templates.set(name, tree)
  }
  return await tree
}

/**
 * A template's arguments as PPTemplateFrame reads them: a part with `=` outside any nested
 * brackets is named (name expanded now, value trimmed), any other is the next positional one.
 */
async function templateArguments (parts: PreNode[][], frame: Frame, x: Expansion, depth: number): Promise<Map<string, Argument>> {
  const args = new Map<string, Argument>()
  let position = 0
  for (const part of parts) {
    const at = part.findIndex(node => typeof node === 'string' && node.includes('='))
    if (at === -1) {
      position += 1
      args.set(String(position), { nodes: part, frame, trim: false })
      continue
    }
    const text = part[at] as string
    const eq = text.indexOf('=')
    const name = (await expandNodes([...part.slice(0, at), text.slice(0, eq)], frame, x, depth + 1)).trim()
    args.set(name, { nodes: [text.slice(eq + 1), ...part.slice(at + 1)], frame, trim: true })
  }
  return args
}

/** `{{…}}`: parser function, magic word or template. */
async function braceSubstitution (parts: PreNode[][], frame: Frame, x: Expansion, depth: number): Promise<string> {
  const head = await expandNodes(parts[0]!, frame, x, depth + 1)
  const rest = parts.slice(1)
  const trimmed = head.trim()
  const colon = trimmed.indexOf(':')
  if (trimmed.startsWith('#') && colon > 0) {
    const name = trimmed.slice(1, colon).trim().toLowerCase()
    const fn = x.host.parserFunction(name, true)
    if (fn === undefined) {
      x.host.warn(`unknown parser function #${name}`)
      return `<strong class="error">Unknown parser function “#${escapeText(name)}”</strong>`
    }
    const args = [trimmed.slice(colon + 1).trim()]
    for (const part of rest) args.push((await expandNodes(part, frame, x, depth + 1)).trim())
    if (x.budget.stopped !== null) return ''
    return included(await fn(args), trimmed, x)
  }
  // `{{SHORTDESC:…}}`: a function without hash (SFH_NO_HASH), else a template whose name has a colon.
  const noHash = colon > 0 ? x.host.parserFunction(trimmed.slice(0, colon).trim().toLowerCase(), false) : undefined
  if (noHash !== undefined) {
    const args = [trimmed.slice(colon + 1).trim()]
    for (const part of rest) args.push((await expandNodes(part, frame, x, depth + 1)).trim())
    if (x.budget.stopped !== null) return ''
    return included(await noHash(args), trimmed, x)
  }
  const magic = rest.length === 0 ? x.host.magicWord(trimmed) : undefined
  if (magic !== undefined) return included(magic, trimmed, x)

  const name = trimmed
  const limits = x.budget.limits
  if (frame.path.length >= limits.maxTemplateDepth) {
    x.host.warn(`template depth limit (${limits.maxTemplateDepth}) exceeded`)
    return `<span class="error">Template recursion depth limit exceeded (${limits.maxTemplateDepth})</span>`
  }
  if (frame.path.includes(name.toLowerCase())) {
    x.host.warn(`template loop: ${name}`)
    x.budget.limitationWarn('template-loop', name)
    return `<span class="error">Template loop detected: ${escapeText(name)}</span>`
  }
  const tree = await loadTemplateTree(name, x)
  if (tree === null) return `[[Template:${name}]]`
  const args = await templateArguments(rest, frame, x, depth)
  const text = await expandNodes(tree, { args, path: [...frame.path, name.toLowerCase()] }, x, depth + 1)
  return included(text, name.includes(':') ? name : `Template:${name}`, x)
}
