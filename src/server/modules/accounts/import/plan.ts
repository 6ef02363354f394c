import type { ImportAction, ImportChange, ImportRowError } from '../../../../shared/accounts-import';
import type { Actor } from '../../../platform/actor';
import type { Db } from '../../../platform/db';
import { listUsers } from '../../users';
import type { MappedRow } from './mapping';
import { planUpdate, type Existing, type PlannedUpdate } from './plan-update';
import {
  findAccountsByIds,
  findActiveAccountsByLowerNames,
  findAddressesOf,
  findContactsOf,
  findCostCentresOf,
  type AccountRow,
} from './repo';
import { Errors, groupRows, planCreate, rowOf, type Group } from './validate';

export type PlannedAccount = {
  row: number;
  rows: number[];
  name: string;
  action: ImportAction;
  accountId: string | null;
  changes: ImportChange[];
  create?: NonNullable<ReturnType<typeof planCreate>>;
  update?: PlannedUpdate;
};

export type ImportPlan = {
  /** One entry per account of the file (only complete when there are no errors). */
  accounts: PlannedAccount[];
  accountCount: number;
  contactCount: number;
  errors: ImportRowError[];
};

/**
 * The account each group updates: by its Account ID, else by its exact name (case aside, archived accounts
 * left out); null to create.
 */
async function findTargets(db: Db, groups: Group[], errors: Errors) {
  const ids = groups.flatMap((g) => (g.accountId ? [g.accountId] : []));
  const names = groups.map((g) => g.name.toLowerCase());
  // One after another: inside a transaction they share one connection.
  const byIdRows = await findAccountsByIds(db, ids);
  const byNameRows = await findActiveAccountsByLowerNames(db, names);
  const byId = new Map(byIdRows.map((a) => [a.id, a]));
  const byName = new Map(byNameRows.map((a) => [a.name.toLowerCase(), a]));
  const claimedBy = new Map<string, number>();
  const targets = new Map<Group, AccountRow | null>();
  const unusable = new Set<Group>();
  for (const g of groups) {
    let target: AccountRow | null = null;
    if (g.accountId) {
      // An id this database never issued (a file from another installation) falls back to the name.
      target = byId.get(g.accountId) ?? byName.get(g.name.toLowerCase()) ?? null;
      if (target?.archivedAt) {
        const why = `"${target.name}" is archived; restore it before importing changes to it`;
        errors.add(g.firstRow, 'accountId', why);
        unusable.add(g);
        target = null;
      }
    } else {
      target = byName.get(g.name.toLowerCase()) ?? null;
    }
    if (target) {
      const other = claimedBy.get(target.id);
      if (other !== undefined) errors.add(g.firstRow, 'accountName', `The same account as row ${other}`);
      claimedBy.set(target.id, g.firstRow);
    }
    targets.set(g, target);
  }
  return { targets, unusable };
}

/** Loads what the matched accounts hold today, for the comparison. */
async function loadExisting(db: Db, targets: AccountRow[]): Promise<Map<string, Existing>> {
  const ids = targets.map((a) => a.id);
  const addresses = await findAddressesOf(db, ids);
  const centres = await findCostCentresOf(db, ids);
  const contacts = await findContactsOf(db, ids);
  return new Map(
    targets.map((account) => [
      account.id,
      {
        account,
        addresses: addresses.get(account.id) ?? [],
        centres: centres.get(account.id) ?? [],
        contacts: contacts.get(account.id) ?? [],
      },
    ]),
  );
}

/**
 * Checks every row against the API's own schemas and the database, and decides for each account of the file
 * whether it is created, updated (and what changes) or left unchanged. Writes nothing.
 */
export async function planImport(db: Db, rows: MappedRow[], actor: Actor): Promise<ImportPlan> {
  const errors = new Errors();
  const groups = groupRows(rows, errors);
  const users = await listUsers({ db });
  const { targets, unusable } = await findTargets(db, groups, errors);
  const existing = await loadExisting(
    db,
    [...targets.values()].filter((a): a is AccountRow => Boolean(a)),
  );
  // A rename must not take a name another account has.
  const renames = groups.filter((g) => targets.get(g) && targets.get(g)!.name !== g.name);
  const taken = await findActiveAccountsByLowerNames(
    db,
    renames.map((g) => g.name.toLowerCase()),
  );
  const accounts: PlannedAccount[] = [];
  let contactCount = 0;
  for (const g of groups) {
    contactCount += g.contactRows.length;
    const target = targets.get(g);
    const base = { row: g.firstRow, rows: g.rows, name: g.name };
    if (unusable.has(g)) continue; // an archived account (error recorded)
    if (!target) {
      const create = planCreate(g, users, actor, errors);
      if (create) accounts.push({ ...base, action: 'create', accountId: null, changes: [], create });
      continue;
    }
    const clash = taken.find((a) => a.id !== target.id && a.name.toLowerCase() === g.name.toLowerCase());
    if (clash)
      errors.add(rowOf(g, 'accountName'), 'accountName', `An account named "${clash.name}" already exists`);
    const update = planUpdate(g, existing.get(target.id)!, { users, actor, errors });
    const action = update.changes.length ? 'update' : 'unchanged';
    accounts.push({ ...base, action, accountId: target.id, changes: update.changes, update });
  }
  errors.list.sort((a, b) => a.row - b.row);
  return { accounts, accountCount: groups.length, contactCount, errors: errors.list };
}
