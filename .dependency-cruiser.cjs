// Import boundaries: the layers of docs/architecture.md as rules, checked by `npm run lint`
// (depcruise) and proved to fail on deliberate violations by test/lint/boundaries.test.ts.
// The layers, top to bottom: wiring (plugin/index.ts, plugin/hook-table.ts, plugin/*/wire.ts)
// → jobs/ → roles (plugin/repo, plugin/client) → shared (plugin/{changes,sites,db,queue,http,
// language,repo-reader}, plugin/errors.ts, options.ts, schema-problems.ts) → hooks/.
// test/ and bench/ are outside the rules (they may reach anything they test), but production
// code never imports them; example-wiki/ is a host and should use only the package's entries.

const production = '^(plugin|hooks|jobs|cli|bin|testing)/'
// The CLI's entry and its worker command are tops too: the worker registers the plugin on apps that never listen.
const wiring = '^(plugin/(index\\.ts|facade\\.ts|hook-table\\.ts|[^/]+/wire\\.ts)|cli/(index|worker-command)\\.ts)$'
const shared = '^plugin/((changes|sites|db|queue|http|language|repo-reader)/|(errors|options|schema-problems)\\.ts$)'
const roles = '^plugin/(repo|client)/'
// Anything that is not a file of this repository: npm packages and Node's built-in modules.
const notLocal = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown', 'core', 'unknown', 'undetermined']

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'hooks-import-no-plugin',
      comment: 'hooks/ is layer 0, the host contract and its ids: everything imports it, so it imports nothing from plugin/ or jobs/.',
      severity: 'error',
      from: { path: '^hooks/' },
      to: { path: '^(plugin|jobs)/' }
    },
    {
      name: 'changes-import-only-changes-and-ids',
      comment: 'plugin/changes is the pure change model: of this repository it may use only itself and hooks/ids.ts.',
      severity: 'error',
      from: { path: '^plugin/changes/' },
      to: { dependencyTypesNot: notLocal, pathNot: '^(plugin/changes/|hooks/ids\\.ts$)' }
    },
    {
      name: 'changes-are-pure',
      comment: 'plugin/changes takes and returns plain data: no database, queue, HTTP or file/network module (no npm package, no node: built-in).',
      severity: 'error',
      from: { path: '^plugin/changes/' },
      to: { dependencyTypes: notLocal }
    },
    {
      name: 'queue-imports-no-domain',
      comment: 'plugin/queue runs tasks it is given (TaskDefinition is generic over its deps); it knows no role, change, site or job.',
      severity: 'error',
      from: { path: '^plugin/queue/' },
      to: { path: '^(plugin/(repo|client|changes|sites|repo-reader)/|jobs/)' }
    },
    {
      name: 'repo-not-to-client',
      comment: 'The roles are independent: the repo never imports the client; shared code goes to a shared module.',
      severity: 'error',
      from: { path: '^plugin/repo/' },
      to: { path: '^plugin/client/' }
    },
    {
      name: 'client-not-to-repo',
      comment: 'The roles are independent: the client reads the repo through plugin/repo-reader, never plugin/repo.',
      severity: 'error',
      from: { path: '^plugin/client/' },
      to: { path: '^plugin/repo/' }
    },
    {
      name: 'roles-import-no-jobs',
      comment: 'Jobs sit above the roles: a task calls role code, role code never imports a task (it enqueues by task name).',
      severity: 'error',
      from: { path: roles, pathNot: wiring },
      to: { path: '^jobs/' }
    },
    {
      name: 'shared-imports-no-role-or-job',
      comment: 'Shared modules sit below the roles and jobs: they import neither.',
      severity: 'error',
      from: { path: shared },
      to: { path: `${roles}|^jobs/` }
    },
    {
      name: 'only-top-imports-wiring',
      comment: 'Wiring (plugin/index.ts, plugin/hook-table.ts, plugin/*/wire.ts) is the top: only wiring imports wiring (and testing/, the conformance kit, which hosts call with their app: it reads the app\'s wikibase decoration).',
      severity: 'error',
      from: { path: production, pathNot: `${wiring}|^testing/` },
      to: { path: wiring }
    },
    {
      name: 'runtime-only-in-wiring',
      comment: 'WikibaseRuntime (plugin/runtime.ts) holds everything; only wiring may see it. Handlers, tasks and routes get explicit deps.',
      severity: 'error',
      from: { path: production, pathNot: wiring },
      to: { path: '^plugin/runtime\\.ts$' }
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Production code (the package, its CLI, the example wiki) never imports test/ or bench/.',
      severity: 'error',
      from: { path: '^(plugin|hooks|jobs|cli|bin|testing|example-wiki)/' },
      to: { path: '^(test|bench)/' }
    },
    {
      name: 'no-circular-in-plugin',
      comment: 'A cycle makes two modules one; the layers above only hold if plugin/ has none.',
      severity: 'error',
      from: { path: '^plugin/' },
      to: { path: '^plugin/', circular: true }
    },
    {
      name: 'example-wiki-uses-public-entries',
      comment: 'The example wiki is a host like any other: it reaches the plugin through its package entries (plugin/index.ts, hooks/*).',
      severity: 'warn',
      from: { path: '^example-wiki/' },
      to: { path: '^(plugin|hooks|jobs)/', pathNot: '^(plugin/index\\.ts|hooks/[^/]+\\.ts)$' }
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing fails at run time. (The CLI imports the build, dist/, which a checkout has only after `npm run build`.)',
      severity: 'error',
      from: { pathNot: '^bin/fastify-wikibase\\.js$' },
      to: { couldNotResolve: true }
    },
    {
      name: 'production-not-to-dev-dep',
      comment: 'The package installs without its devDependencies: production code may import them only for types.',
      severity: 'error',
      from: { path: production },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|coverage|\\.tap|test/lint/fixtures)/' },
    // Type-only imports count: a layer that imports a type from above is still coupled to it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings']
    },
    reporterOptions: {
      // The folder-level diagram in docs/architecture.md (scripts/architecture-diagram.ts).
      archi: {
        collapsePattern: '^(node_modules/[^/]+|plugin/[^/]+|hooks|jobs|cli|bin|example-wiki|bench|test)'
      }
    }
  }
}
