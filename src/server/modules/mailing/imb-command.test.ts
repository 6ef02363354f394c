import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { standardsPath } from '../../../../test/helpers/standards';
import { IMB_CSV_MAX_LINE, ImbCaseFileError, parseImbCases } from './imb-command';

const run = promisify(execFile);
const cli = path.resolve('bin/jobjacket.mjs');
const referenceSet = standardsPath('usps-imb', 'uspsIMbEncoderTestCases.csv');

type Failed = { code: number; stdout: string; stderr: string };
const runCli = (args: string[]) =>
  run('node', [cli, 'imb', ...args]).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (err: Failed) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );

describe('jobjacket imb', () => {
  it('checks the whole USPS reference set: 10000 passed, 0 failed', async () => {
    const r = await runCli(['--csv', referenceSet]);
    expect(r.stdout.trim()).toBe('10000 passed, 0 failed');
    expect(r.code).toBe(0);
  }, 60_000);

  it('prints the 65 bars of the USPS-B-3200 Appendix B example', async () => {
    const r = await runCli(['01234567094987654321', '01234567891']);
    expect(r.stdout.trim()).toBe('AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA');
    expect(r.code).toBe(0);
    const bad = await runCli(['0123456709498765432x', '01234']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/USPS return code 10/);
  }, 30_000);

  it('counts and lists failing cases and exits non-zero', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jj-imb-'));
    const lines = readFileSync(referenceSet, 'utf8').split(/\r*\n/).slice(0, 4);
    // Case 1 expects other bars; case 2 expects the wrong return code.
    lines[0] = lines[0]!.replace(/,([ADFT]{65}),/, (_m, bars: string) => `,${bars.slice(1)}A,`);
    lines[1] = lines[1]!.replace(',12,', ',13,');
    const file = path.join(dir, 'cases.csv');
    writeFileSync(file, 'id,tracking,routing,bars,code,message\n' + lines.join('\n'));
    const r = await runCli(['--csv', file]);
    expect(r.stdout.trim()).toBe('2 passed, 2 failed');
    expect(r.stderr).toMatch(/line 2 \(case 1\): expected/);
    expect(r.stderr).toMatch(/line 3 \(case 2\): expected return code 13, got 12/);
    expect(r.code).toBe(1);
  }, 30_000);

  it('explains itself with --help and refuses a missing file or no input', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/--csv <file>/);
    expect(help.stdout).toMatch(/N passed, M failed/);
    const missing = await runCli(['--csv', '/nonexistent/cases.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read/);
    const none = await runCli([]);
    expect(none.code).toBe(2);
  }, 30_000);
});

describe('parseImbCases', () => {
  it('bounds a line and asks for the five fields', () => {
    expect(() => parseImbCases(`1,${'0'.repeat(IMB_CSV_MAX_LINE)},,,00`)).toThrow(ImbCaseFileError);
    expect(() => parseImbCases('1,01234567094987654321,01234')).toThrow(/at least 5 fields/);
    expect(parseImbCases('\ufeff1,01234567094987654321,,X,12,oops\r\r\n\r\n')).toEqual([
      {
        line: 1,
        id: '1',
        tracking: '01234567094987654321',
        routing: '',
        bars: 'X',
        code: '12',
        message: 'oops',
      },
    ]);
  });
});
