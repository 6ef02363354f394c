import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import pg from 'pg';
import { withDatabase } from './global-setup';

/**
 * The real server as a child process (`node bin/jobjacket.mjs serve`), for tests that kill it with
 * SIGKILL and start it again on the same database.
 */
export type ServerProcess = {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown hooks, no flush, as when the machine loses power. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
};

export const ADMIN = { email: 'crash.admin@example.test', password: 'a strong crash password' };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A fresh, migrated PostgreSQL database cloned from the suite's template; null on the embedded database. */
export async function freshPostgresUrl(): Promise<string | null> {
  const provided = inject('database');
  if (provided.kind !== 'postgres') return null;
  const name = `${provided.prefix}_srv_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: provided.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${provided.template}`);
  await admin.end();
  return withDatabase(provided.adminUrl, name);
}

/** Starts `jobjacket serve` and waits until /ready answers 200. */
export async function startServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, [path.resolve('bin/jobjacket.mjs'), 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: String(p),
      HOST: '127.0.0.1',
      JOBJACKET_DEMO: '0',
      JOBJACKET_ADMIN_EMAIL: ADMIN.email,
      JOBJACKET_ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      JOBJACKET_DRAIN_SECONDS: '0', // no load balancer to warn: SIGTERM closes at once
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become ready:\n${output}`);
    }
    const ready = await fetch(`${url}/ready`).catch(() => null);
    if (ready?.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port: p,
    child,
    output: () => output,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A small JSON client with a staff session (cookie + CSRF) against a running server. */
export async function staffClient(url: string, who = ADMIN) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken };
  return {
    headers,
    async call<T = Record<string, unknown>>(
      method: string,
      p: string,
      body?: unknown,
      extra: Record<string, string> = {},
    ) {
      const res = await fetch(`${url}/api/v1${p}`, {
        method,
        headers: {
          ...headers,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...extra,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    },
  };
}
