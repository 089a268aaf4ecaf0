import type { WikiApp } from './wiki-app.js'

/**
 * The life of a wiki run as a child process (remotewiki of the example farm, the repo of the
 * cross-process tests): it reports to its parent over the IPC channel (`ready` or `failed`),
 * and stops — app closed, then exit — on SIGTERM, SIGINT, or when the parent goes away
 * without stopping it (its own SIGKILL), so no wiki is left behind that nobody can stop.
 */
export function sendToParent (message: unknown): void {
  process.send?.(message)
}

/** Starts the wiki with `start` and runs it until a signal or the parent's end; a failed start exits 1. */
export async function runWikiChild (start: () => Promise<WikiApp>): Promise<void> {
  let app: WikiApp | undefined
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void (async () => {
      await app?.app.close()
      process.exit(0)
    })()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  process.on('disconnect', stop)
  try {
    app = await start()
  } catch (error) {
    sendToParent({ type: 'failed', message: (error as Error).stack ?? String(error) })
    process.exit(1)
  }
}
