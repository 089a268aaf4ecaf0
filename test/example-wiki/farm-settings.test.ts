import t from 'tap'
import { farmSettings } from '../../example-wiki/farm-settings.js'

t.test('the farm reads these variables, with these defaults', async t => {
  t.same(farmSettings({}), { basePort: 8080, postgresPort: 54329, dataDir: undefined, databaseUrl: undefined, logLevel: 'warn' })
  t.same(farmSettings({ EXAMPLE_PORT: '9000', EXAMPLE_PG_PORT: '6000', EXAMPLE_DATA_DIR: '/var/tmp/farm', DATABASE_URL: 'postgres://h/db', LOG_LEVEL: 'info' }),
    { basePort: 9000, postgresPort: 6000, dataDir: '/var/tmp/farm', databaseUrl: 'postgres://h/db', logLevel: 'info' })
  t.same(farmSettings({ EXAMPLE_PORT: ' ', DATABASE_URL: '', LOG_LEVEL: '' }), farmSettings({}), 'empty means unset')
  t.equal(farmSettings({ EXAMPLE_PORT: '65532' }).basePort, 65532, 'the last base port with three more after it')
  t.equal(farmSettings({ EXAMPLE_PG_PORT: '65535' }).postgresPort, 65535)
})

t.test('invalid values name the variable and what it takes', async t => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ EXAMPLE_PORT: 'eighty' }, 'EXAMPLE_PORT must be a port number from 1 to 65532; got "eighty".'],
    [{ EXAMPLE_PORT: '65533' }, 'EXAMPLE_PORT must be a port number from 1 to 65532; got "65533".'],
    [{ EXAMPLE_PORT: '8080.5' }, 'EXAMPLE_PORT must be a port number from 1 to 65532; got "8080.5".'],
    [{ EXAMPLE_PORT: '-1' }, 'EXAMPLE_PORT must be a port number from 1 to 65532; got "-1".'],
    [{ EXAMPLE_PORT: '0x50' }, 'EXAMPLE_PORT must be a port number from 1 to 65532; got "0x50".'],
    [{ EXAMPLE_PG_PORT: '0' }, 'EXAMPLE_PG_PORT must be a port number from 1 to 65535; got "0".'],
    [{ EXAMPLE_PG_PORT: '65536' }, 'EXAMPLE_PG_PORT must be a port number from 1 to 65535; got "65536".'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud".'],
    [{ LOG_LEVEL: 'WARN' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "WARN".']
  ]
  for (const [env, message] of cases) {
    const error = (() => { try { farmSettings(env); return undefined } catch (e) { return e as Error } })()
    t.equal(error?.name, 'StartupError', JSON.stringify(env))
    t.equal(error?.message, message)
  }
})
