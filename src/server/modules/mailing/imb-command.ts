import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Command } from 'commander';
import { encodeImb, ImbError } from './imb';

/** Bounds on a case file: a reference set is ~1.2 MB and 10,000 lines of under 200 characters. */
export const IMB_CSV_MAX_BYTES = 20 * 1024 * 1024;
export const IMB_CSV_MAX_LINE = 1000;
export const IMB_CSV_MAX_ROWS = 200_000;

/** One line of a case file: the USPS reference set's `id,tracking,routing,bars,return code,message`. */
export type ImbCase = {
  line: number;
  id: string;
  tracking: string;
  routing: string;
  bars: string;
  code: string;
  message: string;
};

export class ImbCaseFileError extends Error {}

/** Reads a case file, refusing one that is too large or has an over-long line (never reads past the bound). */
export function readImbCases(file: string): ImbCase[] {
  const fd = openSync(file, 'r');
  let text: string;
  try {
    const size = fstatSync(fd).size;
    if (size > IMB_CSV_MAX_BYTES) {
      throw new ImbCaseFileError(`${file} is larger than ${IMB_CSV_MAX_BYTES / 1024 / 1024} MB`);
    }
    const buffer = Buffer.alloc(size);
    readSync(fd, buffer, 0, size, 0);
    text = buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
  return parseImbCases(text);
}

/**
 * Parses case lines (any of LF, CRLF or the reference set's CR CR LF). A first line whose second field is
 * not digits is a header and is skipped; blank lines are skipped.
 */
export function parseImbCases(text: string): ImbCase[] {
  const cases: ImbCase[] = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r*\n|\r+/);
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    if (raw.length > IMB_CSV_MAX_LINE) {
      throw new ImbCaseFileError(`Line ${line} is longer than ${IMB_CSV_MAX_LINE} characters`);
    }
    if (!raw.trim()) continue;
    const [id = '', tracking = '', routing = '', bars = '', code = '', ...rest] = raw.split(',');
    if (i === 0 && !/^[0-9 ]*$/.test(tracking)) continue;
    if (!code) {
      throw new ImbCaseFileError(
        `Line ${line} needs at least 5 fields: id,tracking,routing,expected bars,return code`,
      );
    }
    cases.push({ line, id, tracking, routing, bars, code: code.trim(), message: rest.join(',').trim() });
    if (cases.length > IMB_CSV_MAX_ROWS) {
      throw new ImbCaseFileError(`The file has more than ${IMB_CSV_MAX_ROWS} cases`);
    }
  }
  return cases;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Checks one case: code `00` must encode to the expected bars; any other code must be rejected with that
 * USPS return code (and the USPS message, when the case gives one). Returns why it failed, or null.
 */
export function checkImbCase(c: ImbCase): string | null {
  let bars: string;
  try {
    bars = encodeImb(c.tracking, c.routing);
  } catch (err) {
    if (!(err instanceof ImbError)) throw err;
    if (c.code === '00') return `expected bars, rejected with ${err.code}: ${err.message}`;
    if (err.code !== c.code) return `expected return code ${c.code}, got ${err.code}`;
    if (c.message && squash(err.uspsMessage ?? '') !== squash(c.message)) {
      return `expected message "${c.message}", got "${err.uspsMessage ?? ''}"`;
    }
    return null;
  }
  if (c.code !== '00') return `expected return code ${c.code}, got bars ${bars}`;
  return bars === c.bars.trim() ? null : `expected ${c.bars.trim()}, got ${bars}`;
}

type Out = { log: (s: string) => void; error: (s: string) => void };

/** Runs `imb --csv FILE`: prints each failure (the first 20), then "N passed, M failed"; returns the exit code. */
export function runImbCsv(file: string, out: Out): number {
  const cases = readImbCases(file);
  let failed = 0;
  for (const c of cases) {
    const why = checkImbCase(c);
    if (!why) continue;
    failed += 1;
    if (failed <= 20) out.error(`line ${c.line} (case ${c.id}): ${why}`);
  }
  if (failed > 20) out.error(`… and ${failed - 20} more failures`);
  out.log(`${cases.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

/** Adds `jobjacket imb` to the command line. */
export function addImbCommand(program: Command): void {
  program
    .command('imb')
    .description(
      'Print the 65 IMb bars (F/A/D/T) for a tracking and routing code, or check a file of test cases',
    )
    .argument('[tracking]', '20-digit tracking code (barcode ID, service type, mailer ID, serial)')
    .argument('[routing]', 'routing code: none, 5, 9 or 11 digits (ZIP, ZIP+4, ZIP+4+delivery point)', '')
    .option(
      '--csv <file>',
      'check every case of a file in the USPS reference set layout: id,tracking,routing,expected bars,' +
        'return code[,message]; prints "N passed, M failed" and exits 1 when any fail',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  jobjacket imb 01234567094987654321 01234567891\n' +
        '  jobjacket imb --csv uspsIMbEncoderTestCases.csv',
    )
    .action((tracking: string | undefined, routing: string, o: { csv?: string }) => {
      const out = { log: (s: string) => console.log(s), error: (s: string) => console.error(s) };
      if (o.csv) {
        try {
          process.exitCode = runImbCsv(o.csv, out);
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          out.error(err instanceof ImbCaseFileError ? err.message : `Cannot read ${o.csv}: ${e.message}`);
          process.exitCode = 2;
        }
        return;
      }
      if (!tracking) {
        out.error('Give a tracking code (and a routing code), or --csv FILE; see jobjacket imb --help');
        process.exitCode = 2;
        return;
      }
      try {
        out.log(encodeImb(tracking, routing));
      } catch (err) {
        if (!(err instanceof ImbError)) throw err;
        out.error(`Not a valid IMb (USPS return code ${err.code}): ${err.message}`);
        process.exitCode = 1;
      }
    });
}
