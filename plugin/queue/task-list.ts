import type { JobHelpers, TaskList } from 'graphile-worker'
import { escapeIdentifier } from 'pg'
import { InvalidJobPayloadError } from '../errors.js'
import { formatProblems, schemaProblems } from '../schema-problems.js'
import type { TaskDefinition } from './task-definition.js'

/**
 * graphile-worker tasks that check each payload against the task's TypeBox schema first.
 * A payload that does not match will never match, so retrying it 25 times only hides the
 * bug: the job is failed permanently at once, with the problems as its last_error.
 */
export function buildTaskList (definitions: ReadonlyArray<TaskDefinition<any>>, queueSchema: string): TaskList {
  const list: TaskList = {}
  for (const definition of definitions) {
    list[definition.name] = async (payload, helpers) => {
      const problems = schemaProblems(definition.payload, payload)
      if (problems.length > 0) {
        const error = new InvalidJobPayloadError(definition.name, formatProblems(problems))
        await failPermanently(helpers, queueSchema)
        helpers.logger.error(error.message, { job: helpers.job.id })
        throw error
      }
      await definition.run(payload, helpers)
    }
  }
  return list
}

/**
 * graphile-worker 0.17 has no public call to fail a *locked* job for good
 * (permanently_fail_jobs skips locked ones), so lower max_attempts to the attempts made;
 * the failure the worker then records is the last one.
 */
async function failPermanently (helpers: JobHelpers, queueSchema: string): Promise<void> {
  await helpers.withPgClient(async client => {
    await client.query(`UPDATE ${escapeIdentifier(queueSchema)}._private_jobs SET max_attempts = attempts WHERE id = $1`, [helpers.job.id])
  })
}
