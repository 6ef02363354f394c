import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Converts a file with LibreOffice (headless, its own profile beside the file) and returns the converted text:
 * `to` is a LibreOffice filter such as `csv`, `txt:Text` or `pdf`. Proves the file opens in a real office suite.
 */
export async function convertWithLibreOffice(file: string, to: string): Promise<string> {
  const dir = path.dirname(file);
  await promisify(execFile)(
    '/usr/bin/soffice',
    [
      `-env:UserInstallation=file://${dir}/lo-profile`,
      '--headless',
      '--convert-to',
      to,
      '--outdir',
      dir,
      file,
    ],
    { timeout: 120_000 },
  );
  return readFile(file.replace(/\.\w+$/, `.${to.split(':')[0]}`), 'utf8');
}
