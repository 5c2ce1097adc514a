import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INVITE_LINK_EVENT_TYPES } from '../../src/modules/invite-links/domain/invite-link.events';
import { AppRoute, appRoutes, openApiRoutes, routeKey } from '../support/route-table';
import { useTestApp } from '../support/fixtures';

/**
 * The contract in docs/ stays true to the code: every route the app serves is documented (and
 * nothing else is), and every pointer of docs/rules.md at code or tests still exists. Cheap: one
 * app start for the OpenAPI document, one for the router, then text.
 */
const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const HTTP_API = 'docs/http-api.md';
const RULES = 'docs/rules.md';

/** `METHOD /path` in backticks, in Express's notation (`:param`). */
function documentedRoutes(markdown: string): Set<string> {
  const routes = new Set<string>();
  for (const match of markdown.matchAll(/`(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) (\/[^`\s]*)`/g)) {
    routes.add(`${match[1]} ${match[2]}`);
  }
  return routes;
}

interface CodePointer {
  readonly path: string;
  readonly identifiers: string[];
}

/** `src/…ts` or `test/…ts` in backticks, optionally followed by (`identifier`, …). */
function codePointers(markdown: string): CodePointer[] {
  return [...markdown.matchAll(/`((?:src|test)\/[\w./-]+\.ts)`(?: \(([^)]*)\))?/g)].map((match) => ({
    path: match[1],
    identifiers: [...(match[2] ?? '').matchAll(/`([^`]+)`/g)].map((identifier) => identifier[1]),
  }));
}

/** `test file` › "test name". */
function testPointers(markdown: string): { path: string; name: string }[] {
  return [...markdown.matchAll(/`((?:src|test)\/[\w./-]+\.(?:spec|test)\.ts)` › "([^"]+)"/g)].map((match) => ({
    path: match[1],
    name: match[2],
  }));
}

describe('docs/ agree with the code', () => {
  const t = useTestApp();
  let served: AppRoute[];
  let inOpenApi: AppRoute[];

  beforeAll(async () => {
    served = await appRoutes();
    const response = await t.anonymous().get('/api/docs-json');
    expect(response.status).toBe(200);
    inOpenApi = openApiRoutes(response.body);
  }, 90_000);

  describe(HTTP_API, () => {
    it('documents every route the app serves', () => {
      const documented = documentedRoutes(read(HTTP_API));
      expect(served.length).toBeGreaterThan(40);
      expect(served.map(routeKey).filter((route) => !documented.has(route))).toEqual([]);
    });

    it('documents every operation of the OpenAPI document', () => {
      const documented = documentedRoutes(read(HTTP_API));
      expect(inOpenApi.length).toBeGreaterThan(20);
      expect(inOpenApi.map(routeKey).filter((route) => !documented.has(route))).toEqual([]);
    });

    it('names no route the app does not serve', () => {
      const routes = new Set(served.map(routeKey));
      expect([...documentedRoutes(read(HTTP_API))].filter((route) => !routes.has(route))).toEqual([]);
    });
  });

  describe(RULES, () => {
    it('points at source and test files that exist, and at identifiers they contain', () => {
      const broken: string[] = [];
      for (const file of [RULES, HTTP_API]) {
        for (const pointer of codePointers(read(file))) {
          if (!existsSync(join(ROOT, pointer.path))) {
            broken.push(`${file}: ${pointer.path} does not exist`);
            continue;
          }
          const text = read(pointer.path);
          for (const identifier of pointer.identifiers) {
            if (!text.includes(identifier)) broken.push(`${file}: ${pointer.path} has no "${identifier}"`);
          }
        }
      }
      expect(broken).toEqual([]);
    });

    it('names tests that exist in the files it points at (rules.md and http-api.md)', () => {
      expect(testPointers(read(RULES)).length).toBeGreaterThan(50);
      expect(testPointers(read(HTTP_API)).length).toBeGreaterThan(10);
      // A path that does not exist is reported by the test above.
      const missing = [RULES, HTTP_API].flatMap((file) =>
        testPointers(read(file))
          .filter(({ path }) => existsSync(join(ROOT, path)))
          .filter(({ path, name }) => !read(path).includes(name))
          .map(({ path, name }) => `${file}: ${path} › "${name}"`),
      );
      expect(missing).toEqual([]);
    });

    it('gives every rule R1–R22 a section with at least one test', () => {
      const sections = read(RULES).split(/^### /m);
      const untested = Array.from({ length: 22 }, (_, i) => `R${i + 1}`).filter((rule) => {
        const section = sections.find((candidate) => candidate.startsWith(`${rule}:`));
        return section === undefined || testPointers(section).length === 0;
      });
      expect(untested).toEqual([]);
    });

    it('lists every event of the invite link history', () => {
      const rules = read(RULES);
      expect([...INVITE_LINK_EVENT_TYPES].filter((type) => !rules.includes(`| \`${type}\` |`))).toEqual([]);
    });
  });

  it('sends readers to nothing outside the repository: docs, README, code, tests and build files', () => {
    const outside = new RegExp(['shared/(product|engineering|hooks)', 'SPEC\\.md', 'ARCHITECTURE', '\\bSPEC §'].join('|'));
    // This file names the patterns, so it is the one file left out.
    const offending = repositoryFiles().filter((file) => file !== 'test/e2e/docs.test.ts' && outside.test(read(file)));
    expect(offending).toEqual([]);
  });
});

/** The repository's own text files (what a clone has), without dependencies and build output. */
function repositoryFiles(): string[] {
  const skip = new Set(['node_modules', 'dist', 'data', 'coverage', 'test-output', '.git', '.ferretdb', '.tmp', 'results']);
  const text = /\.(ts|js|mjs|cjs|json|md|yml|yaml|go|mod|txt|sh|html|css)$|^(run|Dockerfile|\.gitignore|\.dockerignore)$/;
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skip.has(entry.name)) walk(path);
      } else if (text.test(entry.name) && entry.name !== 'package-lock.json') {
        files.push(path);
      }
    }
  };
  walk('');
  return files;
}
