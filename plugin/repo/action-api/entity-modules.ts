import type { ApiModule } from '../../action-api/api-module.js'
import { getEntitiesModule } from './get-entities-module.js'
import { editEntityModule } from './edit-entity-module.js'
import { setAliasesModule, termModule } from './term-modules.js'
import { setSiteLinkModule } from './sitelink-module.js'
import { createRedirectModule } from './redirect-module.js'
import { mergeItemsModule } from './merge-items-module.js'
import { linkTitlesModule } from './link-titles-module.js'
import {
  createClaimModule, removeClaimsModule, removeQualifiersModule, removeReferencesModule, setClaimModule, setQualifierModule, setReferenceModule
} from './statement-modules.js'

/**
 * The Wikibase modules of the action API: `wbgetentities` and the edit modules
 * (`wbeditentity`, `wbsetlabel`, `wbsetdescription`, `wbsetaliases`, `wbsetsitelink`,
 * `wbcreateclaim`, `wbsetclaim`, `wbremoveclaims`, `wbsetreference`, `wbremovereferences`,
 * `wbsetqualifier`, `wbremovequalifiers`), `wbcreateredirect`, `wbmergeitems` and `wblinktitles`. Each edit is one call of entity-editor.ts with a
 * change op (the *-change-op(s).ts files); answers have Wikibase's shapes.
 */
export const ENTITY_MODULES: Readonly<Record<string, ApiModule>> = {
  wbgetentities: getEntitiesModule,
  wbeditentity: editEntityModule,
  wbsetlabel: termModule('labels', 'wbsetlabel'),
  wbsetdescription: termModule('descriptions', 'wbsetdescription'),
  wbsetaliases: setAliasesModule,
  wbsetsitelink: setSiteLinkModule,
  wbcreateclaim: createClaimModule,
  wbsetclaim: setClaimModule,
  wbremoveclaims: removeClaimsModule,
  wbsetreference: setReferenceModule,
  wbremovereferences: removeReferencesModule,
  wbsetqualifier: setQualifierModule,
  wbremovequalifiers: removeQualifiersModule,
  wbcreateredirect: createRedirectModule,
  wbmergeitems: mergeItemsModule,
  wblinktitles: linkTitlesModule
}
