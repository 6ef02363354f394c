import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/server/platform/config';
import { acquireDataDirLock, DataDirLockedError } from '../src/server/platform/db/lock';

const run = promisify(execFile);
const cli = path.resolve('bin/jobjacket.mjs');

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, JOBJACKET_DATA_DIR: './data', JOBJACKET_DEMO: true });
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.secureCookies).toBe(false);
  });

  it('stops with a message naming every wrong value', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JOBJACKET_DEMO: 'maybe' }),
    ).toThrowError(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/DATABASE_URL: must be a postgres/);
    }
  });

  it('uses secure cookies behind an https public URL', () => {
    expect(loadConfig({ JOBJACKET_PUBLIC_URL: 'https://print.example.com' }).secureCookies).toBe(true);
  });
});

describe('embedded database lock', () => {
  it('refuses a second holder of the same data folder while the first lives, and frees it on release', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jj-lock-'));
    writeFileSync(path.join(dir, 'jobjacket.lock'), String(process.ppid)); // a live process that is not us
    expect(() => acquireDataDirLock(dir)).toThrowError(DataDirLockedError);
    writeFileSync(path.join(dir, 'jobjacket.lock'), '999999999'); // a dead process: stale lock is taken over
    const release = acquireDataDirLock(dir);
    release();
    acquireDataDirLock(dir)();
  });

  it('makes a second server on the same folder exit with a clear message', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jj-lock-'));
    writeFileSync(path.join(dir, 'jobjacket.lock'), String(process.ppid));
    const result = await run('node', [cli, 'migrate'], {
      env: { ...process.env, DATABASE_URL: '', JOBJACKET_DATA_DIR: dir },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((result as { code: number }).code).toBe(1);
    expect((result as { stderr: string }).stderr).toMatch(/in use by process/);
  });
});

describe('jobjacket command', () => {
  it('documents every command with --help', async () => {
    const { stdout } = await run('node', [cli, '--help']);
    for (const command of [
      'serve',
      'worker',
      'migrate',
      'create-admin',
      'create-api-token',
      'seed-demo',
      'backup',
      'restore',
    ]) {
      expect(stdout).toContain(command);
    }
    const { stdout: tokenHelp } = await run('node', [cli, 'create-api-token', '--help']);
    expect(tokenHelp).toContain('--email');
  });

  it('creates an admin and prints an API token for them on an embedded database', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jj-cli-'));
    const env = { ...process.env, DATABASE_URL: '', JOBJACKET_DATA_DIR: dir, LOG_LEVEL: 'silent' };
    await run(
      'node',
      [cli, 'create-admin', '--email', 'ops@example.test', '--password', 'a strong password'],
      { env },
    );
    const { stdout } = await run('node', [cli, 'create-api-token', '--email', 'ops@example.test'], { env });
    expect(stdout.trim()).toMatch(/^jj_[\w-]{40,}$/);
    const bad = await run('node', [cli, 'create-api-token', '--email', 'nobody@example.test'], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((bad as { stderr: string }).stderr).toMatch(/No user with e-mail/);
  }, 120_000);
});
