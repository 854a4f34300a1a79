/**
 * The module boundaries, checked on every `npm test`:
 * core imports no plugin and no app; a plugin imports core and only the public entry
 * (index.ts) of other plugins — which must be among its declared dependencies (checked by
 * test/boundaries.spec.ts, since that list lives in the manifest), never its optional ones, which
 * it reaches through ports (docs/plugins.md). A plugin's own tests may also
 * use other plugins' test kits and boot the server.
 */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-plugin',
      severity: 'error',
      from: { path: '^libs/core' },
      to: { path: '^(plugins|apps)/' },
    },
    {
      name: 'plugin-imports-only-public-entries',
      comment: 'Reach another plugin only through its index.ts',
      severity: 'error',
      from: { path: '^plugins/([^/]+)/', pathNot: '^plugins/[^/]+/test/' },
      to: { path: '^plugins/([^/]+)/', pathNot: ['^plugins/$1/', '^plugins/[^/]+/index\\.ts$'] },
    },
    {
      name: 'plugin-tests-import-public-entries-and-test-kits',
      comment: "A plugin's tests may also set up another plugin's records through that plugin's test kit",
      severity: 'error',
      from: { path: '^plugins/([^/]+)/test/' },
      to: {
        path: '^plugins/([^/]+)/',
        pathNot: ['^plugins/$1/', '^plugins/[^/]+/index\\.ts$', '^plugins/[^/]+/test/(helpers|[a-z-]+-test-kit)\\.ts$'],
      },
    },
    {
      name: 'plugin-imports-core-by-its-entry',
      severity: 'error',
      from: { path: '^(plugins|test/fixtures)/' },
      to: { path: '^libs/core/', pathNot: '^libs/core/index\\.ts$' },
    },
    {
      name: 'plugin-imports-no-app',
      comment: "A plugin's code runs in any host; its end-to-end tests boot this one",
      severity: 'error',
      from: { path: '^plugins/', pathNot: '^plugins/[^/]+/test/' },
      to: { path: '^apps/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^dist|node_modules)' },
  },
};
