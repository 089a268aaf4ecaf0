/**
 * Strings PostgreSQL cannot hold. A `text` column refuses U+0000 outright, and the JSON
 * functions (`->>`, `json_populate_record`, a cast to `jsonb`) refuse a document holding
 * `\u0000` or a UTF-16 surrogate without its partner, even where the `json` column took it.
 * One such string stored in an entity made every later read of that row fail, so requests
 * carrying one are refused before anything runs (request-input-guard.ts).
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

export function isStorableString (text: string): boolean {
  return !UNSTORABLE.test(text)
}

/** What is wrong with an unstorable string, for the error message. */
export function unstorableReason (text: string): string {
  return text.includes('\u0000')
    ? 'contains U+0000 (NUL), which cannot be stored'
    : 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored'
}

export interface ValueProblem { kind: 'unstorable' | 'too-deep', path: string, reason: string }

/**
 * The first problem in a parsed JSON value or form/query object, as a `/`-separated path
 * under `root` (`body/labels/en`): a string (object key or value) that cannot be stored, or
 * arrays/objects nested deeper than `maxDepth`; null when there is none. Iterative, so a value
 * from any parser, however deep, cannot overflow the stack here.
 */
export function findValueProblem (value: unknown, root: string, maxDepth = Infinity): ValueProblem | null {
  const stack: Array<[unknown, string, number]> = [[value, root, 0]]
  while (stack.length > 0) {
    const [current, path, depth] = stack.pop()!
    if (typeof current === 'string') {
      if (!isStorableString(current)) return { kind: 'unstorable', path, reason: unstorableReason(current) }
    } else if (current !== null && typeof current === 'object') {
      if (depth >= maxDepth) return { kind: 'too-deep', path, reason: `nested deeper than ${maxDepth} levels` }
      if (Array.isArray(current)) {
        for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${path}/${i}`, depth + 1])
        continue
      }
      const entries = Object.entries(current)
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i]!
        if (!isStorableString(key)) return { kind: 'unstorable', path: `${path}/${pathSafe(key)}`, reason: `key ${unstorableReason(key)}` }
        stack.push([inner, `${path}/${key}`, depth + 1])
      }
    }
  }
  return null
}

/** A key shown in a message: the bad characters as escapes, so the message itself is storable. */
export function pathSafe (text: string): string {
  return text.replace(/[\u0000-\u001f]|[\ud800-\udfff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
