/**
 * MediaWiki's parser limits for the example engine, and the budget one parse spends.
 *
 * Defaults and behaviour follow MediaWiki (includes/MainConfigSchema.php, formerly
 * DefaultSettings.php; includes/parser/Parser.php braceSubstitution/argSubstitution/
 * incrementIncludeSize/limitationWarn; includes/parser/PPFrame_Hash.php expand):
 * - `maxPPNodeCount` ($wgMaxPPNodeCount, 1,000,000): preprocessor nodes expanded in one parse;
 *   past it the expansion stops with `<span class="error">Node-count limit exceeded</span>`.
 * - `maxIncludeSize` ($wgMaxArticleSize 2048 KB × 1024 = ParserOptions::getMaxIncludeSize,
 *   bytes): post-expand size of all transclusions, and separately of all template arguments;
 *   a template over it is left unexpanded as a link to it (`[[:Template:X]]`), an argument
 *   over it is omitted.
 * - `maxPPExpandDepth` ($wgMaxPPExpandDepth, 100): nesting of expansions;
 *   `<span class="error">Expansion depth limit exceeded</span>` beyond it.
 * - `maxTemplateDepth` ($wgMaxTemplateDepth; the engine keeps 40, MediaWiki's default before
 *   1.38 — it is 100 there now): templates within templates; "Template recursion depth limit
 *   exceeded (40)" beyond it.
 * - `parseTimeoutMs` (engine's own, 10,000 ms; MediaWiki relies on PHP's execution time limit):
 *   wall-clock time of one parse's expansion; past it the rest of the page is not expanded and
 *   `<span class="error">Parse time limit exceeded</span>` is shown.
 * Each exceeded limit adds its tracking category (Parser::limitationWarn adds
 * `<limit>-category`) and a warning to the parser output.
 */
export interface ParserLimits {
  maxPPNodeCount: number
  maxIncludeSize: number
  maxPPExpandDepth: number
  maxTemplateDepth: number
  parseTimeoutMs: number
}

export const DEFAULT_PARSER_LIMITS: Readonly<ParserLimits> = Object.freeze({
  maxPPNodeCount: 1_000_000,
  maxIncludeSize: 2048 * 1024,
  maxPPExpandDepth: 100,
  maxTemplateDepth: 40,
  parseTimeoutMs: 10_000
})

/** The limitation types of Parser::limitationWarn, with their tracking category (English messages). */
export const TRACKING_CATEGORIES = {
  'node-count-exceeded': 'Pages where node count is exceeded',
  'expansion-depth-exceeded': 'Pages where the expansion depth is exceeded',
  'post-expand-template-inclusion': 'Pages where template include size is exceeded',
  'post-expand-template-argument': 'Pages containing omitted template arguments',
  'template-loop': 'Pages with template loops',
  'parse-time-exceeded': 'Pages where the parse time limit is exceeded'
} as const

export type Limitation = keyof typeof TRACKING_CATEGORIES

/** Limits from options: known keys only, each a positive number, else the default. */
export function parserLimits (options: Partial<ParserLimits> = {}): ParserLimits {
  const limits = { ...DEFAULT_PARSER_LIMITS }
  for (const key of Object.keys(DEFAULT_PARSER_LIMITS) as Array<keyof ParserLimits>) {
    const value = options[key]
    if (value === undefined) continue
    if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`parser limit ${key} must be a positive number, got ${String(value)}`)
    limits[key] = value
  }
  return limits
}

/** Milliseconds one parse runs before it lets other work run (see ParseBudget.pause). */
const SLICE_MS = 5

/** Why expansion stopped for the rest of the page. */
export type Stop = 'node-count-exceeded' | 'parse-time-exceeded'

/**
 * What one parse has spent (Parser's mPPNodeCount, mIncludeSizes, mHighestExpansionDepth) and
 * what it exceeded. Mutable, one per parse.
 */
export class ParseBudget {
  nodeCount = 0
  postExpandSize = 0
  argSize = 0
  highestExpansionDepth = 0
  stopped: Stop | null = null
  readonly exceeded = new Set<Limitation>()
  readonly warnings: string[] = []
  readonly #deadline: number
  #sliceStart: number

  constructor (readonly limits: ParserLimits, private readonly now: () => number = () => performance.now()) {
    this.#deadline = now() + limits.parseTimeoutMs
    this.#sliceStart = now()
  }

  /** Parser::limitationWarn: a warning and the tracking category, once per kind. */
  limitationWarn (limitation: Limitation, detail: string): void {
    if (this.exceeded.has(limitation)) return
    this.exceeded.add(limitation)
    this.warnings.push(`${limitation}: ${detail}`)
  }

  /** Counts one node; false (and the reason recorded) once the node count or the time is over. */
  countNode (): boolean {
    if (this.stopped !== null) return false
    this.nodeCount += 1
    if (this.nodeCount > this.limits.maxPPNodeCount) {
      this.stopped = 'node-count-exceeded'
      this.limitationWarn('node-count-exceeded', `${this.nodeCount} > ${this.limits.maxPPNodeCount}`)
      return false
    }
    if (this.now() > this.#deadline) {
      this.stopped = 'parse-time-exceeded'
      this.limitationWarn('parse-time-exceeded', `over ${this.limits.parseTimeoutMs} ms`)
      return false
    }
    return true
  }

  /** Parser::incrementIncludeSize: false when adding `bytes` would pass the limit (nothing is added then). */
  incrementIncludeSize (kind: 'post-expand' | 'arg', bytes: number): boolean {
    const current = kind === 'arg' ? this.argSize : this.postExpandSize
    if (current + bytes > this.limits.maxIncludeSize) return false
    if (kind === 'arg') this.argSize += bytes
    else this.postExpandSize += bytes
    return true
  }

  /**
   * A pause (one turn of the event loop) once this parse has run SLICE_MS since it last got
   * the loop back, else null: a long parse lets the other requests of the process — other
   * wikis of the farm — run in between, in slices of a few milliseconds.
   */
  pause (): Promise<void> | null {
    if (this.now() - this.#sliceStart < SLICE_MS) return null
    return new Promise(resolve => setImmediate(() => {
      this.#sliceStart = this.now()
      resolve()
    }))
  }

  /** The tracking categories of the limits exceeded, in the order they were hit. */
  categories (): string[] {
    return [...this.exceeded].map(limitation => TRACKING_CATEGORIES[limitation])
  }
}
