/**
 * The layers of src/ (docs/architecture.md): a folder may import its own layer and the layers
 * below it, never one above. `npm test` runs this check (npm run check:layers).
 */
const layers = [
  ['errors'],
  ['spec'],
  ['config', 'observability', 'geography', 'tokenization', 'catalog', 'classification'],
  ['storage'],
  ['accounting', 'accounts', 'limits', 'broadcast'],
  ['providers', 'wire'],
  ['routing'],
  ['analytics', 'importing', 'simulation'],
  ['gateway'],
  ['server'],
  ['cluster'],
  ['cli'],
];

const above = (index) => layers.slice(index + 1).flat();

/** One rule per layer: nothing in it imports a folder of a higher layer. */
const upward = layers
  .map((folders, index) => ({ folders, higher: above(index) }))
  .filter(({ higher }) => higher.length > 0)
  .map(({ folders, higher }) => ({
    name: `no-upward-from-${folders.join('-')}`,
    comment: `${folders.join(', ')} may not import ${higher.join(', ')} (a higher layer)`,
    severity: 'error',
    from: { path: `^src/(${folders.join('|')})/` },
    to: { path: `^src/(${higher.join('|')})/` },
  }));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'wire-formats-stand-alone',
      comment: 'an inbound wire format takes shared types from wire/*.ts, not from another format (legacy completions are chat requests with a prompt)',
      severity: 'error',
      from: { path: '^src/wire/([^/]+)/', pathNot: '^src/wire/openai-completions/' },
      to: { path: '^src/wire/[^/]+/', pathNot: ['^src/wire/$1/'] },
    },
    {
      name: 'providers-stand-alone',
      comment: 'a provider adapter builds on providers/*.ts and providers/http/, not on another adapter',
      severity: 'error',
      from: { path: '^src/providers/([^/]+)/' },
      to: { path: '^src/providers/[^/]+/', pathNot: ['^src/providers/$1/', '^src/providers/http/'] },
    },
    {
      name: 'control-plane-without-generation-log',
      comment: 'the control plane does not know the generation log (the log writes usage into it, not the other way round)',
      severity: 'error',
      from: { path: '^src/storage/control-plane/' },
      to: { path: '^src/storage/generation-log/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.(test|contract)\\.ts$' },
  },
};
