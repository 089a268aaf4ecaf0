import type { Test } from 'tap'
import { hostConformanceChecks, type HostConformanceOptions } from '../../testing/index.js'

/**
 * The conformance kit (fastify-wikibase/testing) as tap subtests, one per check: a host's
 * own test file calls this with its started app. A check that does not apply to the host is
 * reported as skipped, with the reason; `expectSkipped` names the ones this host may skip.
 */
export async function conformanceSubtests (t: Test, options: HostConformanceOptions, expectSkipped: string[] = []): Promise<void> {
  const { checks, close } = await hostConformanceChecks(options)
  // Closed here, not in teardown: the kit's table goes while the host's pool is still open.
  try {
    for (const check of checks) {
      await t.test(check.name, async t => {
        const outcome = await check.run()
        if (outcome.status === 'failed') throw outcome.error
        if (outcome.status === 'skipped' && !expectSkipped.some(name => check.name.startsWith(name))) t.fail(`skipped: ${outcome.detail ?? ''}`)
        else if (outcome.status === 'skipped') t.pass('skipped', { skip: outcome.detail ?? true })
        else t.pass('passed')
      })
    }
  } finally {
    await close()
  }
}
