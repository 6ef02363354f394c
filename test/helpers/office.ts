import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/** Runs a headless LibreOffice conversion (its own profile beside the file) into `outDir`; returns the new file. */
async function convert(file: string, to: string, outDir: string): Promise<string> {
  const dir = path.dirname(file);
  await promisify(execFile)(
    '/usr/bin/soffice',
    [
      `-env:UserInstallation=file://${dir}/lo-profile`,
      '--headless',
      '--convert-to',
      to,
      '--outdir',
      outDir,
      file,
    ],
    { timeout: 120_000 },
  );
  return path.join(outDir, path.basename(file).replace(/\.\w+$/, `.${to.split(':')[0]}`));
}

/**
 * Converts a file with LibreOffice (headless, its own profile beside the file) and returns the converted text:
 * `to` is a LibreOffice filter such as `csv`, `txt:Text` or `pdf`. Proves the file opens in a real office suite.
 */
export async function convertWithLibreOffice(file: string, to: string): Promise<string> {
  return readFile(await convert(file, to, path.dirname(file)), 'utf8');
}

/**
 * Opens a file in LibreOffice and saves it again in the same format (e.g. an `.xlsx`), as a user editing it in
 * LibreOffice would: returns the bytes LibreOffice wrote.
 */
export async function resaveWithLibreOffice(file: string): Promise<Buffer> {
  const outDir = path.join(path.dirname(file), 'lo-saved');
  await mkdir(outDir, { recursive: true });
  return readFile(await convert(file, path.extname(file).slice(1), outDir));
}
