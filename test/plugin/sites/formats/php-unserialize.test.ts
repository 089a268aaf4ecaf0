import t from 'tap'
import { phpUnserialize, type PhpJson } from '../../../../plugin/sites/formats/php-unserialize.js'

t.test('PHP values as json_encode would give them', async t => {
  const cases: Array<[string, PhpJson]> = [
    ['N;', null],
    ['b:1;', true],
    ['b:0;', false],
    ['i:-42;', -42],
    ['d:0.5;', 0.5],
    ['d:-1.5E-3;', -0.0015],
    ['s:5:"paths";', 'paths'],
    ['s:0:"";', ''],
    ['s:5:"Köln";', 'Köln'],
    ['s:4:"a";b";', 'a";b'],
    ['a:0:{}', {}],
    ['a:2:{i:0;s:1:"x";i:1;s:1:"y";}', ['x', 'y']],
    ['a:2:{i:1;s:1:"x";i:0;s:1:"y";}', { 1: 'x', 0: 'y' }],
    ['a:2:{s:1:"a";a:0:{}s:1:"b";a:1:{i:0;b:1;}}', { a: {}, b: [true] }],
    ['a:1:{s:5:"paths";a:2:{s:9:"file_path";s:23:"//en.wikipedia.org/w/$1";s:9:"page_path";s:26:"//en.wikipedia.org/wiki/$1";}}',
      { paths: { file_path: '//en.wikipedia.org/w/$1', page_path: '//en.wikipedia.org/wiki/$1' } }]
  ]
  for (const [serialized, expected] of cases) t.strictSame(phpUnserialize(serialized), { value: expected, warnings: [] }, serialized)
})

t.test('a string whose declared byte length is wrong is read up to its closing quote, with a warning', async t => {
  // Row 1 (aawiki) of the 2014 wikidatawiki sites dump: "http:" was put in front without fixing the lengths.
  t.strictSame(phpUnserialize('a:1:{s:9:"file_path";s:23:"http://aa.wikipedia.org/w/$1";}'), {
    value: { file_path: 'http://aa.wikipedia.org/w/$1' },
    warnings: ['string at byte 21 declares 23 bytes but holds 28 up to its closing quote; read as "http://aa.wikipedia.org/w/$1"']
  })
  t.strictSame(phpUnserialize('s:9:"Köln";'), {
    value: 'Köln',
    warnings: ['string at byte 0 declares 9 bytes but holds 5 up to its closing quote; read as "Köln"']
  }, 'declared too long')
})

t.test('what unserialize cannot take is an error naming it and its byte offset', async t => {
  const cases: Array<[string, string]> = [
    ['O:8:"stdClass":0:{}', 'PHP objects are not supported at byte 0'],
    ['a:1:{i:0;r:1;}', 'PHP references are not supported at byte 9'],
    ['s:10:"abc', 'string of 10 bytes is not closed by "; at byte 0'],
    ['a:2:{i:0;s:1:"x";}', 'array declared with 2 elements has 1 at byte 17'],
    ['a:1:{i:0;s:1:"x";i:1;s:1:"y";}', 'array declared with 1 elements has more at byte 17'],
    ['a:2:{s:1:"k";i:1;s:1:"k";i:2;}', 'array has the key "k" twice at byte 0'],
    ['a:1:{a:0:{}i:1;}', 'array key is neither an integer nor a string at byte 5'],
    ['i:12x;', 'integer i:12x is not a number at byte 0'],
    ['i:99999999999999999999;', 'integer 99999999999999999999 is beyond ±2^53 at byte 0'],
    ['d:INF;', 'float d:INF is not a finite number at byte 0'],
    ['b:2;', 'boolean b:2 is neither 0 nor 1 at byte 0'],
    ['s:-1:"";', 'length "-1" is not a non-negative integer at byte 2'],
    ['x:1;', 'unknown type "x" at byte 0'],
    ['a:0:{}junk', 'trailing data after the value at byte 6'],
    ['', 'unexpected end of data at byte 0']
  ]
  for (const [serialized, message] of cases) t.throws(() => phpUnserialize(serialized), { name: 'PhpUnserializeError', message }, JSON.stringify(serialized))
})
