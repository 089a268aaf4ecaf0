/**
 * The tokens of a mysqldump file: statements split at `;`, comments and whitespace dropped,
 * strings unescaped as MySQL reads them (see mysql-dump-parser.ts for what the dump may hold).
 */

export type Fail = (at: number, reason: string) => never

export type Token =
  | { kind: 'word', text: string, at: number }
  | { kind: 'ident', text: string, at: number }
  | { kind: 'string', text: string, at: number }
  | { kind: 'number', text: string, at: number }
  | { kind: 'punct', text: string, at: number }

/** Statements as token lists, split at `;`, comments and whitespace dropped. */
export function * statements (text: string, fail: Fail): Generator<Token[]> {
  let current: Token[] = []
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text[i]!
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\uFEFF') { i++; continue }
    if ((c === '-' && text[i + 1] === '-' && (i + 2 >= n || /\s/.test(text[i + 2]!))) || c === '#') {
      const end = text.indexOf('\n', i)
      i = end === -1 ? n : end + 1
      continue
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      if (end === -1) fail(i, 'comment /* … is not closed')
      i = end + 2
      continue
    }
    if (c === ';') {
      if (current.length > 0) yield current
      current = []
      i++
      continue
    }
    if (c === "'" || c === '"') {
      const { value, end } = readString(text, i, fail)
      current.push({ kind: 'string', text: value, at: i })
      i = end
      continue
    }
    if (c === '`') {
      let value = ''
      let j = i + 1
      for (;;) {
        const close = text.indexOf('`', j)
        if (close === -1) fail(i, 'identifier `… is not closed')
        value += text.slice(j, close)
        if (text[close + 1] === '`') { value += '`'; j = close + 2; continue }
        j = close + 1
        break
      }
      current.push({ kind: 'ident', text: value, at: i })
      i = j
      continue
    }
    if (c >= '0' && c <= '9') {
      const match = /^(0x[0-9a-f]*|\d+(\.\d*)?([eE][+-]?\d+)?)/i.exec(text.slice(i, i + 400))!
      current.push({ kind: 'number', text: match[0], at: i })
      i += match[0].length
      continue
    }
    if (/[A-Za-z_$@]/.test(c)) {
      let j = i + 1
      while (j < n && /[A-Za-z0-9_$@]/.test(text[j]!)) j++
      current.push({ kind: 'word', text: text.slice(i, j), at: i })
      i = j
      continue
    }
    current.push({ kind: 'punct', text: c, at: i })
    i++
  }
  if (current.length > 0) yield current
}

const ESCAPES: Readonly<Record<string, string>> = {
  0: '\0', "'": "'", '"': '"', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1A', '\\': '\\', '%': '\\%', _: '\\_'
}

function readString (text: string, start: number, fail: Fail): { value: string, end: number } {
  const quote = text[start]!
  let value = ''
  let i = start + 1
  for (;;) {
    let j = i
    while (j < text.length && text[j] !== quote && text[j] !== '\\') j++
    if (j >= text.length) return fail(start, `string ${quote}… is not closed`)
    value += text.slice(i, j)
    if (text[j] === '\\') {
      if (j + 1 >= text.length) return fail(start, `string ${quote}… is not closed`)
      const escaped = text[j + 1]!
      value += ESCAPES[escaped] ?? escaped
      i = j + 2
      continue
    }
    if (text[j + 1] === quote) {
      value += quote
      i = j + 2
      continue
    }
    return { value, end: j + 1 }
  }
}

export function isWord (token: Token | undefined, word: string): boolean {
  return token?.kind === 'word' && token.text.toUpperCase() === word
}

export function isPunct (token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text
}

export function at (tokens: Token[], i: number): number {
  return tokens[i]?.at ?? tokens.at(-1)?.at ?? 0
}

export function lineStarts (text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

export function lineOf (starts: readonly number[], offset: number): number {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= offset) lo = mid
    else hi = mid - 1
  }
  return lo
}
