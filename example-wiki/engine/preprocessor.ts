/**
 * The preprocessor of the wikitext subset: `{{Template|a|k=v}}`, `{{{param|default}}}`,
 * `{{#function:arg|arg}}` and `{{PAGENAME}}`. Text is first read into a tree (so `|` inside
 * links and nested braces belongs to the right call), then expanded.
 */
export type PreNode = string | { kind: 'template', parts: PreNode[][] } | { kind: 'param', parts: PreNode[][] } | { kind: 'link', inner: PreNode[] }

interface Scan { parts: PreNode[][], end: number }

/** Reads `text` from `start` until `close` (null: the end); null when `close` never comes. */
function scan (text: string, start: number, close: '}}' | '}}}' | ']]' | null, splitPipes: boolean): Scan | null {
  const parts: PreNode[][] = [[]]
  let buffer = ''
  const flush = (): void => {
    if (buffer !== '') parts.at(-1)!.push(buffer)
    buffer = ''
  }
  let i = start
  while (i < text.length) {
    if (close !== null && text.startsWith(close, i)) {
      flush()
      return { parts, end: i + close.length }
    }
    if (text.startsWith('{{{', i)) {
      const inner = scan(text, i + 3, '}}}', true)
      if (inner !== null) {
        flush()
        parts.at(-1)!.push({ kind: 'param', parts: inner.parts })
        i = inner.end
        continue
      }
    }
    if (text.startsWith('{{', i)) {
      const inner = scan(text, i + 2, '}}', true)
      if (inner !== null) {
        flush()
        parts.at(-1)!.push({ kind: 'template', parts: inner.parts })
        i = inner.end
        continue
      }
    }
    if (text.startsWith('[[', i)) {
      const inner = scan(text, i + 2, ']]', false)
      if (inner !== null) {
        flush()
        parts.at(-1)!.push({ kind: 'link', inner: inner.parts[0]! })
        i = inner.end
        continue
      }
    }
    if (splitPipes && text[i] === '|') {
      flush()
      parts.push([])
      i += 1
      continue
    }
    buffer += text[i]
    i += 1
  }
  if (close !== null) return null
  flush()
  return { parts, end: i }
}

export function preprocessTree (text: string): PreNode[] {
  return scan(text, 0, null, false)!.parts[0]!
}

/** What expansion needs from the parser around it. */
export interface ExpansionHost {
  /** A parser function by name (without `#`), or undefined. */
  parserFunction: (name: string) => ((args: string[]) => Promise<string>) | undefined
  /** Wikitext of `Template:<name>` (name as written), or null when it does not exist; records the use. */
  loadTemplate: (name: string) => Promise<string | null>
  /** `{{PAGENAME}}` and friends, or undefined. */
  magicWord: (name: string) => string | undefined
  warn: (message: string) => void
}

const MAX_DEPTH = 40

export async function expandWikitext (text: string, host: ExpansionHost): Promise<string> {
  return await expandNodes(preprocessTree(text), new Map(), host, 0, [])
}

async function expandNodes (nodes: PreNode[], args: Map<string, string>, host: ExpansionHost, depth: number, stack: string[]): Promise<string> {
  let out = ''
  for (const node of nodes) out += await expandNode(node, args, host, depth, stack)
  return out
}

async function expandNode (node: PreNode, args: Map<string, string>, host: ExpansionHost, depth: number, stack: string[]): Promise<string> {
  if (typeof node === 'string') return node
  if (node.kind === 'link') return `[[${await expandNodes(node.inner, args, host, depth, stack)}]]`
  if (node.kind === 'param') {
    const name = (await expandNodes(node.parts[0]!, args, host, depth, stack)).trim()
    const value = args.get(name)
    if (value !== undefined) return value
    if (node.parts.length > 1) return await expandNodes(node.parts[1]!, args, host, depth, stack)
    return `{{{${name}}}}`
  }
  if (depth >= MAX_DEPTH) {
    host.warn(`template depth limit (${MAX_DEPTH}) exceeded`)
    return '<strong class="error">Template depth limit exceeded</strong>'
  }
  const head = await expandNodes(node.parts[0]!, args, host, depth, stack)
  const rest = node.parts.slice(1)
  const expandPart = async (part: PreNode[]): Promise<string> => await expandNodes(part, args, host, depth + 1, stack)

  const colon = head.indexOf(':')
  if (head.trimStart().startsWith('#') && colon > 0) {
    const name = head.trimStart().slice(1, head.trimStart().indexOf(':')).trim().toLowerCase()
    const fn = host.parserFunction(name)
    if (fn === undefined) {
      host.warn(`unknown parser function #${name}`)
      return `<strong class="error">Unknown parser function “#${escapeText(name)}”</strong>`
    }
    const first = head.slice(colon + 1).trim()
    const others = await Promise.all(rest.map(async part => (await expandPart(part)).trim()))
    return await fn([first, ...others])
  }
  const magic = rest.length === 0 ? host.magicWord(head.trim()) : undefined
  if (magic !== undefined) return magic

  const name = head.trim()
  if (stack.includes(name.toLowerCase())) {
    host.warn(`template loop: ${name}`)
    return `<strong class="error">Template loop detected: ${escapeText(name)}</strong>`
  }
  const body = await host.loadTemplate(name)
  if (body === null) return `[[Template:${name}]]`
  const templateArgs = new Map<string, string>()
  let position = 0
  for (const part of rest) {
    const expanded = await expandPart(part)
    const eq = expanded.indexOf('=')
    if (eq > 0 && /^[^[{]*$/.test(expanded.slice(0, eq))) {
      templateArgs.set(expanded.slice(0, eq).trim(), expanded.slice(eq + 1).trim())
    } else {
      position += 1
      templateArgs.set(String(position), expanded)
    }
  }
  return await expandNodes(preprocessTree(body.replace(/<noinclude>[\s\S]*?<\/noinclude>/g, '')), templateArgs, host, depth + 1, [...stack, name.toLowerCase()])
}

function escapeText (text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}
