import { Command } from 'commander'
import { addSitesCommands } from './sites-command.js'
import { addChangesCommands } from './changes-command.js'
import { addEntitiesCommands } from './entities-command.js'
import { addTermsCommands } from './terms-command.js'
import { addSubscriptionsCommands } from './subscriptions-command.js'
import { addClientsCommands } from './clients-command.js'
import { addWorkerCommand } from './worker-command.js'

/**
 * `fastify-wikibase <group> <command>`. Each command group lives in its own file and is
 * added here; every command has --help.
 */
const program = new Command()
  .name('fastify-wikibase')
  .description('Maintenance commands of fastify-wikibase (sites, entities, changes, terms, subscriptions, remote clients) and the job worker')
  .showHelpAfterError()

const groups: Array<(program: Command) => void> = [
  addSitesCommands, addChangesCommands, addEntitiesCommands, addTermsCommands, addSubscriptionsCommands, addClientsCommands, addWorkerCommand
]

for (const add of groups) add(program)

try {
  await program.parseAsync(process.argv)
} catch (error) {
  // Typed errors carry a message that names what was wrong; a stack trace adds nothing for users.
  process.stderr.write(`fastify-wikibase: ${(error as Error).message}\n`)
  process.exitCode = 1
}
