/**
 * The operations of Wikibase's REST API 1.5 (its OpenAPI document, `paths`: path template
 * relative to `…/w/rest.php/wikibase`, and methods). The served OpenAPI document marks every
 * route that is not one of these as an extension (`x-fastify-wikibase-extension: true`);
 * test/plugin/repo/rest/spec-paths.test.ts checks this list against the spec.
 */
export const REST_SPEC_VERSION = '1.5'

export const REST_SPEC_OPERATIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['/v1/openapi.json', ['get']],
  ['/v1/property-data-types', ['get']],
  ['/v1/entities/items', ['post']],
  ['/v1/entities/items/{item_id}', ['get', 'patch']],
  ['/v1/entities/items/{item_id}/sitelinks', ['get', 'patch']],
  ['/v1/entities/items/{item_id}/sitelinks/{site_id}', ['get', 'put', 'delete']],
  ['/v1/entities/items/{item_id}/labels', ['get', 'patch']],
  ['/v1/entities/items/{item_id}/labels/{language_code}', ['get', 'put', 'delete']],
  ['/v1/entities/items/{item_id}/labels_with_language_fallback/{language_code}', ['get']],
  ['/v1/entities/items/{item_id}/descriptions', ['get', 'patch']],
  ['/v1/entities/items/{item_id}/descriptions/{language_code}', ['get', 'put', 'delete']],
  ['/v1/entities/items/{item_id}/descriptions_with_language_fallback/{language_code}', ['get']],
  ['/v1/entities/items/{item_id}/aliases', ['get', 'patch']],
  ['/v1/entities/items/{item_id}/aliases/{language_code}', ['get', 'post']],
  ['/v1/entities/items/{item_id}/statements', ['get', 'post']],
  ['/v1/entities/items/{item_id}/statements/{statement_id}', ['get', 'put', 'patch', 'delete']],
  ['/v1/entities/properties', ['post']],
  ['/v1/entities/properties/{property_id}', ['get', 'patch']],
  ['/v1/entities/properties/{property_id}/labels', ['get', 'patch']],
  ['/v1/entities/properties/{property_id}/labels/{language_code}', ['get', 'put', 'delete']],
  ['/v1/entities/properties/{property_id}/labels_with_language_fallback/{language_code}', ['get']],
  ['/v1/entities/properties/{property_id}/descriptions', ['get', 'patch']],
  ['/v1/entities/properties/{property_id}/descriptions/{language_code}', ['get', 'put', 'delete']],
  ['/v1/entities/properties/{property_id}/descriptions_with_language_fallback/{language_code}', ['get']],
  ['/v1/entities/properties/{property_id}/aliases', ['get', 'patch']],
  ['/v1/entities/properties/{property_id}/aliases/{language_code}', ['get', 'post']],
  ['/v1/entities/properties/{property_id}/statements', ['get', 'post']],
  ['/v1/entities/properties/{property_id}/statements/{statement_id}', ['get', 'put', 'patch', 'delete']],
  ['/v1/statements/{statement_id}', ['get', 'put', 'patch', 'delete']],
  ['/v1/search/items', ['get']],
  ['/v1/search/properties', ['get']],
  ['/v1/suggest/items', ['get']],
  ['/v1/suggest/properties', ['get']]

]
