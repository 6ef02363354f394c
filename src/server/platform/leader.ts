import pg from 'pg';
import type { Database } from './db';

/** What the leader runs while it leads: started when elected, stopped when the lead is lost or given up. */
export type LeaderDuties = {
  start(): Promise<void>;
  stop(): Promise<void>;
};

export type LeadershipOptions = {
  database: Database;
  /** The PostgreSQL URL: the lock lives on a connection of its own, never on a pooled one. */
  databaseUrl?: string;
  /** What is being led, e.g. `inbound-mail`: nodes contend per name (and per database). */
  name: string;
  duties: LeaderDuties;
  /** How often a follower tries to take the lead (default 3 s). */
  retryMs?: number;
  /** How often the leader proves its connection is alive (default 5 s). */
  heartbeatMs?: number;
  /** Told about a failed attempt or a lost lead (default: one line on stderr). */
  log?: (message: string) => void;
};

/**
 * Chooses one process among the nodes on a database to run something that must run once (the inbound SMTP
 * listener, the IMAP poller): a session-level advisory lock held on a dedicated connection.
 *
 * - The holder is killed (kill -9, power loss): the kernel closes its socket, PostgreSQL ends the session and
 *   frees the lock at once; a follower takes it on its next try (within `retryMs`).
 * - The holder hangs (stopped, swapping, a blocked event loop): its session is idle, and
 *   `idle_session_timeout` (three heartbeats) makes PostgreSQL end it and free the lock. When the process
 *   wakes, its next heartbeat fails and it stops its duties — for up to one heartbeat both may run, which is
 *   why the duties must tolerate it (a mail ingested twice is dropped as a duplicate by its Message-ID).
 * - The network to the holder breaks: the heartbeat times out (`query_timeout`), the holder stops its
 *   duties; PostgreSQL frees the lock when TCP keep-alive or the idle timeout ends the session.
 *
 * On the embedded database there is one process: it leads from the start.
 */
export class Leadership {
  private client: pg.Client | null = null;
  private leading = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> = Promise.resolve();
  private readonly retryMs: number;
  private readonly heartbeatMs: number;
  private readonly log: (message: string) => void;

  constructor(private readonly opts: LeadershipOptions) {
    this.retryMs = opts.retryMs ?? 3_000;
    this.heartbeatMs = opts.heartbeatMs ?? 5_000;
    this.log = opts.log ?? ((m) => console.error(`leader (${opts.name}): ${m}`));
  }

  /** Whether this process runs the duties now. */
  get isLeader(): boolean {
    return this.leading;
  }

  /**
   * Makes the first attempt before returning (so a lone node leads as soon as it has started), then keeps
   * trying in the background while another node leads.
   */
  async start(): Promise<void> {
    if (this.opts.database.kind === 'pglite' || !this.opts.databaseUrl) {
      await this.opts.duties.start();
      this.leading = true;
      return;
    }
    await this.tick();
  }

  /** Stops the duties (if leading) and frees the lock for another node. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.busy;
    await this.resign();
  }

  /** One step: a follower tries to take the lead, a leader proves it still holds it. */
  private tick(): Promise<void> {
    this.busy = (this.leading ? this.heartbeat() : this.tryToLead()).finally(() => {
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.tick(), this.leading ? this.heartbeatMs : this.retryMs);
      this.timer.unref();
    });
    return this.busy;
  }

  private async tryToLead(): Promise<void> {
    try {
      const client = this.client ?? (await this.connect());
      const { rows } = await client.query<{ ok: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, 0)) as ok',
        [`jobjacket.leader.${this.opts.name}`],
      );
      if (!rows[0]?.ok) return;
      try {
        await this.opts.duties.start();
        this.leading = true;
        // Operators (and the two-node test) read which node leads from its log.
        console.log(`leader (${this.opts.name}): this node leads (pid ${process.pid})`);
      } catch (error) {
        // Elected but unable to serve (the port is taken): let another node try.
        this.log(`could not start its duties: ${String(error)}`);
        await this.dropConnection();
      }
    } catch (error) {
      this.log(`could not reach the database to contend for the lead: ${String(error)}`);
      await this.dropConnection();
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.client!.query('select 1');
    } catch (error) {
      this.log(`lost the lead (${String(error)}); stopping its duties`);
      await this.resign();
    }
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.opts.databaseUrl,
      application_name: `jobjacket-leader-${this.opts.name}`,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
      query_timeout: Math.max(2_000, this.heartbeatMs),
      connectionTimeoutMillis: 5_000,
    });
    // A dropped connection emits 'error'; the next heartbeat notices and resigns.
    client.on('error', () => {});
    await client.connect();
    this.client = client;
    // A hung holder's idle session is ended by the server, which frees the lock (PostgreSQL 14+).
    await client
      .query(`set idle_session_timeout = ${this.heartbeatMs * 3}`)
      .catch(() => this.log('idle_session_timeout is not supported: a hung leader keeps the lead'));
    return client;
  }

  private async resign(): Promise<void> {
    if (this.leading) {
      this.leading = false;
      await this.opts.duties.stop().catch((e: unknown) => this.log(`stopping its duties: ${String(e)}`));
    }
    await this.dropConnection();
  }

  /** Closing the session frees the advisory lock. */
  private async dropConnection(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
