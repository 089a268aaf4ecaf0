/**
 * MediaWiki normalises every request input to Unicode NFC (WebRequest / UtfNormal) before
 * anything reads it, so `a` + U+0301 and `á` are the same label, title or search. The
 * request-input guard does the same for every string of a request (path and query
 * parameters, body values and object keys) before validation.
 */

/** The string in NFC; ASCII (always NFC) is returned without the normaliser's cost. */
export function nfc (text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFC')
}

/**
 * Normalises, in place, every string value and key of a parsed JSON value (or parameter
 * map) to NFC; returns the (possibly new) value for a top-level string. Keys that become
 * equal keep the last value, as a JSON parser keeps the last of duplicate keys. Iterative,
 * so depth costs no stack; the guard has bounded the depth before.
 */
export function normalizeToNfc<T> (value: T): T {
  if (typeof value === 'string') return nfc(value) as T
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const node = stack.pop()
    if (typeof node !== 'object' || node === null) continue
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        if (typeof node[i] === 'string') node[i] = nfc(node[i] as string)
        else stack.push(node[i])
      }
      continue
    }
    const record = node as Record<string, unknown>
    const entries = Object.entries(record)
    const rekeyed = entries.some(([key]) => nfc(key) !== key)
    if (rekeyed) for (const [key] of entries) Reflect.deleteProperty(record, key)
    for (const [key, child] of entries) {
      const normal = typeof child === 'string' ? nfc(child) : child
      if (rekeyed) Object.defineProperty(record, nfc(key), { value: normal, writable: true, enumerable: true, configurable: true })
      else if (normal !== child) record[key] = normal
      if (typeof child === 'object' && child !== null) stack.push(child)
    }
  }
  return value
}
