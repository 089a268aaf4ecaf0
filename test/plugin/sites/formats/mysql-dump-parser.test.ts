import t from 'tap'
import { parseMysqlDump, tableRecords } from '../../../../plugin/sites/formats/mysql-dump-parser.js'

t.test('MySQL string escapes, introducers, hex, numbers and NULL', async t => {
  const dump = String.raw`INSERT INTO t VALUES ('a\'b','a''b','\0','\n\r\t\b','\Z','\\','\%\_','\x','dq\"',"double ""quoted""",_binary 'bin',0x6869,X'C3A4',NULL,-3,2.5,1e3,TRUE,FALSE,'',';),(');`
  const table = parseMysqlDump(dump).get('t')!
  t.strictSame(table.inserts, [{
    columns: null,
    rows: [{
      line: 1,
      values: ["a'b", "a'b", '\0', '\n\r\t\b', '\x1A', '\\', '\\%\\_', 'x', 'dq"', 'double "quoted"', 'bin', 'hi', 'ä', null, -3, 2.5, 1000, 1, 0, '', ';),(']
    }]
  }])
})

t.test('a mysqldump: CREATE TABLE columns, comments and other statements skipped, rows of every INSERT', async t => {
  const dump = [
    '-- MySQL dump 10.13',
    '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;',
    '# a hash comment; with a semicolon',
    'DROP TABLE IF EXISTS `sites`;',
    'CREATE TABLE `sites` (',
    '  `site_id` int(10) unsigned NOT NULL AUTO_INCREMENT,',
    '  `site_global_key` varbinary(32) NOT NULL,',
    "  `site_note` varchar(10) NOT NULL DEFAULT 'a,b',",
    '  PRIMARY KEY (`site_id`),',
    '  UNIQUE KEY `sites_global_key` (`site_global_key`),',
    '  KEY `sites_type` (`site_type`)',
    ') ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=binary;',
    'LOCK TABLES `sites` WRITE;',
    '/*!40000 ALTER TABLE `sites` DISABLE KEYS */;',
    "INSERT INTO `sites` VALUES (1,'aawiki','x /* not a comment */'),",
    "(2,'abwiki','-- nor this');",
    "INSERT IGNORE INTO `wikidatawiki`.`sites` (`site_global_key`, site_id, `site_note`) VALUES ('acewiki',3,'');",
    'UNLOCK TABLES;',
    "INSERT INTO `page` VALUES (1,'Main_Page')"
  ].join('\n')
  const tables = parseMysqlDump(dump)
  t.strictSame([...tables.keys()], ['sites', 'page'])
  const sites = tables.get('sites')!
  t.strictSame(sites.columns, ['site_id', 'site_global_key', 'site_note'], 'columns of CREATE TABLE, not its keys')
  t.strictSame(tableRecords(sites, []), [
    { line: 15, record: { site_id: 1, site_global_key: 'aawiki', site_note: 'x /* not a comment */' } },
    { line: 16, record: { site_id: 2, site_global_key: 'abwiki', site_note: '-- nor this' } },
    { line: 17, record: { site_global_key: 'acewiki', site_id: 3, site_note: '' } }
  ], 'an INSERT with its own column list and a db-qualified table name')
  t.strictSame(tableRecords(tables.get('page')!, ['page_id', 'page_title']), [{ line: 19, record: { page_id: 1, page_title: 'Main_Page' } }],
    'without CREATE TABLE the known schema names the columns; the last statement needs no ";"')
})

t.test('a row of the wrong width, or a dump that stops making sense, is an error with line and column', async t => {
  const table = parseMysqlDump('INSERT INTO `x` VALUES (1,2),(3);').get('x')!
  t.throws(() => tableRecords(table, ['a', 'b']), { name: 'MysqlDumpError', message: 'line 1, column 1: a row of `x` has 1 values for 2 columns (a, b)' })

  const cases: Array<[string, string]> = [
    ["INSERT INTO t VALUES ('abc", "line 1, column 23: string '… is not closed"],
    ['INSERT INTO t VALUES (1,2', 'line 1, column 25: INSERT INTO `t`: expected "," or ")" after a value'],
    ['INSERT INTO t VALUES (1)\n(2);', 'line 2, column 1: INSERT INTO `t`: expected "," or ";" after a row'],
    ['INSERT INTO t VALUES (foo);', 'line 1, column 23: unexpected foo where a value belongs'],
    ['INSERT INTO t VALUES (0x4);', 'line 1, column 23: hex literal 4 is not whole bytes'],
    ['INSERT INTO t VALUES (0xC3);', 'line 1, column 23: hex literal is not UTF-8 text'],
    ['INSERT INTO t VALUES (-);', 'line 1, column 23: expected a number after "-"'],
    ['INSERT INTO t VALUES (12345678901234567890);', 'line 1, column 23: number 12345678901234567890 cannot be read exactly'],
    ['INSERT INTO t SET a = 1;', 'line 1, column 15: INSERT INTO `t`: expected VALUES'],
    ['INSERT INTO t (a, 1) VALUES (1, 2);', 'line 1, column 19: expected a column name in the INSERT column list'],
    ['CREATE TABLE t (a int;', 'line 1, column 19: CREATE TABLE `t`: no closing ")"'],
    ['/* never closed', 'line 1, column 1: comment /* … is not closed'],
    ['INSERT INTO `t', 'line 1, column 13: identifier `… is not closed']
  ]
  for (const [dump, message] of cases) t.throws(() => parseMysqlDump(dump), { name: 'MysqlDumpError', message }, dump)
})
