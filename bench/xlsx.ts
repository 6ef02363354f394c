/**
 * A 100,000-row XLSX export through the report engine and the streaming XLSX writer, in its own process so
 * its peak memory is its own: one row per portal order line (the largest table of the dataset), typed cells
 * (text, integers, money, dates). Prints `100,000-row XLSX export: S s, peak M MB RSS`.
 *   tsx bench/xlsx.ts <database url> [rows]
 */
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase } from '../src/server/platform/db';
import { systemActor } from '../src/server/platform/actor';
import { defineReport, everyone } from '../src/server/modules/reports/definition';
import { prepareDefinition } from '../src/server/modules/reports/engine';
import { shopClock } from '../src/server/platform/service-context';
import { reportSource, writeReport } from '../src/server/modules/reports/formats';
import { nameOnlyLetterhead } from '../src/server/platform/documents/letterhead';

const [url, rowsArg] = process.argv.slice(2);
if (!url) throw new Error('usage: tsx bench/xlsx.ts <database url> [rows]');
const rows = Number(rowsArg ?? 100_000);

const orderLines = defineReport({
  id: 'bench-order-lines',
  title: 'Portal order lines',
  description: 'Every order line, for the export benchmark.',
  audience: 'client',
  roles: everyone,
  params: z.object({}).strict(),
  columns: [
    { key: 'number', label: 'Order', type: 'text' },
    { key: 'status', label: 'Status', type: 'text' },
    { key: 'sku', label: 'SKU', type: 'text' },
    { key: 'product', label: 'Product', type: 'text' },
    { key: 'quantity', label: 'Units', type: 'integer', total: 'sum' },
    { key: 'unit_price_cents', label: 'Unit price', type: 'money' },
    { key: 'value_cents', label: 'Value', type: 'money', total: 'sum' },
    { key: 'ordered_on', label: 'Ordered', type: 'date' },
  ],
  query: () => sql`
    select o.number, o.status, p.sku, p.name as product, l.quantity, l.unit_price_cents,
      (l.quantity::bigint * l.unit_price_cents)::bigint as value_cents, o.created_at::date::text as ordered_on,
      l.id::text as _k
    from (select * from order_lines order by id limit ${rows}) l
      join orders o on o.id = l.order_id
      join products p on p.id = l.product_id`,
});

const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
const dir = mkdtempSync(path.join(tmpdir(), 'jj-bench-xlsx-'));
const file = path.join(dir, 'lines.xlsx');
const started = performance.now();
const prepared = await prepareDefinition({
  db: database.db,
  actor: systemActor,
  def: orderLines,
  parameters: {},
  clock: shopClock('America/Chicago'),
  timeZone: 'America/Chicago',
});
let written = 0;
const source = reportSource(database.db, prepared, {
  letterhead: nameOnlyLetterhead('Bench'),
  onProgress: (n) => {
    written = n;
  },
});
const out = createWriteStream(file);
await writeReport('xlsx', source, out);
await finished(out);
const seconds = (performance.now() - started) / 1000;
await database.close();
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(
  `${written.toLocaleString('en-US')}-row XLSX export: ${seconds.toFixed(1)} s, peak ${peakMb.toFixed(0)} MB RSS, ` +
    `${(statSync(file).size / 1e6).toFixed(1)} MB file`,
);
