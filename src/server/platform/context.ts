import type { Config } from './config';
import type { Database, Db } from './db';
import type { FileStore } from './files';
import type { Mailer } from './mail';
import type { Queue } from './queue';

/** What the running server holds: configuration, database, queue and mailer. Routes reach it as `app.ctx`. */
export type AppContext = {
  config: Config;
  database: Database;
  db: Db;
  queue: Queue;
  mailer: Mailer;
  files: FileStore;
  /** What report runs and exports read: the read replica (DATABASE_REPLICA_URL) when set, else `db`. */
  reportDb: Db;
};
