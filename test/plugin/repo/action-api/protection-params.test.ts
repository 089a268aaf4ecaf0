import t from 'tap'
import { expiriesFor, formatExpiry, parseExpiry, parseProtection } from '../../../../plugin/repo/action-api/protection-params.js'

const NOW = new Date('2026-12-03T13:00:00.250Z')

t.test('parseExpiry: what ApiProtect accepts, as an expiry or its error', async t => {
  const cases: Array<[string, Date | null | 'invalidexpiry' | 'pastexpiry']> = [
    ['infinite', null],
    ['indefinite', null],
    ['infinity', null],
    ['never', null],
    [' never ', null],
    ['Never', 'invalidexpiry'],
    ['20261204000000', new Date('2026-12-04T00:00:00Z')],
    ['20261304000000', 'invalidexpiry'],
    ['20261204250000', 'invalidexpiry'],
    ['2026-12-04', new Date('2026-12-04T00:00:00Z')],
    ['2026-12-04T10:11:12Z', new Date('2026-12-04T10:11:12Z')],
    ['2026-12-04T10:11:12.999Z', new Date('2026-12-04T10:11:12Z')],
    ['2026-12-04 10:11', new Date('2026-12-04T10:11:00Z')],
    ['2026-12-04T10:11:12+02:00', new Date('2026-12-04T08:11:12Z')],
    ['2026-12-04T10:11:12+0200', new Date('2026-12-04T08:11:12Z')],
    ['2027-02-30', new Date('2027-03-02T00:00:00Z')],
    ['2026-13-01', 'invalidexpiry'],
    ['1 week', new Date('2026-12-10T13:00:00Z')],
    ['+3 days', new Date('2026-12-06T13:00:00Z')],
    ['2 hours', new Date('2026-12-03T15:00:00Z')],
    ['1 month', new Date('2027-01-03T13:00:00Z')],
    ['1 year', new Date('2027-12-03T13:00:00Z')],
    ['0 seconds', new Date('2026-12-03T13:00:00Z')],
    ['2026-12-03T13:00:00Z', new Date('2026-12-03T13:00:00Z')],
    ['2026-12-03T12:59:59Z', 'pastexpiry'],
    ['2001-01-01', 'pastexpiry'],
    ['tomorrow-ish', 'invalidexpiry'],
    ['', 'invalidexpiry'],
    ['-1 week', 'invalidexpiry']
  ]
  for (const [text, expected] of cases) {
    const result = parseExpiry(text, NOW)
    t.same(result, typeof expected === 'string' ? { error: expected } : { expiry: expected }, JSON.stringify(text))
  }
})

t.test('formatExpiry: ApiResult::formatExpiry', async t => {
  t.equal(formatExpiry(null), 'infinite')
  t.equal(formatExpiry(new Date('2099-01-02T03:04:05Z')), '2099-01-02T03:04:05Z')
})

t.test('parseProtection: type=level, all lifts', async t => {
  const cases: Array<[string, { type: string, level: string, given: string }]> = [
    ['edit=sysop', { type: 'edit', level: 'sysop', given: 'sysop' }],
    ['move=all', { type: 'move', level: '', given: 'all' }],
    ['edit', { type: 'edit', level: '', given: '' }],
    ['edit=', { type: 'edit', level: '', given: '' }],
    ['=sysop', { type: '', level: 'sysop', given: 'sysop' }],
    ['edit=sysop=x', { type: 'edit', level: 'sysop', given: 'sysop' }]
  ]
  for (const [entry, expected] of cases) t.same(parseProtection(entry), expected, entry)
})

t.test('expiriesFor: one for all, one each, else null (toofewexpiries)', async t => {
  t.same(expiriesFor(['infinite'], 2), ['infinite', 'infinite'])
  t.same(expiriesFor(['a', 'b'], 2), ['a', 'b'])
  t.same(expiriesFor(['infinite'], 0), [])
  t.equal(expiriesFor(['a', 'b'], 3), null)
  t.equal(expiriesFor([], 1), null)
})
