import type { ApiModule } from '../../action-api/api-module.js'
import { sitelinksOutput, type EntityProp } from './entity-output.js'
import { setSiteLink } from './sitelink-change-op.js'
import { comment, edit, entityAnswer, outputContext, targetEntity } from './entity-module-call.js'

/** `wbsetsitelink`: sets or removes one sitelink of an item. */

export const setSiteLinkModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const id = await targetEntity(call)
    const linkSite = params.required('linksite')
    const linkTitle = params.string('linktitle')
    const badges = params.has('badges') ? params.list('badges') : undefined
    const removing = (linkTitle?.trim() ?? '') === ''
    const result = await edit(call, id, entity => setSiteLink(entity, linkSite, linkTitle, badges),
      comment(call, `wbsetsitelink-${removing ? 'remove' : 'set'}:1|${linkSite}`, linkTitle?.trim() ?? ''))
    if (removing) return entityAnswer(result, { sitelinks: { [linkSite]: { site: linkSite, title: '', removed: '' } } })
    const ctx = await outputContext(call, [result.revision.entity], true)
    const shown = sitelinksOutput(result.revision.entity, ctx, { props: new Set<EntityProp>(['sitelinks/urls']), siteFilter: [linkSite] })
    return entityAnswer(result, { sitelinks: shown })
  }
}
