/**
 * Synthetic multilingual items for the term-search benchmark: place-like names built from
 * German-looking syllables ("Berlingen", "Marburg", "Neuhausen"), so a prefix like "Berl" has
 * the share of matches real names give it (a few hundred per language, not all or none);
 * the same name in most languages (proper names are shared) with language-specific forms
 * ("Bahnhof X", "X station", "gare de X"), aliases on about a third of the labels, and
 * descriptions. Deterministic (seeded), so runs compare.
 */
import type { WikibaseEntity } from '../../plugin/changes/wikibase-entity.js'

const FIRST = ['ber', 'mar', 'ham', 'kir', 'wal', 'dor', 'lin', 'ros', 'fel', 'sch', 'neu', 'alt', 'hei', 'kön', 'mün', 'frei', 'stein', 'brand',
  'lüne', 'pots', 'dres', 'leip', 'augs', 'nürn', 'rott', 'weiß', 'ober', 'unter']
const MIDDLE = ['', '', '', 'en', 'el', 'in', 'er', 'ing', 'li', 'ha']
const LAST = ['lin', 'burg', 'berg', 'dorf', 'feld', 'hausen', 'heim', 'stadt', 'bach', 'au', 'ingen', 'lach', 'furt', 'mund', 'rode', 'tal',
  'brück', 'wald', 'see', 'hof', 'leben', 'sen', 'la', 'na']

/** Term languages with their share of labels (roughly Wikidata's order of the large ones). */
const LANGUAGES: Array<[string, number]> = [['en', 0.9], ['de', 0.6], ['fr', 0.45], ['es', 0.35], ['it', 0.3], ['nl', 0.3], ['pl', 0.2],
  ['sv', 0.2], ['pt', 0.15], ['ru', 0.12], ['ja', 0.08], ['ar', 0.05]]

/** Language forms of a name: [label, description] builders. */
const FORMS: Record<string, Array<[(n: string) => string, string]>> = {
  en: [[n => n, 'human settlement'], [n => `${n} station`, 'railway station'], [n => `University of ${n}`, 'university']],
  de: [[n => n, 'Ort in Deutschland'], [n => `Bahnhof ${n}`, 'Bahnhof'], [n => `Universität ${n}`, 'Hochschule']],
  fr: [[n => n, 'localité'], [n => `gare de ${n}`, 'gare ferroviaire'], [n => `université de ${n}`, 'université']],
  es: [[n => n, 'localidad'], [n => `estación de ${n}`, 'estación de ferrocarril'], [n => `Universidad de ${n}`, 'universidad']],
  it: [[n => n, 'centro abitato'], [n => `stazione di ${n}`, 'stazione ferroviaria'], [n => `Università di ${n}`, 'università']],
  nl: [[n => n, 'plaats'], [n => `station ${n}`, 'spoorwegstation'], [n => `Universiteit ${n}`, 'universiteit']],
  pl: [[n => n, 'miejscowość'], [n => `${n} (stacja kolejowa)`, 'stacja kolejowa'], [n => `Uniwersytet ${n}`, 'uczelnia']],
  sv: [[n => n, 'ort'], [n => `${n} station`, 'järnvägsstation'], [n => `${n}s universitet`, 'universitet']],
  pt: [[n => n, 'localidade'], [n => `estação de ${n}`, 'estação ferroviária'], [n => `Universidade de ${n}`, 'universidade']],
  ru: [[n => transliterate(n), 'населённый пункт'], [n => `${transliterate(n)} (станция)`, 'железнодорожная станция'], [n => `Университет ${transliterate(n)}`, 'университет']],
  ja: [[n => `${n}市`, '集落'], [n => `${n}駅`, '鉄道駅'], [n => `${n}大学`, '大学']],
  ar: [[n => n, 'مستوطنة'], [n => `محطة ${n}`, 'محطة قطار'], [n => `جامعة ${n}`, 'جامعة']]
}

const CYRILLIC: Record<string, string> = {
  a: 'а', b: 'б', c: 'ц', d: 'д', e: 'е', f: 'ф', g: 'г', h: 'х', i: 'и', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о', p: 'п', r: 'р', s: 'с', t: 'т', u: 'у', w: 'в', z: 'з', ü: 'ю', ö: 'ё', ß: 'сс'
}
function transliterate (name: string): string {
  return [...name].map(c => { const l = c.toLowerCase(); const t = CYRILLIC[l] ?? l; return c === l ? t : t.toUpperCase() }).join('')
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!

function placeName (random: () => number): string {
  const raw = pick(random, FIRST) + pick(random, MIDDLE) + pick(random, LAST)
  const name = raw[0]!.toUpperCase() + raw.slice(1)
  const r = random()
  return r < 0.08 ? `Bad ${name}` : r < 0.14 ? `${name} am See` : r < 0.18 ? `Neu-${name}` : name
}

export interface GeneratedItem { entity: WikibaseEntity, matchedTerms: number }

/** One item: a name, a form (place, station, university), labels/aliases/descriptions in a random set of languages. */
export function generateItem (random: () => number): GeneratedItem {
  const name = placeName(random)
  const form = Math.floor(random() * random() * 3) // places most often
  const labels: Record<string, { language: string, value: string }> = {}
  const descriptions: Record<string, { language: string, value: string }> = {}
  const aliases: Record<string, Array<{ language: string, value: string }>> = {}
  let matchedTerms = 0
  for (const [language, share] of LANGUAGES) {
    if (random() >= share) continue
    const [label, description] = FORMS[language]![form]!
    labels[language] = { language, value: label(name) }
    matchedTerms++
    if (random() < 0.5) descriptions[language] = { language, value: description }
    if (random() < 0.33) {
      const list = [name.toUpperCase().slice(0, 3), `${name} (${language})`, `Alt-${name}`].slice(0, 1 + Math.floor(random() * 3))
      aliases[language] = list.map(value => ({ language, value }))
      matchedTerms += list.length
    }
  }
  if (matchedTerms === 0) { labels.en = { language: 'en', value: name }; matchedTerms = 1 }
  return { entity: { type: 'item', labels, descriptions, aliases } as unknown as WikibaseEntity, matchedTerms }
}
