/**
 * The bare HTTP server: the SQL one app request ran (captured by bench/run.ts, written to the file given as the
 * only argument), run in order on one pooled connection per request behind plain node:http, answering the
 * rows as JSON — no framework, no authentication, no validation, no presenter. It is what any Node HTTP service
 * in front of that SQL would pay at least, so it shows how much of a figure's gap to its floor is HTTP and the
 * load generator rather than the app.
 *   tsx bench/bare-server.ts <statements.json>   (env: DATABASE_URL, PORT)
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import pg from 'pg';

type Statement = {
  text: string;
  name?: string;
  values?: unknown[];
  rowMode?: 'array';
  drizzleTypes?: boolean;
};

// drizzle's node-postgres driver reads dates, times and intervals as text and maps them itself; so does this.
const AS_TEXT = new Set([1184, 1114, 1082, 1186, 1231, 1115, 1185, 1187, 1182]);
const drizzleTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    AS_TEXT.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format),
};

const statements = (JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Statement[]).map(
  ({ drizzleTypes: typed, ...config }) => (typed ? { ...config, types: drizzleTypes } : config),
);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

http
  .createServer(async (_req, res) => {
    const client = await pool.connect();
    try {
      const results: unknown[] = [];
      for (const s of statements) results.push((await client.query(s as pg.QueryConfig)).rows);
      const body = JSON.stringify(results);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    } finally {
      client.release();
    }
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('listening'));
