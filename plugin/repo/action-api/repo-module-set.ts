import type { ApiModule } from '../../action-api/api-module.js'
import type { ApiModuleSet } from '../../action-api/api-module-set.js'
import { MODULE_PARAMS } from './module-params.js'
import { manageTagsModule } from './manage-tags-module.js'
import { ENTITY_MODULES } from './entity-modules.js'
import { PAGE_MODULES } from './page-modules.js'
import { protectModule } from './protect-module.js'
import { revisionDeleteModule } from './revision-delete-module.js'
import { parseModule } from './parse-module.js'
import { editPageModule } from './edit-page-module.js'
import { listTags, TAG_PROPS } from './tags-list.js'
import { ALL_PAGES_PARAMS, listAllPages } from './all-pages-list.js'
import { ALL_MESSAGES_PARAMS, allMessages } from './all-messages-meta.js'
import { infoProp, pagepropsProp, revisionsProp } from './query-page-props.js'

/**
 * The repo's part of api.php (Wikibase repo's extension.json APIModules, plus the core modules
 * this repo answers for its entity pages and host pages): the wb* modules, page modules,
 * `prop=info|revisions|pageprops` of entity pages, `list=tags|allpages`, `meta=allmessages`.
 * A module without its own `params` gets module-params.ts's.
 */
const modules: Readonly<Record<string, ApiModule>> = {
  managetags: manageTagsModule, ...ENTITY_MODULES, ...PAGE_MODULES, protect: protectModule,
  revisiondelete: revisionDeleteModule, parse: parseModule, edit: editPageModule
}

export const REPO_MODULE_SET: ApiModuleSet = {
  modules: Object.fromEntries(Object.entries(modules).map(([name, module]) => [name, { ...module, params: module.params ?? MODULE_PARAMS[name] ?? {} }])),
  prop: { info: infoProp, revisions: revisionsProp, pageprops: pagepropsProp },
  list: {
    tags: { params: { tgprop: { type: TAG_PROPS, multi: true }, tglimit: { type: 'limit' }, tgcontinue: {} }, run: listTags },
    allpages: { params: ALL_PAGES_PARAMS, run: listAllPages }
  },
  meta: { allmessages: { params: ALL_MESSAGES_PARAMS, run: async call => ({ allmessages: allMessages(call) }) } },
  extensions: [{ name: 'WikibaseRepository', descriptionmsg: 'wikibase-desc', page: 'Wikibase_Repository' }]
}
