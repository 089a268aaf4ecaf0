import type { TSchema } from 'typebox'
import { Aliases, Labels, RestItem, RestProperty, Sitelinks } from './rest-entity-shape.js'

/**
 * The entity kinds of the REST API and the map-shaped sections each has: labels,
 * descriptions and aliases (by language) for both, sitelinks (by site) for items. The routes
 * of one entry of a section are term-routes.ts, alias-routes.ts and sitelink-routes.ts.
 */
export interface RestEntitySection {
  name: 'labels' | 'descriptions' | 'aliases' | 'sitelinks'
  /** The schema of the whole map. */
  map: TSchema
}

export interface RestEntityKind {
  path: 'items' | 'properties'
  type: 'item' | 'property'
  field: 'item' | 'property'
  /** The path parameter of the entity id, as the spec names it. */
  idParam: 'item_id' | 'property_id'
  /** The spec's pattern of that parameter (components/parameters ItemId, PropertyId). */
  idPattern: string
  schema: TSchema
  sections: RestEntitySection[]
}

const TERM_SECTIONS: RestEntitySection[] = [
  { name: 'labels', map: Labels },
  { name: 'descriptions', map: Labels },
  { name: 'aliases', map: Aliases }
]

export const REST_KINDS: RestEntityKind[] = [
  {
    path: 'items',
    type: 'item',
    field: 'item',
    idParam: 'item_id',
    idPattern: '^Q[1-9][0-9]{0,9}$',
    schema: RestItem,
    sections: [...TERM_SECTIONS, { name: 'sitelinks', map: Sitelinks }]
  },
  {
    path: 'properties',
    type: 'property',
    field: 'property',
    idParam: 'property_id',
    idPattern: '^P[1-9][0-9]{0,9}$',
    schema: RestProperty,
    sections: TERM_SECTIONS
  }
]
