import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The layer rules (.dependency-cruiser.cjs) guard the architecture only if they hold on today's
 * code AND fire on the imports they forbid. The second half plants one wrong-way import per
 * rule in a scratch tree shaped like src/ and checks that exactly that rule reports it.
 */
const ROOT = join(__dirname, '..', '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

function cruise(cwd: string): Violation[] {
  let output: string;
  try {
    output = execFileSync(DEPCRUISE, ['src', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    // depcruise exits non-zero when it finds violations; the JSON report is still on stdout.
    output = (error as { stdout?: string }).stdout ?? '';
    if (!output) throw error;
  }
  return (JSON.parse(output) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('layer boundaries', () => {
  it('hold on the code as it is: no import crosses a layer the wrong way', () => {
    const violations = cruise(ROOT).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
  }, 60_000);

  describe('fire on a planted wrong-way import', () => {
    let scratch: string;
    beforeAll(() => {
      scratch = mkdtempSync(join(tmpdir(), 'layers-'));
      copyFileSync(join(ROOT, 'tsconfig.json'), join(scratch, 'tsconfig.json'));
    });
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    const plant = (files: Record<string, string>) => {
      rmSync(join(scratch, 'src'), { recursive: true, force: true });
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(scratch, path)), { recursive: true });
        writeFileSync(join(scratch, path), text);
      }
    };

    const cases: Array<[rule: string, files: Record<string, string>, from: string]> = [
      [
        'domain-is-pure',
        {
          'src/modules/billing/domain/invoice.decider.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
        },
        'src/modules/billing/domain/invoice.decider.ts',
      ],
      [
        'invite-link-rules-stand-alone',
        {
          'src/modules/tenancy/domain/tenant.state.ts': 'export interface TenantState { exists: boolean }\n',
          'src/modules/invite-links/domain/invite-link.join.ts':
            "import { TenantState } from '../../tenancy/domain/tenant.state';\nexport type S = TenantState;\n",
        },
        'src/modules/invite-links/domain/invite-link.join.ts',
      ],
      [
        'application-has-no-adapters',
        {
          'src/infrastructure/store/sqlite-store.ts': 'export const store = 1;\n',
          'src/modules/billing/use-cases/pay/pay.handler.ts': "import { store } from '../../../../infrastructure/store/sqlite-store';\nexport const x = store;\n",
        },
        'src/modules/billing/use-cases/pay/pay.handler.ts',
      ],
      [
        'shared-never-imports-modules',
        {
          'src/modules/billing/billing.module.ts': 'export const billing = 1;\n',
          'src/shared/application/port.ts': "import { billing } from '../../modules/billing/billing.module';\nexport const x = billing;\n",
        },
        'src/shared/application/port.ts',
      ],
      [
        'config-stays-below-adapters',
        {
          'src/infrastructure/files.ts': 'export const files = 1;\n',
          'src/config/app-config.ts': "import { files } from '../infrastructure/files';\nexport const x = files;\n",
        },
        'src/config/app-config.ts',
      ],
      [
        'infrastructure-never-imports-modules',
        {
          'src/modules/billing/read-models/invoices.read-model.ts': 'export const invoices = 1;\n',
          'src/infrastructure/read-models/runner.ts': "import { invoices } from '../../modules/billing/read-models/invoices.read-model';\nexport const x = invoices;\n",
        },
        'src/infrastructure/read-models/runner.ts',
      ],
      [
        'modules-use-ports-not-adapters',
        {
          'src/infrastructure/store/sqlite-store.ts': 'export const store = 1;\n',
          'src/modules/billing/billing.module.ts': "import { store } from '../../infrastructure/store/sqlite-store';\nexport const x = store;\n",
        },
        'src/modules/billing/billing.module.ts',
      ],
      [
        'modules-never-import-web',
        {
          'src/web/pages/views.ts': 'export const page = 1;\n',
          'src/modules/billing/billing.module.ts': "import { page } from '../../web/pages/views';\nexport const x = page;\n",
        },
        'src/modules/billing/billing.module.ts',
      ],
      [
        'web-never-imports-composition',
        {
          'src/app.module.ts': 'export const app = 1;\n',
          'src/web/pages/views.ts': "import { app } from '../../app.module';\nexport const x = app;\n",
        },
        'src/web/pages/views.ts',
      ],
      [
        'browser-code-is-self-contained',
        {
          'src/shared/http/csrf.ts': 'export const csrf = 1;\n',
          'src/web/client/admin.ts': "import { csrf } from '../../shared/http/csrf';\nexport const x = csrf;\n",
        },
        'src/web/client/admin.ts',
      ],
      [
        'no-circular',
        {
          'src/shared/domain/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
          'src/shared/domain/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
        },
        'src/shared/domain/a.ts',
      ],
    ];

    it.each(cases)('%s', (rule, files, from) => {
      plant(files);
      const fired = cruise(scratch).filter((v) => v.from === from);
      expect(fired.map((v) => v.rule.name)).toContain(rule);
    }, 60_000);

    it('stay quiet on the imports the layers allow', () => {
      plant({
        'src/shared/domain/event.ts': 'export type Event = { type: string };\n',
        'src/modules/billing/domain/invoice.decider.ts': "import { Event } from '../../../shared/domain/event';\nexport type E = Event;\n",
        'src/shared/application/port.ts': "import { Event } from '../domain/event';\nexport type P = Event;\n",
        'src/modules/billing/use-cases/pay/pay.handler.ts':
          "import { P } from '../../../../shared/application/port';\nimport { E } from '../../domain/invoice.decider';\nexport type H = P | E;\n",
        'src/infrastructure/store.ts': "import { P } from '../shared/application/port';\nexport type S = P;\n",
        'src/web/pages/views.ts': "import { H } from '../../modules/billing/use-cases/pay/pay.handler';\nexport type V = H;\n",
        'src/app.module.ts': "import { V } from './web/pages/views';\nimport { S } from './infrastructure/store';\nexport type A = V | S;\n",
      });
      expect(cruise(scratch)).toEqual([]);
    }, 60_000);
  });
});
