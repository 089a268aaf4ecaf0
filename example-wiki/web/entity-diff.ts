import { escapeHtml } from '../engine/wikitext-renderer.js'
import { snakValueHtml, type Snak, type ValueHtmlContext } from './entity-value-html.js'

/**
 * The rows of an entity diff as Wikibase's EntityDiffVisualizer shows them (the `?diff=`
 * view of an entity page): one row per changed label, description or alias list
 * (`label / en`), sitelink title or badges (`links / enwiki / name`) and statement
 * (`Property / P17`), with the old and the new value as HTML — empty for an addition or a
 * removal. Works on the canonical JSON (Special:EntityData) of the two revisions.
 */
export interface CanonicalEntity {
  labels?: Record<string, { value: string }>
  descriptions?: Record<string, { value: string }>
  aliases?: Record<string, Array<{ value: string }>>
  sitelinks?: Record<string, { title: string, badges?: string[] }>
  claims?: Record<string, Array<{ id: string, rank?: string, mainsnak: Snak, qualifiers?: Record<string, Snak[]> }>>
}

export interface DiffRow { key: string, oldHtml: string, newHtml: string }

function keysOf (...maps: Array<Record<string, unknown> | undefined>): string[] {
  return [...new Set(maps.flatMap(m => Object.keys(m ?? {})))].sort()
}

function termRows (name: string, before: Record<string, { value: string }> | undefined, after: Record<string, { value: string }> | undefined): DiffRow[] {
  return keysOf(before, after).flatMap(language => {
    const was = before?.[language]?.value ?? ''
    const now = after?.[language]?.value ?? ''
    return was === now ? [] : [{ key: `${name} / ${language}`, oldHtml: escapeHtml(was), newHtml: escapeHtml(now) }]
  })
}

export function entityDiffRows (before: CanonicalEntity, after: CanonicalEntity, context: ValueHtmlContext): DiffRow[] {
  const rows = [...termRows('label', before.labels, after.labels), ...termRows('description', before.descriptions, after.descriptions)]
  for (const language of keysOf(before.aliases, after.aliases)) {
    const was = (before.aliases?.[language] ?? []).map(a => a.value).join(' | ')
    const now = (after.aliases?.[language] ?? []).map(a => a.value).join(' | ')
    if (was !== now) rows.push({ key: `aliases / ${language}`, oldHtml: escapeHtml(was), newHtml: escapeHtml(now) })
  }
  for (const site of keysOf(before.sitelinks, after.sitelinks)) {
    const was = before.sitelinks?.[site]
    const now = after.sitelinks?.[site]
    if ((was?.title ?? '') !== (now?.title ?? '')) {
      rows.push({ key: `links / ${site} / name`, oldHtml: escapeHtml(was?.title ?? ''), newHtml: escapeHtml(now?.title ?? '') })
    }
    const badges = (link: typeof was): string => (link?.badges ?? []).map(id => escapeHtml(context.labelOf(id) ?? id)).join(', ')
    if (badges(was) !== badges(now)) rows.push({ key: `links / ${site} / badges`, oldHtml: badges(was), newHtml: badges(now) })
  }
  const statements = (entity: CanonicalEntity): Map<string, { property: string, html: string }> =>
    new Map(Object.entries(entity.claims ?? {}).flatMap(([property, list]) =>
      list.map(s => [s.id, { property, html: statementHtml(s, context) }] as const)))
  const was = statements(before)
  const now = statements(after)
  for (const guid of [...new Set([...was.keys(), ...now.keys()])]) {
    const a = was.get(guid)
    const b = now.get(guid)
    if (a?.html === b?.html) continue
    const property = (b ?? a)!.property
    rows.push({ key: `Property / ${escapeHtml(context.labelOf(property) ?? property)}`, oldHtml: a?.html ?? '', newHtml: b?.html ?? '' })
  }
  return rows
}

function statementHtml (statement: { rank?: string, mainsnak: Snak, qualifiers?: Record<string, Snak[]> }, context: ValueHtmlContext): string {
  const qualifiers = Object.entries(statement.qualifiers ?? {}).map(([property, snaks]) =>
    `${escapeHtml(context.labelOf(property) ?? property)}: ${snaks.map(snak => snakValueHtml(snak, context)).join(', ')}`)
  const rank = statement.rank === undefined || statement.rank === 'normal' ? '' : ` <small>(${escapeHtml(statement.rank)} rank)</small>`
  return `${snakValueHtml(statement.mainsnak, context)}${rank}${qualifiers.length > 0 ? `<br><small>${qualifiers.join('<br>')}</small>` : ''}`
}

/** The entity ids the rows need labels of. */
export function entityIdsOfDiff (before: CanonicalEntity, after: CanonicalEntity): string[] {
  const ids: string[] = []
  for (const entity of [before, after]) {
    for (const link of Object.values(entity.sitelinks ?? {})) ids.push(...(link.badges ?? []))
    for (const [property, list] of Object.entries(entity.claims ?? {})) {
      ids.push(property)
      for (const s of list) {
        const value = s.mainsnak.datavalue
        if (value?.type === 'wikibase-entityid' && typeof value.value?.id === 'string') ids.push(value.value.id)
        ids.push(...Object.keys(s.qualifiers ?? {}))
      }
    }
  }
  return ids
}
