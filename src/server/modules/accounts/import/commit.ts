import type { ImportPreview, ImportResult, ImportUpload } from '../../../../shared/accounts-import';
import type { Actor } from '../../../platform/actor';
import { recordAudit } from '../../../platform/audit';
import type { Db } from '../../../platform/db';
import { invalid } from '../../../platform/errors';
import type { ServiceContext } from '../../../platform/service-context';
import { createAccount, createContact } from '../service';
import { applyMapping, resolveMapping, type FullMapping, type MappedRow } from './mapping';
import { parseUpload, type ParsedSheet } from './parse';
import { planImport } from './validate';

const MAX_ERRORS = 500;
const PREVIEW_ROWS = 50;

export type ReadUpload = { filename: string; sheet: ParsedSheet; mapping: FullMapping; rows: MappedRow[] };

/** Decodes, parses and maps an uploaded file; CPU only, so call it before opening a transaction. */
export async function readUpload(upload: ImportUpload): Promise<ReadUpload> {
  const sheet = await parseUpload(upload.filename, Buffer.from(upload.contentBase64, 'base64'));
  const mapping = resolveMapping(sheet.columns, upload.mapping);
  return { filename: upload.filename, sheet, mapping, rows: applyMapping(sheet, mapping) };
}

/** What an import of this file would do, with every row error; writes nothing. */
export async function previewImport(opts: {
  db: Db;
  actor: Actor;
  file: ReadUpload;
}): Promise<ImportPreview> {
  const { sheet, mapping, rows } = opts.file;
  const plan = await planImport(opts.db, rows, opts.actor);
  return {
    encoding: sheet.encoding,
    columns: sheet.columns,
    mapping,
    totalRows: rows.length,
    accounts: plan.accountCount,
    contacts: plan.contactCount,
    rows: rows.slice(0, PREVIEW_ROWS).map((r) => ({ row: r.row, values: r.values })),
    errors: plan.errors.slice(0, MAX_ERRORS),
  };
}

/**
 * Creates every account and contact of the file through the account services (so their rules and audit
 * apply), all or nothing: any row error rejects the whole file. Call inside one transaction.
 */
export async function importAccounts(opts: ServiceContext & { file: ReadUpload }): Promise<ImportResult> {
  const { db, actor } = opts;
  const { rows, filename } = opts.file;
  if (!rows.length) throw invalid('The file has no data rows to import');
  const plan = await planImport(db, rows, actor);
  if (plan.errors.length) {
    const rowCount = new Set(plan.errors.map((e) => e.row)).size;
    const n = plan.errors.length;
    throw invalid(
      `The file has ${n} error${n === 1 ? '' : 's'} in ${rowCount} row${rowCount === 1 ? '' : 's'}; nothing was imported`,
      plan.errors.slice(0, MAX_ERRORS).map((e) => ({ path: `rows.${e.row}.${e.path}`, message: e.message })),
    );
  }
  let contactsCreated = 0;
  for (const planned of plan.accounts) {
    const account = await createAccount({ ...opts, input: planned.input });
    for (const input of planned.contacts) {
      await createContact({ ...opts, accountId: account.id, input });
      contactsCreated += 1;
    }
  }
  const accountsCreated = plan.accounts.length;
  await recordAudit(db, actor, {
    action: 'account.import',
    entityType: 'import',
    entityId: null,
    summary: `Imported ${accountsCreated} accounts and ${contactsCreated} contacts from ${filename}`,
    after: { filename, rows: rows.length, accountsCreated, contactsCreated },
  });
  return { accountsCreated, contactsCreated };
}
