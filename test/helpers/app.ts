import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import pg from 'pg';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/server/platform/config';
import { createPglite, openDatabase, type Database } from '../../src/server/platform/db';
import { buildApp, type App } from '../../src/server/app';
import type { AppContext } from '../../src/server/platform/context';
import { closeContext, createContext } from '../../src/server/runtime';
import { buildUser } from '../../src/server/factories';
import type { StaffRole } from '../../src/shared/users';
import { withDatabase } from './global-setup';

/** A fresh, migrated database for one test file. */
export async function freshDatabase(
  opts: { poolSize?: number; connectionTimeoutMillis?: number } = {},
): Promise<Database> {
  const provided = inject('database');
  if (provided.kind === 'postgres') {
    const name = `${provided.prefix}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: provided.adminUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${provided.template}`);
    await admin.end();
    return openDatabase({ databaseUrl: withDatabase(provided.adminUrl, name), poolSize: 5, ...opts });
  }
  const pglite = await createPglite({ loadDataDir: new Blob([readFileSync(provided.dump)]) });
  return openDatabase({ pglite });
}

export type Session = { headers: Record<string, string>; userId: string; email: string; role: StaffRole };

export type TestApp = {
  app: App;
  ctx: AppContext;
  db: AppContext['db'];
  /** A signed-in session (cookie + CSRF header) for a new user with the given role. */
  signIn(role?: StaffRole, opts?: { department?: string }): Promise<Session>;
  /** A Bearer-token header for a new user with the given role. */
  tokenFor(role?: StaffRole): Promise<Session>;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

export const PASSWORD = 'correct horse battery';

/** Builds the real app on a fresh database; requests go through `app.inject()`. */
export async function createTestApp(
  env: Record<string, string> = {},
  opts: { database?: Database } = {},
): Promise<TestApp> {
  const database = opts.database ?? (await freshDatabase());
  const filesDir = mkdtempSync(path.join(tmpdir(), 'jj-files-'));
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    JOBJACKET_DEMO: '0',
    JOBJACKET_FILES_DIR: filesDir,
    ...env,
  });
  const ctx = await createContext(config, {
    database,
    queue: { supervise: false, pollingIntervalSeconds: 0.5 },
  });
  const app = await buildApp(ctx, { logger: false });
  await app.ready();

  const signIn = async (role: StaffRole = 'admin', opts: { department?: string } = {}): Promise<Session> => {
    const user = await buildUser(ctx.db, { role, department: opts.department });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'jj_session')!;
    const csrf = (res.json() as { csrfToken: string }).csrfToken;
    return {
      headers: { cookie: `jj_session=${cookie.value}`, 'x-csrf-token': csrf },
      userId: user.id,
      email: user.email,
      role,
    };
  };

  const tokenFor = async (role: StaffRole = 'admin'): Promise<Session> => {
    const s = await signIn(role);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: s.headers,
      payload: { name: 'test' },
    });
    return { ...s, headers: { authorization: `Bearer ${(res.json() as { token: string }).token}` } };
  };

  return {
    app,
    ctx,
    db: ctx.db,
    signIn,
    tokenFor,
    request: (opts) => app.inject(opts),
    close: async () => {
      await app.close();
      await closeContext(ctx);
    },
  };
}
