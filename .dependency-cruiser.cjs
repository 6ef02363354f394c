/**
 * The architecture's import rules, checked by `npm run check` (docs/architecture.md explains them).
 * A module is `src/server/modules/<name>/`; its public surface is its `index.ts`.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'An import cycle (between files, and so between modules) makes start-up order and ownership unclear.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'platform-imports-no-module',
      severity: 'error',
      comment: 'platform/ is the ground floor: it never imports a module, a flow or the composition root.',
      from: { path: '^src/server/platform/' },
      to: { path: '^src/server/', pathNot: '^src/server/platform/' },
    },
    {
      name: 'modules-use-surfaces',
      severity: 'error',
      comment: 'Another module is reached through its index.ts, never through its files.',
      from: { path: '^src/server/modules/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^src/server/modules/[^/]+/.+',
        pathNot: ['^src/server/modules/$1/', '^src/server/modules/[^/]+/(index|tables)\\.ts$'],
      },
    },
    {
      name: 'no-foreign-table-reads',
      severity: 'error',
      comment:
        "A module reads its own tables; another module's data comes through that module's exported queries. " +
        'The reads that predate this rule are listed in .dependency-cruiser-known-violations.json: a ratchet ' +
        'that may shrink, never grow (a new one fails the check).',
      from: { path: '^src/server/modules/([^/]+)/', pathNot: ['\\.test\\.ts$', '/tables\\.ts$'] },
      to: { path: '^src/server/modules/[^/]+/tables\\.ts$', pathNot: '^src/server/modules/$1/' },
    },
    {
      name: 'foreign-keys-only-between-tables',
      severity: 'error',
      comment:
        "A module's tables.ts may import another module's tables.ts (foreign keys) and nothing else of it.",
      from: { path: '^src/server/modules/([^/]+)/tables\\.ts$' },
      to: {
        path: '^src/server/modules/[^/]+/.+',
        pathNot: ['^src/server/modules/$1/', '^src/server/modules/[^/]+/(index|tables)\\.ts$'],
      },
    },
    {
      name: 'outside-uses-surfaces',
      severity: 'error',
      comment:
        'Flows, demo data, factories and the composition root reach modules through their index.ts; only ' +
        'src/server/schema.ts (every table, for migrations and backups) reads tables.ts files.',
      from: {
        path: '^src/server/',
        pathNot: ['^src/server/modules/', '^src/server/schema\\.ts$', '\\.test\\.ts$'],
      },
      to: { path: '^src/server/modules/[^/]+/.+', pathNot: '^src/server/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'modules-do-not-import-flows',
      severity: 'error',
      comment:
        'Flows sit above modules: a module publishes an event or exports a function; a flow combines them.',
      from: { path: '^src/server/modules/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^src/server/(flows|demo|factories)/|^src/server/(app|routes|runtime|cli|bootstrap|schema)\\.ts$',
      },
    },
    {
      name: 'shared-is-the-contract',
      severity: 'error',
      comment: 'src/shared is imported by server and web; it imports neither.',
      from: { path: '^src/shared/' },
      to: { path: '^src/(server|web)/' },
    },
    {
      name: 'web-does-not-import-server',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
