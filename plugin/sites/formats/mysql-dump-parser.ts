import { at, isPunct, isWord, lineOf, lineStarts, statements, type Fail, type Token } from './mysql-dump-lexer.js'

/**
 * The table rows of a mysqldump file, read without a database: the columns named by each
 * `CREATE TABLE` and the rows of each `INSERT`/`REPLACE … VALUES (…), (…);`. Comments
 * (`-- `, `#`, `/* … *\/` including mysqldump's `/*!40101 … *\/` version comments) and every
 * other statement (SET, DROP, LOCK, ALTER … KEYS) are skipped.
 *
 * Values: quoted strings with MySQL's escapes (`\0 \' \" \b \n \r \t \Z \\`, `\%` and `\_`
 * kept with their backslash, any other `\x` → `x`, and a doubled quote), optionally with a
 * charset introducer (`_binary '…'`); hex literals (`0x…`, `X'…'`, read as UTF-8 text);
 * numbers; NULL, TRUE and FALSE.
 */
export type SqlValue = string | number | null

export interface DumpRow {
  /** 1-based line of the row's opening parenthesis. */
  line: number
  values: SqlValue[]
}

export interface DumpInsert {
  /** The INSERT's own column list, or null when it has none. */
  columns: string[] | null
  rows: DumpRow[]
}

export interface DumpTable {
  name: string
  /** Columns of the dump's CREATE TABLE, in order; null when the dump has none for the table. */
  columns: string[] | null
  inserts: DumpInsert[]
}

/** Where the dump stops making sense. */
export class MysqlDumpError extends Error {
  constructor (readonly line: number, readonly column: number, readonly reason: string) {
    super(`line ${line}, column ${column}: ${reason}`)
    this.name = 'MysqlDumpError'
  }
}

/** Tables by name (the part after any `db.`), in the order the dump first names them. */
export function parseMysqlDump (text: string): Map<string, DumpTable> {
  const lines = lineStarts(text)
  const fail = (at: number, reason: string): never => {
    const line = lineOf(lines, at)
    throw new MysqlDumpError(line + 1, at - lines[line]! + 1, reason)
  }
  const tables = new Map<string, DumpTable>()
  const table = (name: string): DumpTable => {
    let found = tables.get(name)
    if (found === undefined) {
      found = { name, columns: null, inserts: [] }
      tables.set(name, found)
    }
    return found
  }
  for (const statement of statements(text, fail)) {
    const first = statement[0]
    if (first?.kind !== 'word') continue
    const verb = first.text.toUpperCase()
    if (verb === 'INSERT' || verb === 'REPLACE') {
      const { name, insert } = readInsert(statement, fail)
      table(name).inserts.push({ ...insert, rows: insert.rows.map(row => ({ line: lineOf(lines, row.at) + 1, values: row.values })) })
    } else if (verb === 'CREATE' && isWord(statement[1], 'TABLE')) {
      const { name, columns } = readCreateTable(statement, fail)
      table(name).columns = columns
    }
  }
  return tables
}

/**
 * The rows of a table as records, column names taken from the INSERT, else the dump's
 * CREATE TABLE, else `fallback` (the table's known schema). A row whose length does not
 * match its columns is an error.
 */
export function tableRecords (table: DumpTable, fallback: readonly string[]): Array<{ line: number, record: Record<string, SqlValue> }> {
  const records: Array<{ line: number, record: Record<string, SqlValue> }> = []
  for (const insert of table.inserts) {
    const columns = insert.columns ?? table.columns ?? fallback
    for (const row of insert.rows) {
      if (row.values.length !== columns.length) {
        throw new MysqlDumpError(row.line, 1,
          `a row of \`${table.name}\` has ${row.values.length} values for ${columns.length} columns (${columns.join(', ')})`)
      }
      records.push({ line: row.line, record: Object.fromEntries(columns.map((column, i) => [column, row.values[i]!])) })
    }
  }
  return records
}

function readInsert (tokens: Token[], fail: Fail): { name: string, insert: { columns: string[] | null, rows: Array<{ at: number, values: SqlValue[] }> } } {
  let i = 1
  while (['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE'].some(w => isWord(tokens[i], w))) i++
  if (isWord(tokens[i], 'INTO')) i++
  const { name, next } = readTableName(tokens, i, fail)
  i = next
  let columns: string[] | null = null
  if (isPunct(tokens[i], '(')) {
    columns = []
    i++
    for (;;) {
      const column = tokens[i]
      if (column?.kind !== 'ident' && column?.kind !== 'word') return fail(at(tokens, i), 'expected a column name in the INSERT column list')
      columns.push(column.text)
      i++
      if (isPunct(tokens[i], ')')) { i++; break }
      if (!isPunct(tokens[i], ',')) return fail(at(tokens, i), 'expected "," or ")" in the INSERT column list')
      i++
    }
  }
  if (!isWord(tokens[i], 'VALUES') && !isWord(tokens[i], 'VALUE')) return fail(at(tokens, i), `INSERT INTO \`${name}\`: expected VALUES`)
  i++
  const rows: Array<{ at: number, values: SqlValue[] }> = []
  for (;;) {
    if (!isPunct(tokens[i], '(')) return fail(at(tokens, i), `INSERT INTO \`${name}\`: expected "(" to start a row`)
    const rowAt = tokens[i]!.at
    i++
    const values: SqlValue[] = []
    for (;;) {
      const { value, next: after } = readValue(tokens, i, fail)
      values.push(value)
      i = after
      if (isPunct(tokens[i], ')')) { i++; break }
      if (!isPunct(tokens[i], ',')) return fail(at(tokens, i), `INSERT INTO \`${name}\`: expected "," or ")" after a value`)
      i++
    }
    rows.push({ at: rowAt, values })
    if (i >= tokens.length) break
    if (!isPunct(tokens[i], ',')) {
      if (isWord(tokens[i], 'ON')) break // ON DUPLICATE KEY UPDATE …: the rows are all read
      return fail(at(tokens, i), `INSERT INTO \`${name}\`: expected "," or ";" after a row`)
    }
    i++
  }
  return { name, insert: { columns, rows } }
}

function readValue (tokens: Token[], i: number, fail: Fail): { value: SqlValue, next: number } {
  const token = tokens[i]
  if (token === undefined) return fail(at(tokens, i), 'expected a value')
  if (token.kind === 'punct' && (token.text === '-' || token.text === '+')) {
    const number = tokens[i + 1]
    if (number?.kind !== 'number') return fail(token.at, `expected a number after "${token.text}"`)
    return { value: toNumber(token.text + number.text, token.at, fail), next: i + 2 }
  }
  if (token.kind === 'number') {
    if (/^0x/i.test(token.text)) return { value: hexText(token.text.slice(2), token.at, fail), next: i + 1 }
    return { value: toNumber(token.text, token.at, fail), next: i + 1 }
  }
  if (token.kind === 'word') {
    const word = token.text.toUpperCase()
    if (word === 'NULL') return { value: null, next: i + 1 }
    if (word === 'TRUE' || word === 'FALSE') return { value: word === 'TRUE' ? 1 : 0, next: i + 1 }
    const quoted = tokens[i + 1]
    if (word === 'X' && quoted?.kind === 'string' && quoted.at === token.at + 1) return { value: hexText(quoted.text, quoted.at, fail), next: i + 2 }
    if (word.startsWith('_') && quoted?.kind === 'string') return { value: quoted.text, next: i + 2 } // charset introducer: _binary '…'
    return fail(token.at, `unexpected ${token.text} where a value belongs`)
  }
  if (token.kind === 'string') return { value: token.text, next: i + 1 }
  return fail(token.at, `unexpected ${JSON.stringify(token.text)} where a value belongs`)
}

function readCreateTable (tokens: Token[], fail: Fail): { name: string, columns: string[] } {
  let i = 2
  if (isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'NOT') && isWord(tokens[i + 2], 'EXISTS')) i += 3
  const { name, next } = readTableName(tokens, i, fail)
  i = next
  if (!isPunct(tokens[i], '(')) return fail(at(tokens, i), `CREATE TABLE \`${name}\`: expected "("`)
  const columns: string[] = []
  const notColumns = new Set(['PRIMARY', 'KEY', 'UNIQUE', 'INDEX', 'CONSTRAINT', 'FULLTEXT', 'SPATIAL', 'FOREIGN', 'CHECK'])
  let depth = 0
  let startOfDefinition = true
  for (i++; i < tokens.length; i++) {
    const token = tokens[i]!
    if (depth === 0 && startOfDefinition) {
      if (token.kind === 'ident' || (token.kind === 'word' && !notColumns.has(token.text.toUpperCase()))) columns.push(token.text)
      startOfDefinition = false
    }
    if (isPunct(token, '(')) depth++
    else if (isPunct(token, ')')) {
      if (depth === 0) return { name, columns }
      depth--
    } else if (depth === 0 && isPunct(token, ',')) startOfDefinition = true
  }
  return fail(at(tokens, i), `CREATE TABLE \`${name}\`: no closing ")"`)
}

function readTableName (tokens: Token[], i: number, fail: Fail): { name: string, next: number } {
  let token = tokens[i]
  if (token?.kind !== 'ident' && token?.kind !== 'word') return fail(at(tokens, i), 'expected a table name')
  // `db`.`table`: the table is the last part
  while (isPunct(tokens[i + 1], '.') && (tokens[i + 2]?.kind === 'ident' || tokens[i + 2]?.kind === 'word')) {
    i += 2
    token = tokens[i]!
  }
  return { name: token.text, next: i + 1 }
}

function hexText (hex: string, at: number, fail: Fail): string {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) return fail(at, `hex literal ${hex.slice(0, 20)} is not whole bytes`)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(hex, 'hex'))
  } catch {
    return fail(at, 'hex literal is not UTF-8 text')
  }
}

function toNumber (text: string, at: number, fail: Fail): number {
  const n = Number(text)
  if (!Number.isFinite(n) || (/^[+-]?\d+$/.test(text) && !Number.isSafeInteger(n))) return fail(at, `number ${text} cannot be read exactly`)
  return n
}
