import type { FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import { saveEdit, recentChange, startWiki } from '../../../support/farm.js'
import { newEntityChange } from '../../../../plugin/changes/entity-change.js'
import { newEntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../../../hooks/ids.js'
import type { WikibaseOptions } from '../../../../plugin/index.js'

interface Teardown { teardown: (fn: () => unknown) => void }

export const FEED = '/wikibase/v1/changes'

/** A repo (no worker) on `url`, listening on a free loopback port; returns it and its base URL. */
export async function listeningRepo (t: Teardown, url: string, repoSettings: WikibaseOptions['repoSettings'] = {}): Promise<{ app: FastifyInstance, base: string }> {
  const app = await startWiki(t, {
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' },
    clients: [{ siteId: 'enwiki' }], worker: { enabled: false }, repoSettings
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` }
}

/** Saves an edit of `entity` (a label change in `en`) as the repo's editor does, with the given time. */
export async function edit (app: FastifyInstance, entity: string, time = new Date()): Promise<void> {
  const change = newEntityChange('update', parseEntityId(entity), {
    compactDiff: newEntityDiffChangedAspects({
      labelChanges: ['en'], descriptionChanges: [], aliasChanges: [], statementChangesExcludingQualOrRefOnlyChanges: [],
      statementChangesQualOrRefOnly: [], siteLinkChanges: {}, otherChanges: false
    })
  })
  await saveEdit(app, change, recentChange({ rc_title: entity, rc_timestamp: time }))
}
