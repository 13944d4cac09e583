// The dependency rule of DESIGN.md ("Top-level folders"): each folder may import only the folders listed.
// Whatever is not listed is forbidden, so a new folder starts out isolated until the design says otherwise.
const layers = [
  'domain',
  'event-store',
  'commands',
  'projections',
  'write-api',
  'read-api',
  'panel',
  'audit',
  'app',
  'bench',
  'tests',
];

/** @type {Record<string, string[]>} */
const allowed = {
  domain: [],
  'event-store': ['domain'],
  commands: ['domain', 'event-store'],
  projections: ['domain', 'event-store'],
  'write-api': ['commands'],
  'read-api': ['projections'],
  panel: [],
  audit: ['event-store', 'domain'],
  app: layers,
  bench: layers,
  tests: layers,
};

const forbidden = Object.entries(allowed).flatMap(([from, to]) => {
  const denied = layers.filter((layer) => layer !== from && !to.includes(layer));
  if (denied.length === 0) return [];
  return [
    {
      name: `${from}-imports-only-${to.length ? to.join('-') : 'itself'}`,
      comment: `${from}/ may import only ${to.length ? to.join(', ') : 'itself'} (DESIGN.md, Top-level folders)`,
      severity: 'error',
      from: { path: `^${from}/` },
      to: { path: `^(${denied.join('|')})/` },
    },
  ];
});

forbidden.push(
  {
    name: 'domain-is-pure',
    comment: 'domain/ does no I/O: no Node.js built-in modules and no npm packages',
    severity: 'error',
    from: { path: '^domain/' },
    to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer'] },
  },
  {
    name: 'event-store-uses-domain-types-only',
    comment: 'event-store/ may use domain/ types, never its code',
    severity: 'error',
    from: { path: '^event-store/' },
    to: { path: '^domain/', dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'no-unresolvable',
    comment: 'an import that does not resolve is a broken build',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.d.ts'],
    },
  },
};
