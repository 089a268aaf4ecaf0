import Type, { type TSchema } from 'typebox'
import { Aliases, Labels, RestItem, RestProperty, RestSitelink, Sitelinks } from './rest-entity-shape.js'

/**
 * The entity kinds of the REST API and the map-shaped sections each has: labels,
 * descriptions and aliases (by language) for both, sitelinks (by site) for items.
 */
export interface RestEntitySection {
  name: 'labels' | 'descriptions' | 'aliases' | 'sitelinks'
  /** The body field and error name of one entry (`label`, `sitelink`, …). */
  key: string
  keyPattern: string
  value: TSchema
  map: TSchema
}

export interface RestEntityKind {
  path: 'items' | 'properties'
  type: 'item' | 'property'
  field: 'item' | 'property'
  /** The path parameter of the entity id, as the spec names it. */
  idParam: 'item_id' | 'property_id'
  idPattern: string
  schema: TSchema
  sections: RestEntitySection[]
}

const LANGUAGE_KEY = '^[a-z][a-z0-9-]{0,31}$'

export const TERM_SECTIONS: RestEntitySection[] = [
  { name: 'labels', key: 'label', keyPattern: LANGUAGE_KEY, value: Type.String(), map: Labels },
  { name: 'descriptions', key: 'description', keyPattern: LANGUAGE_KEY, value: Type.String(), map: Labels },
  { name: 'aliases', key: 'aliases', keyPattern: LANGUAGE_KEY, value: Type.Array(Type.String()), map: Aliases }
]

export const SITELINK_SECTION: RestEntitySection = {
  name: 'sitelinks', key: 'sitelink', keyPattern: '^[A-Za-z0-9_.-]{1,32}$', value: RestSitelink, map: Sitelinks
}

export const REST_KINDS: RestEntityKind[] = [
  { path: 'items', type: 'item', field: 'item', idParam: 'item_id', idPattern: '^Q[1-9][0-9]{0,9}$',
    schema: RestItem, sections: [...TERM_SECTIONS, SITELINK_SECTION] },
  { path: 'properties', type: 'property', field: 'property', idParam: 'property_id', idPattern: '^P[1-9][0-9]{0,9}$',
    schema: RestProperty, sections: TERM_SECTIONS }
]
