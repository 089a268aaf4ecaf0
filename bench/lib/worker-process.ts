/**
 * A process that only runs job workers: the wikis of WIKIBASE_WORKER_SPEC (JSON, see
 * farm.ts WikiDefinition[]) with `worker.enabled`, each with the test host. Sends 'ready'
 * over IPC once every runner has started; SIGTERM closes gracefully, SIGKILL is the crash.
 */
import { startWikiApps, type WikiDefinition } from './farm.js'

const definitions = JSON.parse(process.env.WIKIBASE_WORKER_SPEC ?? '[]') as WikiDefinition[]
let close = async (): Promise<void> => {}
try {
  close = (await startWikiApps(definitions, true, undefined, process.env.WORKER_LOG_LEVEL ?? 'silent')).close
  process.send?.('ready')
} catch (error) {
  process.send?.(`failed: ${(error as Error).message}`)
  process.exit(1)
}

process.once('SIGTERM', () => {
  void (async () => {
    await close()
    process.exit(0)
  })()
})
process.on('disconnect', () => { process.exit(0) })
