import type { ImportPreview, ImportResult, ImportUpload } from '../../../../shared/accounts-import';
import type { Actor } from '../../../platform/actor';
import { recordAudit } from '../../../platform/audit';
import type { Db } from '../../../platform/db';
import { invalid } from '../../../platform/errors';
import type { ServiceContext } from '../../../platform/service-context';
import { createAccount, createContact, updateAccount, updateContact } from '../service';
import { applyMapping, resolveMapping, type FullMapping, type MappedRow } from './mapping';
import { parseUpload, type ParsedSheet } from './parse';
import { planImport, type ImportPlan } from './plan';
import { lockImports } from './repo';

const MAX_ERRORS = 500;
const MAX_PLANS = 1000;
const PREVIEW_ROWS = 50;
const MAX_PREVIEW_ROWS = 500;

export type ReadUpload = { filename: string; sheet: ParsedSheet; mapping: FullMapping; rows: MappedRow[] };

/** Decodes, parses and maps an uploaded file; CPU only, so call it before opening a transaction. */
export async function readUpload(upload: ImportUpload): Promise<ReadUpload> {
  const sheet = await parseUpload(upload.filename, Buffer.from(upload.contentBase64, 'base64'));
  const mapping = resolveMapping(sheet.columns, upload.mapping);
  return { filename: upload.filename, sheet, mapping, rows: applyMapping(sheet, mapping) };
}

const countOf = (plan: ImportPlan, action: string) => plan.accounts.filter((a) => a.action === action).length;

/**
 * What an import of this file would do, with every row error; writes nothing. The rows shown are the first 50
 * plus every row with an error or a change (up to 500), so the table can mark them.
 */
export async function previewImport(opts: {
  db: Db;
  actor: Actor;
  file: ReadUpload;
}): Promise<ImportPreview> {
  const { sheet, mapping, rows } = opts.file;
  const plan = await planImport(opts.db, rows, opts.actor);
  const actionOf = new Map(plan.accounts.flatMap((a) => a.rows.map((r) => [r, a.action] as const)));
  const marked = new Set([
    ...plan.errors.map((e) => e.row),
    ...plan.accounts.filter((a) => a.action !== 'unchanged').flatMap((a) => a.rows),
  ]);
  const shown = rows.filter((r, i) => i < PREVIEW_ROWS || marked.has(r.row)).slice(0, MAX_PREVIEW_ROWS);
  return {
    encoding: sheet.encoding,
    columns: sheet.columns,
    mapping,
    totalRows: rows.length,
    accounts: plan.accountCount,
    contacts: plan.contactCount,
    creates: countOf(plan, 'create'),
    updates: countOf(plan, 'update'),
    unchanged: countOf(plan, 'unchanged'),
    plans: plan.accounts
      .filter((a) => a.action !== 'unchanged')
      .slice(0, MAX_PLANS)
      .map(({ row, rows: planRows, action, accountId, name, changes }) => ({
        row,
        rows: planRows,
        action,
        accountId,
        name,
        changes,
      })),
    rows: shown.map((r) => ({ row: r.row, values: r.values, action: actionOf.get(r.row) ?? null })),
    errors: plan.errors.slice(0, MAX_ERRORS),
  };
}

/**
 * Creates and updates every account and contact of the file through the account services (so their rules and
 * audit apply), all or nothing: any row error rejects the whole file. Call inside one transaction; imports are
 * serialised, so the same file committed twice at once creates its new accounts once.
 */
export async function importAccounts(opts: ServiceContext & { file: ReadUpload }): Promise<ImportResult> {
  const { db, actor } = opts;
  const { rows, filename } = opts.file;
  if (!rows.length) throw invalid('The file has no data rows to import');
  await lockImports(db);
  const plan = await planImport(db, rows, actor);
  if (plan.errors.length) {
    const rowCount = new Set(plan.errors.map((e) => e.row)).size;
    const n = plan.errors.length;
    throw invalid(
      `The file has ${n} error${n === 1 ? '' : 's'} in ${rowCount} row${rowCount === 1 ? '' : 's'}; nothing was imported`,
      plan.errors.slice(0, MAX_ERRORS).map((e) => ({ path: `rows.${e.row}.${e.path}`, message: e.message })),
    );
  }
  const result = {
    accountsCreated: 0,
    accountsUpdated: 0,
    accountsUnchanged: 0,
    contactsCreated: 0,
    contactsUpdated: 0,
  };
  for (const planned of plan.accounts) {
    if (planned.create) {
      const account = await createAccount({ ...opts, input: planned.create.input });
      for (const input of planned.create.contacts) {
        await createContact({ ...opts, accountId: account.id, input });
        result.contactsCreated += 1;
      }
      result.accountsCreated += 1;
      continue;
    }
    const update = planned.update!;
    if (planned.action === 'unchanged') {
      result.accountsUnchanged += 1;
      continue;
    }
    if (Object.keys(update.patch).length) {
      await updateAccount({ ...opts, id: update.accountId, input: update.patch });
    }
    for (const c of update.contactUpdates) {
      await updateContact({ ...opts, id: c.id, input: c.input });
      result.contactsUpdated += 1;
    }
    for (const input of update.newContacts) {
      await createContact({ ...opts, accountId: update.accountId, input });
      result.contactsCreated += 1;
    }
    result.accountsUpdated += 1;
  }
  const { accountsCreated: created, accountsUpdated: updated } = result;
  await recordAudit(db, actor, {
    action: 'account.import',
    entityType: 'import',
    entityId: null,
    summary:
      `Imported ${created} new and ${updated} changed accounts and ${result.contactsCreated} contacts ` +
      `from ${filename}`,
    after: { filename, rows: rows.length, ...result },
  });
  return result;
}
