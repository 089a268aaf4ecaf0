import Value from 'typebox/value'
import type { TSchema } from 'typebox'

export interface SchemaProblem {
  /** Dotted path of the offending value, e.g. `worker.concurrency`; '' for the root. */
  path: string
  message: string
}

type ValueError = ReturnType<typeof Value.Errors>[number]

/**
 * TypeBox reports one error per failed union branch plus the union itself; a user wants
 * one line per wrong value, so keep the most telling error for each path.
 */
export function schemaProblems (schema: TSchema, value: unknown): SchemaProblem[] {
  const byPath = new Map<string, ValueError>()
  for (const error of Value.Errors(schema, value)) {
    if (error.keyword === 'boolean') continue // duplicate of additionalProperties
    const path = errorPath(error)
    const seen = byPath.get(path)
    if (seen === undefined || rank(error) > rank(seen)) byPath.set(path, error)
  }
  return [...byPath.entries()].map(([path, error]) => ({ path, message: describe(error) }))
}

function errorPath (error: ValueError): string {
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.')
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperties?: string[] }).additionalProperties?.[0]
    return path === '' ? String(extra) : `${path}.${String(extra)}`
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { requiredProperties?: string[] }).requiredProperties?.[0]
    return path === '' ? String(missing) : `${path}.${String(missing)}`
  }
  return path
}

function rank (error: ValueError): number {
  if (error.keyword === 'anyOf' || error.keyword === 'enum') return 2
  if (error.keyword === 'const') return 0
  return 1
}

function describe (error: ValueError): string {
  switch (error.keyword) {
    case 'additionalProperties': return 'is unknown (not allowed here)'
    case 'required': return 'is required'
    case 'anyOf': return 'has none of the allowed forms'
    default: return error.message
  }
}

export function formatProblems (problems: SchemaProblem[]): string[] {
  return problems.map(p => `${p.path === '' ? 'value' : p.path} ${p.message}`)
}
