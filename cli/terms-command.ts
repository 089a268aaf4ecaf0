import type { Command } from 'commander'
import { openWiki, withConnectionFlags, type ConnectionFlags } from './wiki-connection.js'
import { reindexTerms } from '../plugin/repo/entities/term-reindexer.js'

/**
 * `fastify-wikibase terms reindex`: fills the term index behind REST search and suggest from
 * each entity's latest revision. Needed once for entities saved before migration repo/031
 * (every save since writes its terms); safe to repeat and to run while the wiki is edited.
 */
export function addTermsCommands (program: Command): void {
  const terms = program.command('terms').description('The term index behind search and suggest')
  withConnectionFlags(terms.command('reindex')
    .description('rebuild the term index from the latest revision of every entity (idempotent)'))
    .action(async (flags: ConnectionFlags) => {
      const db = openWiki(flags)
      try {
        const count = await reindexTerms(db, { onBatch: done => { if (process.stderr.isTTY) process.stderr.write(`\rindexed ${done}`) } })
        process.stdout.write(`${process.stderr.isTTY ? '\n' : ''}indexed the terms of ${count} entities\n`)
      } finally {
        await db.pool.end()
      }
    })
}
