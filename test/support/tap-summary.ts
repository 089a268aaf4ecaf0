/**
 * `npm test`'s default output: tap's TAP stream cut to one line per test file, the whole
 * block (every subtest, diagnostics, the file's own output) of a file that failed, and the
 * run's closing comments — among them `# { total: N, pass: N, fail: N }`, which .ci/run
 * reads. tap's runner prints each file's block whole, when the file ends, at the top level:
 *
 *     # Subtest: test/a.test.ts
 *         …indented TAP and output of the file…
 *     ok 1 - test/a.test.ts # time=12.3ms
 *
 * (`not ok …` is followed by an indented YAML block from `  ---` to `  ...`.)
 */
export class TapSummary {
  private block: string[] | null = null
  private yaml: 'kept' | 'dropped' | null = null
  private lastFailed = false

  /** The lines to print for one input line (without its newline). */
  push (line: string): string[] {
    if (this.yaml !== null) {
      const keep = this.yaml === 'kept'
      if (line === '  ...') this.yaml = null
      return keep ? [line] : []
    }
    if (this.block !== null) {
      if (!/^(not )?ok \d+ /.test(line)) {
        this.block.push(line)
        return []
      }
      const block = this.block
      this.block = null
      return this.result(line, block)
    }
    if (line.startsWith('# Subtest: ')) {
      this.block = [line]
      return []
    }
    if (line === '  ---') {
      this.yaml = this.lastFailed ? 'kept' : 'dropped'
      return this.lastFailed ? [line] : []
    }
    if (/^(not )?ok \d+ /.test(line)) return this.result(line, [])
    return line === '' ? [] : [line]
  }

  /** A top-level result: the file's block only when it failed. */
  private result (line: string, block: string[]): string[] {
    this.lastFailed = line.startsWith('not ok')
    return this.lastFailed ? [...block, line] : [line]
  }

  /** What is left at the end of the stream (a file cut off mid-block: shown whole). */
  end (): string[] {
    const rest = this.block ?? []
    this.block = null
    return rest
  }
}

/** The summary of a whole TAP stream. */
export function summarize (lines: string[]): string[] {
  const summary = new TapSummary()
  return [...lines.flatMap(line => summary.push(line)), ...summary.end()]
}
