/**
 * The interface messages of the repo, by Wikibase message key: the names its action API
 * errors carry in `messages` and the names of its entity types, so `meta=allmessages` can
 * show a tool what a key means. Texts are this project's English (`$1`, `$2` … parameters).
 */
export const REPO_MESSAGES: Readonly<Record<string, string>> = {
  'wikibase-desc': 'Structured data repository',
  'wikibase-entity-item': 'item',
  'wikibase-entity-property': 'property',
  'wikibase-api-invalid-entity-id': 'Invalid entity ID.',
  'wikibase-api-invalid-guid': 'Invalid statement GUID: $1',
  'wikibase-api-invalid-json': 'Could not decode the JSON of the parameter.',
  'wikibase-api-invalid-snak': 'Invalid snak: $1',
  'wikibase-api-modification-failed': 'The modification of the entity failed.',
  'wikibase-api-no-such-claim': 'Could not find the statement $1.',
  'wikibase-api-no-such-entity': 'Could not find an entity with the ID "$1".',
  'wikibase-api-no-such-entity-link': 'No entity found matching the site link.',
  'wikibase-api-not-recognized-language': 'Unknown language code: $1',
  'wikibase-api-not-recognized-siteid': 'Unknown site: $1',
  'wikibase-api-param-illegal': 'Illegal combination of parameters.',
  'wikibase-api-param-invalid': 'Invalid parameter value.',
  'wikibase-api-param-missing': 'A required parameter is missing.',
  'wikibase-api-unresolved-redirect': 'The entity is a redirect; edit its target.',
  'wikibase-error-entity-too-big': 'The entity would be bigger than the limit of $1 bytes.',
  'wikibase-validator-no-such-property': 'Property $1 not found.',
  'wikibase-validator-sitelink-conflict': 'Site link $1 is already used by item $2.',
  'wikibase-validator-statement-property-change': 'The property of a statement cannot be changed.'
}
