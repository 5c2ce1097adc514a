/**
 * Layer rules for src/, checked by `npm run check:boundaries` (part of `.ci/run`).
 *
 * The layers, from the bottom up; a folder may import its own layer and the ones below, never one above:
 *
 *   shared/domain         pure types and rules every module shares (events, deciders, errors, emails, principal)
 *   modules/<m>/domain    a module's pure rules: deciders, value parsing
 *   config                reading and checking the environment, the private data directory
 *   shared/application    ports (event store, read models, projections, clock) and the repository that drives deciders
 *   shared/http           the HTTP/auth kernel: @Public, @CallerOf, validation decorators, CSRF, rate limits
 *   infrastructure        adapters behind the ports: SQLite, KurrentDB, MongoDB, logging, health, metrics
 *   modules/<m>           use cases (command/query, handler, route, DTO), read models, module wiring
 *   web                   server-rendered pages, their assets and browser code
 *   app, main, cli, seed  the composition root that wires everything together
 *
 * Each rule below says why it exists, in the words a reviewer would use when it fails.
 *
 * Spec files (*.spec.ts) beside the code are tests: they may wire a real adapter (the embedded
 * SQLite store) around the unit they test, so the layer rules other than purity skip them.
 */
const SPEC = '[.]spec[.]ts$';
const DOMAIN = '^src/(shared|modules/[^/]+)/domain/';
const APPLICATION = [
  '^src/shared/application/',
  '^src/modules/[^/]+/application/',
  '^src/modules/[^/]+/use-cases/.+[.](command|query|handler|service)[.]ts$',
];
const COMPOSITION = '^src/(app[.]module|app|main)[.]ts$|^src/(cli|seed)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'Domain code decides; it does no I/O and knows no framework, so it stays testable with plain given/when/then ' +
        'specs and can be replayed by auditors. It may import shared/domain, other domain folders, pure Node helpers ' +
        '(crypto hashes, URL punycode, assert for spec helpers), the static common-password list and RFC 8785 ' +
        'JSON canonicalization (for the audit chain).',
      severity: 'error',
      from: { path: DOMAIN, pathNot: SPEC },
      to: {
        pathNot: [
          DOMAIN,
          '^(node:)?(crypto|url|assert|assert/strict)$',
          '^node_modules/@zxcvbn-ts/language-common/',
          // RFC 8785 JSON canonicalization for the audit chain's hashes: pure, no I/O.
          '^node_modules/canonicalize/',
        ],
      },
    },
    {
      name: 'invite-link-rules-stand-alone',
      comment:
        'The invite link\'s rules are one part of the tenant decider: tenancy/domain composes them on the tenant ' +
        'stream, so it imports invite-links/domain. If the link\'s rules imported tenancy back, the two folders would ' +
        'depend on each other and neither could be read or changed alone; the link declares the tenant facts it ' +
        'reads (tenant-facts.ts) instead.',
      severity: 'error',
      from: { path: '^src/modules/invite-links/domain/', pathNot: SPEC },
      to: { path: '^src/modules/tenancy/' },
    },
    {
      name: 'application-has-no-adapters',
      comment:
        'Use cases talk to the world through ports (shared/application) so that the same handler runs on SQLite, ' +
        'KurrentDB or MongoDB and under the API-spec tests. Importing an adapter, a page or the HTTP layer ties it to one. ' +
        'Reading configuration (src/config) is allowed.',
      severity: 'error',
      from: { path: APPLICATION, pathNot: SPEC },
      to: { path: ['^src/infrastructure/', '^src/web/', '^src/shared/http/', COMPOSITION] },
    },
    {
      name: 'shared-never-imports-modules',
      comment:
        'shared/ is the kernel every module builds on. If it imported a module, that module could no longer be ' +
        'changed without touching all the others.',
      severity: 'error',
      from: { path: '^src/shared/', pathNot: SPEC },
      to: { path: ['^src/modules/', '^src/infrastructure/', '^src/web/', COMPOSITION] },
    },
    {
      name: 'config-stays-below-adapters',
      comment:
        'Configuration is read by the kernel, adapters and modules; it must not depend on them, or start-up order ' +
        'becomes circular. It may use shared/domain types.',
      severity: 'error',
      from: { path: '^src/config/', pathNot: SPEC },
      to: { path: ['^src/shared/(application|http)/', '^src/infrastructure/', '^src/modules/', '^src/web/', COMPOSITION] },
    },
    {
      name: 'infrastructure-never-imports-modules',
      comment:
        'Adapters implement ports; they do not know which module uses them. A module import here means a query or ' +
        'a document shape leaked into an adapter: move it into the module (its read model file) behind a port.',
      severity: 'error',
      from: { path: '^src/infrastructure/', pathNot: SPEC },
      to: { path: ['^src/modules/', '^src/web/', COMPOSITION] },
    },
    {
      name: 'modules-use-ports-not-adapters',
      comment:
        'A module reaches storage through the ports in shared/application; the composition root binds the adapters. ' +
        'This keeps every module runnable on the embedded store, on KurrentDB and MongoDB, and in the API-spec tier.',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: SPEC },
      to: { path: ['^src/infrastructure/', COMPOSITION] },
    },
    {
      name: 'modules-never-import-web',
      comment:
        'Pages sit above the modules and call their use cases. A module that renders a page or imports page helpers ' +
        'cannot be used by another front end and drags HTML into the use-case layer.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/web/' },
    },
    {
      name: 'web-never-imports-composition',
      comment: 'The composition root wires web, modules and adapters; nothing it wires may import it back.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: COMPOSITION },
    },
    {
      name: 'browser-code-is-self-contained',
      comment:
        'src/web/client is bundled for the browser by esbuild. It may only import other client modules, pure domain ' +
        'code (shared with the server, such as the common-password list) and browser-safe packages; a server import ' +
        'would ship server code (or fail) in the bundle.',
      severity: 'error',
      from: { path: '^src/web/client/', pathNot: SPEC },
      to: { path: '^src/', pathNot: ['^src/web/client/', DOMAIN] },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes load order matter and hides which side owns a concept. Break it with a port or by moving the shared part down.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'src-never-imports-tests',
      comment: 'Test helpers are not shipped; production code must not depend on them.',
      severity: 'error',
      from: { path: '^src/', pathNot: SPEC },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/|^node_modules/@zxcvbn-ts/|^node_modules/canonicalize/|^(node:)?[a-z]',
    exclude: { path: '[.]d[.]ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
