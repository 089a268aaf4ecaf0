import type { RecentChangeListing, RecentChangesQuery } from '../../hooks/contract.js'

/**
 * `queryRecentChanges` over rows held in memory (the test host's): the filters and the
 * order of hooks/contract.ts's RecentChangesQuery, as a host's SQL applies them —
 * `rc_timestamp` then `rc_id`, descending for `older`, ascending for `newer`.
 */
export function selectRecentChanges (rows: readonly RecentChangeListing[], query: RecentChangesQuery): RecentChangeListing[] {
  const sign = query.dir === 'older' ? -1 : 1
  const compare = (a: { timestamp: number, id: number }, b: { timestamp: number, id: number }): number =>
    sign * (a.timestamp - b.timestamp || a.id - b.id)
  const key = (row: RecentChangeListing): { timestamp: number, id: number } => ({ timestamp: row.rc_timestamp.getTime(), id: row.rc_id })
  const from = query.from === undefined ? undefined : { timestamp: query.from.timestamp.getTime(), id: query.from.id }
  // `start` is where the listing begins, `end` where it stops: for `older` start is the later time.
  const [earliest, latest] = query.dir === 'older' ? [query.end, query.start] : [query.start, query.end]
  return rows
    .filter(row => query.namespaces === undefined || query.namespaces.includes(row.rc_namespace))
    .filter(row => query.sources === undefined || query.sources.includes(row.rc_source))
    .filter(row => earliest === undefined || row.rc_timestamp >= earliest)
    .filter(row => latest === undefined || row.rc_timestamp <= latest)
    .filter(row => from === undefined || compare(key(row), from) >= 0)
    .sort((a, b) => compare(key(a), key(b)))
    .slice(0, query.limit)
}
