import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './server-process';

const BIN = '/usr/lib/postgresql/15/bin';

/**
 * A throw-away PostgreSQL 15 cluster in a temporary folder, on its own port, that a test may stop and
 * start at will (never the shared cluster other tests use). As root, it runs as the `postgres` user.
 */
export type Cluster = { url: (db?: string) => string; stop(): void; start(): void; destroy(): void };

export async function startCluster(): Promise<Cluster | { skipped: string }> {
  if (!existsSync(`${BIN}/initdb`)) return { skipped: `no PostgreSQL 15 binaries at ${BIN}` };
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'jj-pgcluster-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  const run = (cmd: string, args: string[]) =>
    execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, {
      stdio: 'pipe',
      timeout: 60_000,
    });
  try {
    if (root) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, uid, gid);
    }
    run(`${BIN}/initdb`, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { skipped: `initdb failed: ${String((err as { stderr?: Buffer }).stderr ?? err)}` };
  }
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on`;
  const cluster: Cluster = {
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    start: () =>
      void run(`${BIN}/pg_ctl`, ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']),
    stop: () => void run(`${BIN}/pg_ctl`, ['-D', data, '-m', 'fast', '-w', 'stop']),
    destroy: () => {
      try {
        run(`${BIN}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    cluster.start();
  } catch (err) {
    cluster.destroy();
    return { skipped: `pg_ctl start failed: ${String((err as { stderr?: Buffer }).stderr ?? err)}` };
  }
  return cluster;
}
