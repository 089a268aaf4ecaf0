import { escapeHtml } from './api-errors.js'
import type { ApiWarning } from './param-validator.js'

/**
 * Warnings in the answer, as MediaWiki's error formatters write them. The default (`bc`,
 * ApiErrorFormatter_BackCompat) groups them by module name (the last part of the module
 * path), joins a module's distinct texts with newlines, and writes the text as the content
 * value: `{"main": {"*": "…"}}` in format 1, `{"main": {"warnings": "…"}}` in format 2. Any
 * other `errorformat` (ApiErrorFormatter) gives a list `[{code, text, module}]` with the
 * full module path (`html`: the text escaped under `html`; `none`: no text; `raw` is written
 * as `plaintext` here).
 */
export const ERROR_FORMATS = ['bc', 'plaintext', 'wikitext', 'html', 'raw', 'none'] as const

export function warningsOutput (warnings: readonly ApiWarning[], v2: boolean, errorFormat: string): unknown {
  if (errorFormat === 'bc') {
    const byModule = new Map<string, string[]>()
    for (const w of warnings) {
      const name = w.module.slice(w.module.lastIndexOf('+') + 1)
      const texts = byModule.get(name) ?? []
      if (!texts.includes(w.text)) texts.push(w.text)
      byModule.set(name, texts)
    }
    return Object.fromEntries([...byModule].map(([name, texts]) => [name, { [v2 ? 'warnings' : '*']: texts.join('\n') }]))
  }
  return warnings.map(w => {
    if (errorFormat === 'none') return { code: w.code, module: w.module }
    if (errorFormat === 'html') return { code: w.code, [v2 ? 'html' : '*']: escapeHtml(w.text), module: w.module }
    return { code: w.code, [v2 ? 'text' : '*']: w.text, module: w.module }
  })
}
