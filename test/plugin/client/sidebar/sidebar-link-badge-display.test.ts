import t from 'tap'
import { badgeInfo, escapeClass } from '../../../../plugin/client/sidebar/sidebar-link-badge-display.js'

// Cases after Wikibase's SidebarLinkBadgeDisplayTest: classes for every badge, labels only for named ones.
const LABELS: Record<string, string> = { Q3: 'Featured article', Q4: 'Good article' }
const labelOf = async (id: string): Promise<string | null> => LABELS[id] ?? null

t.test('badge info: classes and labels as SidebarLinkBadgeDisplay::getBadgeInfo', async t => {
  const cases: Array<[string, string[], Record<string, string>, { class: string, label: string }]> = [
    ['no badges', [], { Q3: 'featured' }, { class: '', label: '' }],
    ['badge not named: class only', ['Q3'], {}, { class: 'badge-Q3', label: '' }],
    ['named badge: its class and label', ['Q3'], { Q3: 'featured' }, { class: 'badge-Q3 featured', label: 'Featured article' }],
    ['two named badges: labels comma-listed', ['Q4', 'Q3'], { Q3: 'featured', Q4: 'good' }, { class: 'badge-Q4 good badge-Q3 featured', label: 'Good article, Featured article' }],
    ['named badge without a label: class, no title', ['Q9'], { Q9: 'nine' }, { class: 'badge-Q9 nine', label: '' }],
    ['class names escaped', ['Q3'], { Q3: 'a b"<c>' }, { class: 'badge-Q3 a_b_c', label: 'Featured article' }],
    ['inherited keys are not class names', ['Q3'], Object.create({ Q3: 'x' }) as Record<string, string>, { class: 'badge-Q3', label: '' }]
  ]
  for (const [name, badges, classNames, expected] of cases) t.same(await badgeInfo(badges, classNames, labelOf), expected, name)
})

t.test('escapeClass as Sanitizer::escapeClass', async t => {
  const cases: Array<[string, string]> = [['featured', 'featured'], ['1abc', '_abc'], ['-x', '_x'], ['a  b', 'a_b'], ['a.b:c', 'a_b_c'], ['end!', 'end'], ['a-b_c', 'a-b_c']]
  for (const [input, expected] of cases) t.equal(escapeClass(input), expected, input)
})
