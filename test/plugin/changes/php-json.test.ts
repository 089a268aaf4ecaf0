import { createHash } from 'node:crypto'
import t from 'tap'
import { phpJsonEncode } from '../../../plugin/changes/php-json.js'

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex')

t.test('ChangeHandler root job signatures hash exactly what PHP json_encode writes (facts §7.15c)', async t => {
  // Title batch: {pageId: [ns, dbKey]} sorted by page id.
  const titleBatch = new Map<number, [number, string]>([[101, [0, 'Page_No_101']], [102, [0, 'Page_No_102']]])
  t.equal(phpJsonEncode(titleBatch), '{"101":[0,"Page_No_101"],"102":[0,"Page_No_102"]}')
  t.equal(sha1(phpJsonEncode(titleBatch)), 'f0b873699a63c858667e54cd071f7d9209faeda1')

  // change-hash: the key-sorted fields of a change without id.
  const fields = { id: 0, info: { kittens: 13 }, objectid: 'Q100', time: '20121212121212', type: 'x~y' }
  t.equal(phpJsonEncode(fields), '{"id":0,"info":{"kittens":13},"objectid":"Q100","time":"20121212121212","type":"x~y"}')
  t.equal(sha1(phpJsonEncode(fields)), 'cadbb4899603593164f06a4754f597fdcb2c07b4')
})

t.test('strings are escaped as PHP does by default', async t => {
  const cases: Array<[string, string]> = [
    ['plain', '"plain"'],
    ['a/b', '"a\\/b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['\b\f\n\r\t', '"\\b\\f\\n\\r\\t"'],
    ['\u0000\u001f', '"\\u0000\\u001f"'],
    ['\u007f', '"\u007f"'],
    ['Münster', '"M\\u00fcnster"'],
    ['Вселенная', '"\\u0412\\u0441\\u0435\\u043b\\u0435\\u043d\\u043d\\u0430\\u044f"'],
    ['图书', '"\\u56fe\\u4e66"'],
    ['𝄞', '"\\ud834\\udd1e"'],
    ['😀!', '"\\ud83d\\ude00!"']
  ]
  for (const [input, expected] of cases) t.equal(phpJsonEncode(input), expected, JSON.stringify(input))
})

t.test('scalars and containers', async t => {
  const cases: Array<[unknown, string]> = [
    [null, 'null'],
    [true, 'true'],
    [false, 'false'],
    [0, '0'],
    [-17, '-17'],
    [1.5, '1.5'],
    [0.1, '0.1'],
    [1e25, '1.0e+25'],
    [1.5e-7, '1.5e-7'],
    [[], '[]'],
    [{}, '[]'], // an empty PHP array
    [[1, 'a', null], '[1,"a",null]'],
    [{ 0: 'a', 1: 'b' }, '["a","b"]'], // keys 0…n-1 make a PHP list
    [{ 1: 'a' }, '{"1":"a"}'],
    [{ a: { b: [] } }, '{"a":{"b":[]}}'],
    [{ a: undefined, b: 1 }, '{"b":1}'],
    [new Map([['b', 1], ['a', 2]]), '{"b":1,"a":2}']
  ]
  for (const [input, expected] of cases) t.equal(phpJsonEncode(input), expected, expected)
})

t.test('values PHP cannot encode are errors naming where they are', async t => {
  t.throws(() => phpJsonEncode({ a: [Number.NaN] }), { name: 'PhpJsonEncodeError', message: /\$\.a\[0\].*NaN/ })
  t.throws(() => phpJsonEncode({ s: 'x\ud800' }), { name: 'PhpJsonEncodeError', message: /lone high surrogate/ })
  t.throws(() => phpJsonEncode('\udc00'), { name: 'PhpJsonEncodeError', message: /lone low surrogate/ })
  t.throws(() => phpJsonEncode(() => 1), { name: 'PhpJsonEncodeError', message: /function has no JSON form/ })
})
