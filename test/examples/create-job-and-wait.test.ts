import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresUrl, staffClient, startServer, type ServerProcess } from '../helpers/server-process';

// The example integration (examples/create-job-and-wait.ts) against the real server, as CI runs it.
const dir = mkdtempSync(path.join(tmpdir(), 'jj-example-'));
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('examples/create-job-and-wait.ts', () => {
  it('creates a job with an API token and receives its verified job.created webhook', async () => {
    const pgUrl = await freshPostgresUrl();
    server = await startServer({
      ...(pgUrl
        ? { DATABASE_URL: pgUrl, JOBJACKET_FILES_DIR: path.join(dir, 'files') }
        : { JOBJACKET_DATA_DIR: dir }),
      JOBJACKET_WEBHOOKS_ALLOW_PRIVATE: '1',
    });
    const admin = await staffClient(server.url);
    const created = await admin.call<{ token: string }>('POST', '/api-tokens', { name: 'Example script' });
    expect(created.status).toBe(201);
    const run = spawn(process.execPath, ['--import', 'tsx', 'examples/create-job-and-wait.ts'], {
      env: { ...process.env, JOBJACKET_URL: server.url, JOBJACKET_TOKEN: created.body.token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    run.stdout.on('data', (d: Buffer) => (output += d.toString()));
    run.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => run.once('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/webhook job\.created received and verified for J-/);
  }, 120_000);
});
