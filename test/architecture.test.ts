import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { format } from 'prettier';
import { docPath, documentWithMap } from '../scripts/module-map';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');
const depcruise = path.join(repo, 'node_modules/.bin/depcruise');
const config = path.join(repo, '.dependency-cruiser.cjs');

/** Runs the project's import rules over a small tree of files; returns the rules it reports broken. */
async function brokenRules(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jj-arch-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'esnext' } }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const result = await run(depcruise, ['src', '--config', config, '--output-type', 'json'], {
    cwd: dir,
  }).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
  const report = JSON.parse(result.stdout) as { summary: { violations: { rule: { name: string } }[] } };
  return [...new Set(report.summary.violations.map((v) => v.rule.name))].sort();
}
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const jobs = {
  'src/server/modules/jobs/index.ts': "export { createJob } from './service';\n",
  'src/server/modules/jobs/service.ts': 'export const createJob = () => 1;\n',
  'src/server/modules/jobs/tables.ts': 'export const jobs = {};\n',
};

describe('the import rules of npm run check', () => {
  it('accept a module that uses another through its index', async () => {
    expect(
      await brokenRules({
        ...jobs,
        'src/server/modules/portals/orders.ts':
          "import { createJob } from '../jobs';\nexport const o = createJob;\n",
      }),
    ).toEqual([]);
  });

  it('refuse a deep import into another module', async () => {
    expect(
      await brokenRules({
        ...jobs,
        'src/server/modules/portals/orders.ts':
          "import { createJob } from '../jobs/service';\nexport const o = createJob;\n",
      }),
    ).toEqual(['modules-use-surfaces']);
  });

  it("refuse a read of another module's tables outside its tables.ts", async () => {
    expect(
      await brokenRules({
        ...jobs,
        'src/server/modules/portals/orders.ts':
          "import { jobs } from '../jobs/tables';\nexport const o = jobs;\n",
      }),
    ).toEqual(['no-foreign-table-reads']);
  });

  it('refuse a platform file that imports a module', async () => {
    expect(
      await brokenRules({
        ...jobs,
        'src/server/platform/http/app.ts':
          "import { createJob } from '../../modules/jobs';\nexport const a = createJob;\n",
      }),
    ).toEqual(['platform-imports-no-module']);
  });

  it('refuse an import cycle between modules', async () => {
    expect(
      await brokenRules({
        'src/server/modules/inbox/index.ts': "export { ingest } from './ingest';\n",
        'src/server/modules/inbox/ingest.ts':
          "import { escalate } from '../escalations';\nexport const ingest = escalate;\n",
        'src/server/modules/escalations/index.ts': "export { escalate } from './service';\n",
        'src/server/modules/escalations/service.ts':
          "import { ingest } from '../inbox';\nexport const escalate = () => ingest;\n",
      }),
    ).toEqual(['no-cycles']);
  });

  it('refuse a module that imports a flow', async () => {
    expect(
      await brokenRules({
        ...jobs,
        'src/server/flows/job-alerts.ts':
          "import { createJob } from '../modules/jobs';\nexport const f = createJob;\n",
        'src/server/modules/jobs/routes.ts':
          "import { f } from '../../flows/job-alerts';\nexport const r = f;\n",
      }),
    ).toContain('modules-do-not-import-flows');
  });

  it('pass on the real tree (with the listed foreign-table reads that predate the rule)', async () => {
    const { stdout } = await run(
      depcruise,
      ['src', '--config', config, '--ignore-known', '--output-type', 'err'],
      { cwd: repo },
    );
    expect(stdout).toContain('no dependency violations found');
  });
});

describe('docs/architecture.md', () => {
  it('holds the module map of the code as it is (run npm run docs:map after changing a surface, event or flow)', async () => {
    const current = readFileSync(docPath, 'utf8');
    const expected = await format(documentWithMap(current), { filepath: docPath });
    expect(current).toBe(expected);
  });
});
