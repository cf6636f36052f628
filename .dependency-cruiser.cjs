/**
 * The import rules `npm test` checks (`npm run deps`): no cycles anywhere, and the server's layers
 * point one way — infra <- modules <- workflows <- api — with the composition root (app.ts,
 * server.ts, cli/) on top and development-only code (dev/, test/) out of production.
 * Type-only imports count: a cycle of types is still a knot a reader has to untie.
 */
const server = 'sync-server';
const tests = '\\.test\\.tsx?$';

const layer = (name, from, forbidden) => ({
  name,
  severity: 'error',
  from: { path: `^${server}/${from}/`, pathNot: tests },
  to: { path: forbidden.map((f) => `^${server}/${f}`) },
});

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Imports run one way; a cycle means two files are one unit or a layer is crossed.',
      from: {},
      to: { circular: true },
    },
    layer('infra-is-the-floor', 'infra', [
      'modules/',
      'workflows/',
      'api/',
      'dev/',
      'cli/',
      'app\\.ts',
      'server\\.ts',
    ]),
    layer('modules-below-workflows', 'modules', [
      'workflows/',
      'api/',
      'dev/',
      'cli/',
      'app\\.ts',
      'server\\.ts',
    ]),
    layer('workflows-below-the-surface', 'workflows', [
      'api/',
      'dev/',
      'cli/',
      'app\\.ts',
      'server\\.ts',
    ]),
    layer('the-surface-calls-down', 'api', ['dev/', 'cli/', 'app\\.ts', 'server\\.ts']),
    {
      name: 'production-never-imports-dev-or-tests',
      severity: 'error',
      from: { path: `^${server}/(?!dev/)`, pathNot: tests },
      to: { path: [`^${server}/dev/`, '^test/'] },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: '^(renderer|sync-server|electron)/' },
    },
    {
      name: 'apps-stay-apart',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: `^(${server}|electron/main)/` },
    },
    {
      name: 'register-foundations-import-no-screen',
      severity: 'error',
      comment:
        'The database, replication, data hooks, formats and the platform are what the register ' +
        'screens stand on: they import no component of a screen.',
      from: { path: '^renderer/(db|replication|data|format|platform|ui)/', pathNot: tests },
      to: { path: '^renderer/.+\\.tsx$', pathNot: '^renderer/(platform|ui)/' },
    },
    {
      name: 'server-never-imports-renderer',
      severity: 'error',
      from: { path: `^${server}/` },
      to: { path: '^renderer/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
