/**
 * The preprocessor of the wikitext subset: `{{Template|a|k=v}}`, `{{{param|default}}}`,
 * `{{#function:arg|arg}}`, `{{PAGENAME}}` and `[[links]]` (whose `|` belongs to the link, not
 * to an enclosing template). Text is read into a tree here and expanded by
 * template-expander.ts.
 *
 * One pass with a stack of open brackets, as MediaWiki's Preprocessor_Hash::buildDomTreeArrayFromText
 * does: an opening run (`{{`, `{{{`, `[[`) is pushed, a closing run matches the innermost open
 * one only (a `}}` while a `[[` is innermost is text), and whatever is still open at the end
 * of the text becomes literal text again (PPDStackElement::breakSyntax). Every character is
 * looked at once and every node moved at most once, so the work is linear in the text length:
 * an opening that never closes no longer makes the rest of the text be read again.
 */
export type PreNode = string | { kind: 'template', parts: PreNode[][] } | { kind: 'param', parts: PreNode[][] } | { kind: 'link', inner: PreNode[] }

/**
 * An open bracket run on the stack. While nothing inside it has closed, its content is plain
 * text and stays in the source (`parts` null): a run that never closes costs one small object,
 * not arrays and pieces — `{{a|`×n must not fill the heap.
 */
interface OpenRun {
  open: '{' | '['
  /** Opening characters not matched yet. */
  count: number
  /** Where its opening characters start in the text. */
  start: number
  /** Where its content starts. */
  contentStart: number
  /** The parts (`|` starts a new one; links have one), once a closed bracket inside needs them; null while plain text. */
  parts: PreNode[][] | null
}

/** How many of a run a closing run may match, and what it makes (Preprocessor_Hash's `$this->rules`). */
const BRACE_NAMES: Readonly<Record<number, 'template' | 'param'>> = { 2: 'template', 3: 'param' }

const SPECIAL = /[{}[\]|]/g

/** Counters of one read, for tests that prove the work is linear. */
export interface PreprocessStats {
  /** Characters looked at by the scanner. */
  steps: number
}

/**
 * Adds a node to a part. Text pieces are pushed as they come and joined once when the part is
 * finished (mergeText): concatenating them one by one builds deep string ropes that cost the
 * garbage collector more than the scan itself.
 */
function append (part: PreNode[], node: PreNode): void {
  if (node !== '') part.push(node)
}

/** Adjacent text pieces of a finished part joined into one string. */
function mergeText (part: PreNode[]): PreNode[] {
  const merged: PreNode[] = []
  let pieces: string[] = []
  for (const node of part) {
    if (typeof node === 'string') {
      pieces.push(node)
      continue
    }
    if (pieces.length > 0) merged.push(pieces.join(''))
    pieces = []
    merged.push(node)
  }
  if (pieces.length > 0) merged.push(pieces.join(''))
  return merged
}

/** The parts of a run whose content so far is plain text: the text up to `end`, split at its pipes. */
function plainParts (run: OpenRun, text: string, end: number): PreNode[][] {
  const content = text.slice(run.contentStart, end)
  return (run.open === '{' ? content.split('|') : [content]).map(part => part === '' ? [] : [part])
}

/** The literal text an unclosed run with parts stands for, its parts joined by the `|` that separated them. */
function breakSyntax (run: OpenRun & { parts: PreNode[][] }, into: PreNode[]): void {
  append(into, run.open.repeat(run.count))
  run.parts.forEach((part, index) => {
    if (index > 0) append(into, '|')
    for (const node of part) append(into, node)
  })
}

/** Scanner steps between the points where the async reader may let other work run. */
const STEPS_PER_SLICE = 1024

export function preprocessTree (text: string, stats?: PreprocessStats): PreNode[] {
  const scanner = scan(text, stats)
  let step = scanner.next()
  while (step.done !== true) step = scanner.next()
  return step.value
}

/**
 * preprocessTree for a parse that must not hold the event loop: every few thousand steps it
 * asks `pause` whether to let other requests run first (a long text is read in slices).
 */
export async function preprocessTreeAsync (text: string, pause: () => Promise<void> | null, stats?: PreprocessStats): Promise<PreNode[]> {
  const scanner = scan(text, stats)
  let step = scanner.next()
  while (step.done !== true) {
    const paused = pause()
    if (paused !== null) await paused
    step = scanner.next()
  }
  return step.value
}

function * scan (text: string, stats?: PreprocessStats): Generator<void, PreNode[], void> {
  const root: PreNode[] = []
  const stack: OpenRun[] = []
  /** Text goes to the innermost run's current part; a plain run keeps it in the source. */
  const appendText = (piece: string): void => {
    const top = stack.at(-1)
    if (top === undefined) append(root, piece)
    else if (top.parts !== null) append(top.parts.at(-1)!, piece)
  }
  let i = 0
  let steps = 0
  // The end of the last run counted: a long closing run is matched two or three characters at
  // a time, and counting it again each time would make `}}`×n quadratic.
  let runEnd = 0
  const runLength = (at: number, char: string): number => {
    if (at < runEnd && text[runEnd - 1] === char && text[at] === char) return runEnd - at
    let end = at
    while (end < text.length && text[end] === char) end += 1
    if (stats !== undefined) stats.steps += end - at
    runEnd = end
    return end - at
  }
  while (i < text.length) {
    steps += 1
    if (steps % STEPS_PER_SLICE === 0) yield
    SPECIAL.lastIndex = i
    const found = SPECIAL.exec(text)
    const at = found === null ? text.length : found.index
    if (stats !== undefined) stats.steps += at - i + 1
    if (at > i) appendText(text.slice(i, at))
    if (found === null) break
    const char = text[at]!
    const top = stack.at(-1)
    if (char === '{' || char === '[') {
      const count = runLength(at, char)
      if (count >= 2) stack.push({ open: char, count, start: at, contentStart: at + count, parts: null })
      else appendText(char)
      i = at + count
      continue
    }
    if (char === '|') {
      // Pipes split the parts of a template or parameter only (PPDStackElement: no findPipe in `[[`).
      if (top?.open === '{') top.parts?.push([])
      else appendText(char)
      i = at + 1
      continue
    }
    // A closing run: it matches only the innermost open run, and only its own kind.
    const count = runLength(at, char)
    if (top === undefined || (char === '}') !== (top.open === '{')) {
      appendText(char.repeat(count))
      i = at + count
      continue
    }
    let matching = Math.min(count, top.count, top.open === '{' ? 3 : 2)
    if (top.open === '{') while (matching > 0 && BRACE_NAMES[matching] === undefined) matching -= 1
    if (matching < 2) {
      appendText(char.repeat(count))
      i = at + count
      continue
    }
    stack.pop()
    const parts = top.parts ?? plainParts(top, text, at)
    const node: PreNode = top.open === '['
      ? { kind: 'link', inner: mergeText(parts[0]!) }
      : { kind: BRACE_NAMES[matching]!, parts: parts.map(mergeText) }
    top.count -= matching
    if (top.count >= 2) {
      // `{{{{{x}}}}}`: the run stays open with the node just made as the start of its first part.
      top.parts = [[node]]
      stack.push(top)
    } else {
      const parent = stack.at(-1)
      if (parent !== undefined) parent.parts ??= plainParts(parent, text, top.start)
      const into = parent === undefined ? root : parent.parts!.at(-1)!
      append(into, top.open.repeat(top.count))
      append(into, node)
    }
    i = at + matching
  }
  // Unclosed runs become text again, outermost first: each one holds only what came before the
  // next run opened, so appending them in stack order restores the text. Plain runs are the
  // text from their opening to the next run's; from the last run with parts on, the rest of
  // the text is literal as it is.
  let plainFrom = stack.length
  while (plainFrom > 0 && stack[plainFrom - 1]!.parts === null) plainFrom -= 1
  for (let index = 0; index < plainFrom; index += 1) {
    if (index % STEPS_PER_SLICE === STEPS_PER_SLICE - 1) yield
    const run = stack[index]!
    if (run.parts === null) append(root, text.slice(run.start, stack[index + 1]!.start))
    else breakSyntax(run as OpenRun & { parts: PreNode[][] }, root)
  }
  if (plainFrom < stack.length) append(root, text.slice(stack[plainFrom]!.start))
  yield
  return mergeText(root)
}

/**
 * A template's text as transcluded: `<noinclude>…</noinclude>` sections dropped, an unclosed
 * one to the end of the text (Preprocessor_Hash: noinclude may miss its end tag). indexOf
 * scans, so an unclosed tag costs one pass, not one per tag.
 */
export function stripNoinclude (text: string): string {
  const open = /<noinclude>/gi
  const close = /<\/noinclude>/gi
  let out = ''
  let from = 0
  while (true) {
    open.lastIndex = from
    const start = open.exec(text)
    if (start === null) return out + text.slice(from)
    out += text.slice(from, start.index)
    close.lastIndex = open.lastIndex
    const end = close.exec(text)
    if (end === null) return out
    from = close.lastIndex
  }
}

export { expandWikitext } from './template-expander.js'
