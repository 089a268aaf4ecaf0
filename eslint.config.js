// ESLint flat config. The house style is "standard" (no semicolons, a space before function
// parentheses, single quotes, 2-space indent); neostandard expresses it for TypeScript through
// typescript-eslint and @stylistic. The rules changed below are the places where the house writes
// differently from standard on purpose. Layer boundaries are checked by dependency-cruiser
// (.dependency-cruiser.cjs) and unused exports by knip (knip.config.ts): one tool per question.
import neostandard, { resolveIgnoresFromGitignore } from 'neostandard'

// Production code: what ships in the package, its CLI, and the example wiki.
const production = ['plugin/**', 'hooks/**', 'jobs/**', 'example-wiki/**', 'cli/**', 'bin/**']

export default [
  {
    ignores: [
      // What git ignores (coverage, the example's data, README snippets the tests write) is no source.
      ...resolveIgnoresFromGitignore(),
      // Deliberate violations that test/lint/boundaries.test.ts feeds to dependency-cruiser.
      'test/lint/fixtures/**'
    ]
  },
  ...neostandard({ ts: true }),
  {
    rules: {
      // Object literals are packed several properties a line and wrapped where the line gets long
      // (`{ globalId, type, group,\n  data: { … } }`); standard's one-property-a-line-or-all-on-one
      // would turn every table of test cases and route schema into a column.
      '@stylistic/object-property-newline': 'off',
      // Braces either both break or neither does; a wrapped literal keeps its braces on the first and
      // last property lines (as above).
      '@stylistic/object-curly-newline': ['error', { consistent: true }],
      // `void promise` marks a promise deliberately not awaited (Fastify's reply, a background loop).
      'no-void': ['error', { allowAsStatement: true }],
      // The control characters are the point: storable-string, title and wikitext rules reject or
      // escape them (the two `eslint-disable-next-line no-control-regex` comments go with lint:fix).
      'no-control-regex': 'off',
      // Tests and benchmarks poll a flag that a concurrent async task sets; the rule cannot see that.
      'no-unmodified-loop-condition': 'off'
    }
  },
  {
    files: ['**/*.ts'],
    rules: {
      // A TypeBox schema and its static type share one name (`const X = Type.Object(…)`,
      // `type X = Static<typeof X>`); tsc itself reports real redeclarations.
      '@typescript-eslint/no-redeclare': 'off'
    }
  },
  {
    files: production,
    rules: {
      // The house limit. URLs and regular expressions cannot be broken without harm; everything
      // else (long calls, messages, SQL) can be wrapped.
      '@stylistic/max-len': ['error', {
        code: 160,
        ignoreUrls: true,
        ignoreRegExpLiterals: true
      }]
    }
  }
]
