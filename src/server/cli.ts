import { Command } from 'commander';
import { ConfigError, loadConfig } from './platform/config';
import { DataDirLockedError } from './platform/db/lock';
import { migrateDatabase } from './platform/db';
import { backupDatabase, filesBackupAdvice, restoreDatabase } from './backup';
import { copyFolderToStore, copyStoreToFolder, openFileStore } from './platform/files';
import { systemActor } from './platform/actor';
import { buildApp } from './app';
import { bootstrap, describeBootstrap } from './bootstrap';
import { closeContext, createContext, openConfiguredDatabase } from './runtime';
import { createApiToken, createUser, findUserByEmail } from './modules/users';
import { seedDemo, isEmpty } from './demo/seed';
import { Password } from '../shared/users';
import { todayIn } from './platform/clock';
import { addImbCommand } from './modules/mailing';
import { registerDrain } from './platform/http/drain';
import { setTimeout as sleep } from 'node:timers/promises';

const program = new Command('jobjacket').description('Jobjacket: the print & mail shop system');

/** Runs a command with the migrated database, then closes it. */
async function withContext<T>(fn: (ctx: Awaited<ReturnType<typeof createContext>>) => Promise<T>) {
  const ctx = await createContext(loadConfig(), { queue: { supervise: false }, inbound: false });
  try {
    return await fn(ctx);
  } finally {
    await closeContext(ctx);
  }
}

/** How long a stopping worker waits for its running jobs (a job still running then runs again elsewhere). */
const JOB_DRAIN_MS = 60_000;

/**
 * Stops the process on SIGTERM or SIGINT by `drain`, then exits 0; a second signal, or a drain that takes
 * longer than `limitMs`, ends it at once with 1.
 */
function onStopSignal(drain: (signal: NodeJS.Signals) => Promise<void>, limitMs: number) {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting without finishing the drain`);
      process.exit(1);
    }
    stopping = true;
    setTimeout(() => {
      console.error(`The drain took longer than ${limitMs / 1000} s: exiting`);
      process.exit(1);
    }, limitMs).unref();
    drain(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('Stopping failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

program
  .command('serve')
  .description('Start the web server (and the workers, unless JOBJACKET_WORKERS=off)')
  .action(async () => {
    const config = loadConfig();
    const ctx = await createContext(config);
    const report = await bootstrap(ctx);
    if (config.JOBJACKET_WORKERS === 'inline') await ctx.queue.work();
    const app = await buildApp(ctx);
    const drain = registerDrain(app);
    // SIGTERM (a rolling restart): /ready says 503 for JOBJACKET_DRAIN_SECONDS so the load balancer stops
    // sending, then the listener closes, requests in flight finish, running jobs finish, the pool closes.
    // SIGINT (Ctrl-C at a terminal) skips the notice.
    const noticeMs = config.JOBJACKET_DRAIN_SECONDS * 1000;
    onStopSignal(
      async (signal) => {
        drain.begin();
        if (signal === 'SIGTERM' && noticeMs > 0) {
          console.log(`SIGTERM: not ready for ${config.JOBJACKET_DRAIN_SECONDS} s, then closing`);
          await sleep(noticeMs);
        }
        await app.close();
        await ctx.queue.stop({ timeoutMs: JOB_DRAIN_MS });
        await closeContext(ctx);
        console.log('Jobjacket stopped');
      },
      noticeMs + JOB_DRAIN_MS + 30_000,
    );
    await app.listen({ port: config.PORT, host: config.HOST });
    console.log('\n' + describeBootstrap(report, config.publicUrl) + '\n');
  });

program
  .command('worker')
  .description('Run the queue workers only (e-mail, later imports and reports); needs DATABASE_URL')
  .action(async () => {
    const config = loadConfig();
    if (!config.DATABASE_URL) {
      throw new ConfigError(
        'A separate worker needs DATABASE_URL: the embedded database serves one process only',
      );
    }
    const ctx = await createContext(config);
    await ctx.queue.work();
    console.log('Jobjacket worker is running; stop it with Ctrl-C');
    // Fetch no new job, finish the running ones, close the pool.
    onStopSignal(async () => {
      await ctx.queue.stop({ timeoutMs: JOB_DRAIN_MS });
      await closeContext(ctx);
      console.log('Jobjacket worker stopped');
    }, JOB_DRAIN_MS + 30_000);
  });

program
  .command('migrate')
  .description('Apply database migrations')
  .action(async () => {
    const database = await openConfiguredDatabase(loadConfig());
    await migrateDatabase(database);
    await database.close();
    console.log('Database is up to date');
  });

program
  .command('create-admin')
  .description('Create an admin user')
  .requiredOption('--email <email>', 'e-mail address to sign in with')
  .requiredOption('--password <password>', 'at least 10 characters')
  .option('--name <name>', 'display name', 'Administrator')
  .action(async (o: { email: string; password: string; name: string }) => {
    Password.parse(o.password);
    await withContext((ctx) =>
      ctx.db.transaction((db) =>
        createUser({
          db,
          actor: systemActor,
          input: { email: o.email, name: o.name, password: o.password, role: 'admin' },
        }),
      ),
    );
    console.log(`Admin ${o.email} created`);
  });

program
  .command('create-api-token')
  .description('Print a new API token for a user (for scripts and operations)')
  .requiredOption('--email <email>', 'the user the token acts as')
  .option('--name <name>', 'what the token is for', 'command line')
  .option('--days <days>', 'days until it expires (0 = never)', '365')
  .action(async (o: { email: string; name: string; days: string }) => {
    const token = await withContext(async (ctx) => {
      const user = await findUserByEmail(ctx.db, o.email);
      if (!user) throw new ConfigError(`No user with e-mail ${o.email}`);
      const days = Number(o.days);
      return ctx.db.transaction((db) =>
        createApiToken({
          db,
          actor: systemActor,
          userId: user.id,
          name: o.name,
          expiresInDays: days > 0 ? days : null,
          defaultDays: ctx.config.JOBJACKET_TOKEN_DAYS,
        }),
      );
    });
    console.log(token.token);
  });

program
  .command('seed-demo')
  .description('Load the demo shop (staff users and client accounts) into an empty database')
  .action(async () => {
    await withContext(async (ctx) => {
      if (!(await isEmpty(ctx.db)))
        throw new ConfigError('The database already has accounts: demo data goes only into an empty one');
      const r = await ctx.db.transaction((db) => seedDemo(db, todayIn(ctx.config.JOBJACKET_TIMEZONE)));
      console.log(`Loaded ${r.accounts} accounts, ${r.jobs} jobs and ${r.users} staff users`);
    });
  });

program
  .command('backup')
  .description('Write every table to a portable gzipped file (restores on PGlite or PostgreSQL)')
  .argument('<file>', 'where to write, e.g. jobjacket.backup.gz')
  .action(async (file: string) => {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      const counts = await backupDatabase(database, file);
      console.log(`Backed up ${Object.values(counts).reduce((a, b) => a + b, 0)} rows to ${file}`);
      for (const line of filesBackupAdvice(config)) console.log(line);
    } finally {
      await database.close();
    }
  });

program
  .command('backup-files')
  .description('Copy every stored file (local folder or S3 bucket) into a local folder')
  .argument('<dir>', 'where to copy them, e.g. shop-files')
  .action(async (dir: string) => {
    const store = await openFileStore(loadConfig());
    const { files, bytes } = await copyStoreToFolder(store, dir);
    console.log(`Copied ${files} files (${bytes} bytes) from ${store.location} to ${dir}`);
  });

program
  .command('restore-files')
  .description('Put the files of a folder written by backup-files into the configured store')
  .argument('<dir>', 'a folder written by jobjacket backup-files')
  .action(async (dir: string) => {
    const store = await openFileStore(loadConfig());
    const { files, bytes } = await copyFolderToStore(dir, store);
    console.log(`Restored ${files} files (${bytes} bytes) from ${dir} to ${store.location}`);
  });

program
  .command('restore')
  .description('Load a backup into an empty database (migrates it first); all or nothing')
  .argument('<file>', 'a file written by jobjacket backup')
  .action(async (file: string) => {
    const database = await openConfiguredDatabase(loadConfig());
    try {
      await migrateDatabase(database);
      const counts = await restoreDatabase(database, file);
      console.log(`Restored ${Object.values(counts).reduce((a, b) => a + b, 0)} rows from ${file}`);
    } finally {
      await database.close();
    }
  });

addImbCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(
      `The port is already in use (${(err as Error).message}): stop the other server or set PORT`,
    );
  } else if (err && typeof err === 'object' && 'issues' in err) {
    console.error(`Invalid input: ${String((err as unknown as Error).message)}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
