import type { ParamSpec, ParamSpecs } from '../../action-api/param-validator.js'
import { TAG_OPERATIONS } from '../change-tags/change-tag-rules.js'
import { MERGE_CONFLICT_TYPES } from '../entities/change-ops-merge.js'

/**
 * The declared parameters of every action API module, by module path, as each MediaWiki and
 * Wikibase module's getAllowedParams() declares them (ApiLogin.php, ApiProtect.php, ApiManageTags.php, Wikibase repo/includes/Api/*.php). Only
 * the parameters this repo reads are declared: anything else a caller sends is answered with
 * MediaWiki's `Unrecognized parameter` warning, so nothing is silently ignored.
 */

const bool: ParamSpec = { type: 'boolean' }
const int: ParamSpec = { type: 'integer' }
const str: ParamSpec = {}
const list: ParamSpec = { multi: true }

const token: ParamSpec = { required: true }

/** What every Wikibase edit module takes (Wikibase ModifyEntity / ModifyClaim: summary, tags, bot, baserevid, token). */
const WB_EDIT: ParamSpecs = { summary: str, tags: list, bot: bool, baserevid: int, token }
/** An entity addressed by `id` or by `site` + `title` (Wikibase EntitySavingHelper). */
const WB_TARGET: ParamSpecs = { id: str, site: str, title: str }
const SNAKTYPE: ParamSpec = { type: ['value', 'novalue', 'somevalue'] }

const ENTITY_PROPS = ['info', 'sitelinks', 'sitelinks/urls', 'aliases', 'labels', 'descriptions', 'claims', 'datatype']

export const MODULE_PARAMS: Readonly<Record<string, ParamSpecs>> = {
  managetags: { operation: { type: TAG_OPERATIONS, required: true }, tag: { required: true }, reason: str, ignorewarnings: bool, tags: list, token },
  protect: { title: str, pageid: int, protections: { multi: true, required: true }, expiry: list, reason: str, token },
  delete: { title: str, reason: str, token },
  undelete: { title: str, reason: str, token },
  revisiondelete: {
    type: { type: ['revision'], required: true }, target: str, ids: { multi: true, required: true },
    hide: { type: ['content', 'comment', 'user'], multi: true }, show: { type: ['content', 'comment', 'user'], multi: true },
    suppress: { type: ['yes', 'no', 'nochange'] }, reason: str, tags: list, token
  },
  wbgetentities: {
    ids: list, sites: list, titles: list, redirects: { type: ['yes', 'no'] }, props: { type: ENTITY_PROPS, multi: true },
    languages: list, languagefallback: bool, normalize: bool, sitefilter: list
  },
  wbeditentity: { ...WB_TARGET, new: { type: ['item', 'property'] }, data: { required: true }, clear: bool, ...WB_EDIT },
  wbsetlabel: { ...WB_TARGET, language: { required: true }, value: str, ...WB_EDIT },
  wbsetdescription: { ...WB_TARGET, language: { required: true }, value: str, ...WB_EDIT },
  wbsetaliases: { ...WB_TARGET, language: { required: true }, set: list, add: list, remove: list, ...WB_EDIT },
  wbsetsitelink: { ...WB_TARGET, linksite: { required: true }, linktitle: str, badges: list, ...WB_EDIT },
  wbcreateclaim: { entity: { required: true }, property: { required: true }, snaktype: { ...SNAKTYPE, required: true }, value: str, ...WB_EDIT },
  wbsetclaim: { claim: { required: true }, index: int, ...WB_EDIT },
  wbremoveclaims: { claim: { multi: true, required: true }, ...WB_EDIT },
  wbsetreference: { statement: { required: true }, snaks: { required: true }, 'snaks-order': str, reference: str, index: int, ...WB_EDIT },
  wbremovereferences: { statement: { required: true }, references: { multi: true, required: true }, ...WB_EDIT },
  wbsetqualifier: { claim: { required: true }, property: str, snaktype: SNAKTYPE, value: str, snakhash: str, ...WB_EDIT },
  wbremovequalifiers: { claim: { required: true }, qualifiers: { multi: true, required: true }, ...WB_EDIT },
  wbcreateredirect: { from: { required: true }, to: { required: true }, ignoreconflicts: list, ...WB_EDIT },
  // LinkTitles::getAllowedParams: the four page parameters, token and bot only.
  wblinktitles: { tosite: { required: true }, totitle: { required: true }, fromsite: { required: true }, fromtitle: { required: true }, bot: bool, token },
  // MergeItems::getAllowedParams: no baserevid.
  wbmergeitems: {
    fromid: { required: true }, toid: { required: true }, ignoreconflicts: { type: [...MERGE_CONFLICT_TYPES], multi: true },
    summary: str, tags: list, bot: bool, token
  }
}
