import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { AccountListQuery, segmentLabels, statusLabels } from '../../../shared/accounts';
import { ExportQuery as ExportFormat, ImportField } from '../../../shared/accounts-import';
import type { Actor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { listUsers } from '../users';
import { columnLabels } from './import/mapping';
import { defaultAddress, findAddressesOf, findContactsOf, findCostCentresOf } from './import/repo';
import { formatCostCentres } from './import/values';
import { findAccountPage } from './repo';

/** The account list's filters (without paging) plus the file format. */
export const AccountExportQuery = AccountListQuery.omit({ limit: true, cursor: true }).extend(
  ExportFormat.shape,
);
export type AccountExportQuery = z.output<typeof AccountExportQuery>;

const PAGE = 500;
type Cell = string | boolean | Date | null;
type Column = { key: string; header: string };

// The import's columns first (so the file re-imports), then facts the import does not read.
const columns: Column[] = [
  ...ImportField.options.map((f) => ({ key: f, header: columnLabels[f] })),
  { key: 'createdOn', header: 'Account created' },
];

/**
 * Yields the export rows a page of accounts at a time: one row per contact, or one per account without. Every
 * field the import reads is written (the default billing and shipping address, active cost centres), with the
 * Account ID first so that a re-import updates these accounts.
 */
async function* exportRows(db: Db, actor: Actor, query: AccountExportQuery) {
  const { format: _format, ...filters } = query;
  const ownerEmails = new Map((await listUsers({ db })).map((u) => [u.id, u.email]));
  let cursor: string | undefined;
  do {
    const page = await findAccountPage(db, { ...filters, limit: PAGE, cursor }, actor.id);
    const ids = page.rows.map((r) => r.account.id);
    const addresses = await findAddressesOf(db, ids);
    const centres = await findCostCentresOf(db, ids);
    const contacts = await findContactsOf(db, ids);
    const rows: Record<string, Cell>[] = [];
    for (const { account: a } of page.rows) {
      const b = defaultAddress(addresses.get(a.id), 'billing');
      const s = defaultAddress(addresses.get(a.id), 'shipping');
      const created = a.createdAt;
      const base: Record<string, Cell> = {
        accountId: a.id,
        accountName: a.name,
        segment: segmentLabels[a.segment],
        status: statusLabels[a.status],
        ownerEmail: a.ownerId ? (ownerEmails.get(a.ownerId) ?? null) : null,
        poRequired: a.poRequired,
        paymentTerms: a.paymentTerms,
        taxExempt: a.taxExempt,
        taxExemptCertificate: a.taxExemptCertificate,
        // Text, not a date cell: a spreadsheet shows it as written and the import reads it back as it was.
        taxExemptExpiresOn: a.taxExemptExpiresOn,
        tags: a.tags.join('; '),
        notes: a.notes,
        billingLine1: b?.line1 ?? null,
        billingLine2: b?.line2 ?? null,
        billingCity: b?.city ?? null,
        billingRegion: b?.region ?? null,
        billingPostalCode: b?.postalCode ?? null,
        shippingLine1: s?.line1 ?? null,
        shippingLine2: s?.line2 ?? null,
        shippingCity: s?.city ?? null,
        shippingRegion: s?.region ?? null,
        shippingPostalCode: s?.postalCode ?? null,
        costCentres: formatCostCentres(centres.get(a.id) ?? []) || null,
        createdOn: new Date(Date.UTC(created.getUTCFullYear(), created.getUTCMonth(), created.getUTCDate())),
      };
      const list = contacts.get(a.id) ?? [];
      if (!list.length) rows.push(base);
      for (const c of list) {
        rows.push({
          ...base,
          contactFirstName: c.firstName,
          contactLastName: c.lastName,
          contactTitle: c.title,
          contactEmail: c.emails.join('; '),
          contactPhone: c.phones.map((p) => p.number).join('; '),
        });
      }
    }
    yield rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Text that a spreadsheet would run as a formula gets a leading ' (the import removes it again). */
export const guardFormula = (s: string) => (/^[=+\-@]/.test(s) ? `'${s}` : s);

function csvText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'Yes' : 'No';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return guardFormula(cell);
}

async function toCsv(rows: AsyncGenerator<Record<string, Cell>[]>): Promise<Buffer> {
  const options = { record_delimiter: 'windows' as const };
  // The BOM makes Excel read the file as UTF-8 instead of the machine's code page.
  const parts = ['\ufeff', stringify([columns.map((c) => c.header)], options)];
  for await (const page of rows) {
    parts.push(
      stringify(
        page.map((r) => columns.map((c) => csvText(r[c.key] ?? null))),
        options,
      ),
    );
  }
  return Buffer.from(parts.join(''), 'utf8');
}

async function toXlsx(rows: AsyncGenerator<Record<string, Cell>[]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Jobjacket';
  const sheet = workbook.addWorksheet('Accounts', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, header: c.header }));
  sheet.getRow(1).font = { bold: true };
  const widths = columns.map((c) => c.header.length);
  for await (const page of rows) {
    for (const r of page) {
      // Strings stay strings (never formulas), so text like "=HYPERLINK()" cannot run.
      sheet.addRow(columns.map((c) => r[c.key] ?? null));
      columns.forEach((c, i) => {
        const v = r[c.key];
        const len = typeof v === 'string' ? Math.max(...v.split('\n').map((l) => l.length)) : 10;
        widths[i] = Math.max(widths[i]!, len);
      });
    }
  }
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.min(Math.max(widths[i]! + 2, 10), 60);
    if (c.key === 'createdOn') column.numFmt = 'yyyy-mm-dd';
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * The filtered accounts as a CSV or XLSX file with the import's columns, read from the database
 * 500 accounts at a time.
 */
export async function exportAccounts(opts: { db: Db; actor: Actor; query: AccountExportQuery }) {
  const { db, actor, query } = opts;
  const rows = exportRows(db, actor, query);
  const body = query.format === 'xlsx' ? await toXlsx(rows) : await toCsv(rows);
  const day = new Date().toISOString().slice(0, 10);
  return { body, filename: `accounts-${day}.${query.format}`, contentType: contentTypes[query.format] };
}
