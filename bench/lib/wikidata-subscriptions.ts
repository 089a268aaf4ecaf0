/**
 * Which client wikis use which entity, drawn like Wikidata's usage: the number of wikis using
 * an entity follows a Zipf law over 1…wikis (exponent 2: about 60 % of entities on one wiki,
 * 85 % on at most three, a few on most), and the wikis are picked by size (a wiki's weight
 * 1/(rank+1)^0.7: big wikis use more entities). Seeded, so every run draws the same farm.
 */
import { prng } from './prng.js'

export interface Subscriptions {
  /** Per wiki (index), the entities it uses. */
  perWiki: string[][]
  /** Per entity, how many wikis use it. */
  wikisPerEntity: number[]
}

/** Draws from weights (unnormalised) with `random` in [0, 1). */
function draw (cumulative: readonly number[], random: number): number {
  const target = random * cumulative[cumulative.length - 1]!
  let lo = 0
  let hi = cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cumulative[mid]! > target) hi = mid; else lo = mid + 1
  }
  return lo
}

const cumulate = (weights: readonly number[]): number[] => { let sum = 0; return weights.map(w => (sum += w)) }

export function wikidataLikeSubscriptions (entities: readonly string[], wikis: number, exponent: number, seed: number): Subscriptions {
  const random = prng(seed)
  const countWeights = cumulate(Array.from({ length: wikis }, (_, k) => 1 / (k + 1) ** exponent))
  const wikiWeights = Array.from({ length: wikis }, (_, i) => 1 / (i + 1) ** 0.7)
  const perWiki: string[][] = Array.from({ length: wikis }, () => [])
  const wikisPerEntity: number[] = []
  for (const entity of entities) {
    const k = draw(countWeights, random()) + 1
    wikisPerEntity.push(k)
    // k distinct wikis by weight: draw, then take the drawn wiki out.
    const weights = [...wikiWeights]
    for (let j = 0; j < k; j++) {
      const w = draw(cumulate(weights), random())
      perWiki[w]!.push(entity)
      weights[w] = 0
    }
  }
  return { perWiki, wikisPerEntity }
}

/** Entities by number of using wikis, in buckets; and entities per wiki (min, median, max). */
export function distribution (s: Subscriptions): { wikisPerEntity: Record<string, number>, entitiesPerWiki: { min: number, median: number, max: number }, usages: number } {
  const buckets: Array<[string, number, number]> = [['1', 1, 1], ['2', 2, 2], ['3', 3, 3], ['4-10', 4, 10], ['11-50', 11, 50], ['51+', 51, Infinity]]
  const wikisPerEntity = Object.fromEntries(buckets.map(([name, lo, hi]) => [name, s.wikisPerEntity.filter(k => k >= lo && k <= hi).length]))
  const sizes = s.perWiki.map(e => e.length).sort((a, b) => a - b)
  return {
    wikisPerEntity,
    entitiesPerWiki: { min: sizes[0] ?? 0, median: sizes[Math.floor(sizes.length / 2)] ?? 0, max: sizes[sizes.length - 1] ?? 0 },
    usages: sizes.reduce((a, b) => a + b, 0)
  }
}
