/**
 * `fastify-wikibase/testing`: the host conformance kit. A host puts one call in its own test
 * suite, against its real app and database:
 *
 *   const report = await checkHostConformance({ app, adapter })
 *
 * It checks that every hook the plugin needs is fired with the right arguments in the right
 * transaction, that every service behaves as hooks/contract.ts says, and that the main flow
 * works (item → sitelink → page uses a value → edit → page re-rendered + recentchanges row).
 * Framework-neutral (node:assert); `hostConformanceChecks` gives the checks one by one, to run
 * as subtests. The checks write pages titled `Conformance <nonce> …`, a property and an item,
 * and a table `wikibase_conformance_<nonce>` (dropped at the end): run them on a test database.
 */
import { AssertionError } from 'node:assert'
import type { ConformanceCheck } from './conformance-check.js'
import { conformanceContext, type HostConformanceOptions } from './conformance-context.js'
import { hookChecks } from './hook-checks.js'
import { mainFlowCheck } from './main-flow-check.js'
import { serviceChecks } from './service-checks.js'
import { pageServiceChecks } from './page-service-checks.js'

export type { HostConformanceAdapter, HostConformanceOptions, ListedRecentChange } from './conformance-context.js'

export interface CheckOutcome {
  name: string
  status: 'passed' | 'failed' | 'skipped'
  /** Why it failed (the assertion's message) or was skipped. */
  detail?: string
  error?: unknown
}

export interface HostConformanceReport { outcomes: CheckOutcome[], passed: boolean }

/** A check ready to run on its own (e.g. as a subtest): resolves with its outcome, never rejects. */
export interface RunnableCheck { name: string, run: () => Promise<CheckOutcome> }

const CHECKS: ConformanceCheck[] = [...serviceChecks, ...pageServiceChecks, ...hookChecks, mainFlowCheck]

/** The names of the kit's checks, in the order they run. */
export const HOST_CONFORMANCE_CHECKS: readonly string[] = CHECKS.map(c => c.name)

/**
 * The kit's checks bound to one host, to run one after the other in the order given (each
 * leaves the host as it found it: its hook listeners are removed when it ends). Call `close`
 * when done. Create it before the host parses any page: it listens for ParserFirstCallInit.
 */
export async function hostConformanceChecks (options: HostConformanceOptions): Promise<{ checks: RunnableCheck[], close: () => Promise<void> }> {
  const context = await conformanceContext(options)
  const checks = CHECKS.map(check => ({
    name: check.name,
    run: async (): Promise<CheckOutcome> => {
      await context.startCheck()
      try {
        const result = await check.run(context)
        return result === undefined ? { name: check.name, status: 'passed' } : { name: check.name, status: 'skipped', detail: result.skipped }
      } catch (error) {
        return { name: check.name, status: 'failed', detail: error instanceof Error ? error.message : String(error), error }
      } finally {
        context.endCheck()
      }
    }
  }))
  return { checks, close: context.close }
}

/**
 * Runs every check against the host; resolves with the report when all pass (or are skipped),
 * throws an AssertionError naming every failing check and why otherwise.
 */
export async function checkHostConformance (options: HostConformanceOptions): Promise<HostConformanceReport> {
  const { checks, close } = await hostConformanceChecks(options)
  const outcomes: CheckOutcome[] = []
  try {
    for (const check of checks) outcomes.push(await check.run())
  } finally {
    await close()
  }
  const failed = outcomes.filter(o => o.status === 'failed')
  if (failed.length > 0) {
    throw Object.assign(new AssertionError({
      message: `the host fails ${failed.length} of ${outcomes.length} conformance checks:\n${failed.map(f => `- ${f.name}\n  ${f.detail ?? ''}`).join('\n')}`
    }), { report: { outcomes, passed: false } })
  }
  return { outcomes, passed: true }
}
