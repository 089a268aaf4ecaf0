import { Command } from 'commander'
import { addSitesCommands } from './sites-command.js'

/**
 * `fastify-wikibase <group> <command>`. Each command group lives in its own file and is
 * added here; every command has --help.
 */
const program = new Command()
  .name('fastify-wikibase')
  .description('Maintenance commands of fastify-wikibase (sites, entities, changes)')
  .showHelpAfterError()

const groups: Array<(program: Command) => void> = [addSitesCommands]

for (const add of groups) add(program)

await program.parseAsync(process.argv)
