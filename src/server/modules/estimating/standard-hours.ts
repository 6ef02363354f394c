import { and, asc, eq } from 'drizzle-orm';
import type { ItemSpec } from '../../../shared/jobs';
import type { Db } from '../../platform/db';
import { getRules } from './cost-model';
import { impose, offsetPasses, pressRefusal, pressTime, spoilagePercent, type Press } from './engine';
import { presses } from './tables';

const MM_PER_INCH = 25.4;

/** A machine of a department as planning sees it: its press time for an item (null: no size to compute it). */
export type MachineOption = { id: string; name: string; hoursPerDay: number | null; hours: number | null };

/**
 * The active presses of a department that can run an item, each with its make-ready plus run time (as the
 * estimate prices it, the press sheet at its largest). A press too small or with too few colours is left out;
 * when the spec gives no size every press is offered with a null time (the caller uses the route's typed time).
 * Empty when the department has no press (its work is hand work) or when none can run the item.
 */
export async function machineOptions(
  db: Db,
  opts: { spec: ItemSpec; quantity: number; departmentId: string },
): Promise<MachineOption[]> {
  const rows = await db
    .select()
    .from(presses)
    .where(and(eq(presses.departmentId, opts.departmentId), eq(presses.active, true)))
    .orderBy(asc(presses.name));
  if (!rows.length) return [];
  const flat = opts.spec.flatSize ?? opts.spec.finishedSize;
  const base = (r: (typeof rows)[number]) => ({ id: r.id, name: r.name, hoursPerDay: r.hoursPerDay });
  if (!flat) return rows.map((r) => ({ ...base(r), hours: null }));
  const rules = await getRules(db).catch(() => null);
  const piece =
    flat.unit === 'mm'
      ? { width: flat.width / MM_PER_INCH, height: flat.height / MM_PER_INCH }
      : { width: flat.width, height: flat.height };
  const inks = {
    front: opts.spec.inks?.front ?? 4,
    back: opts.spec.inks?.back ?? 0,
    spots: opts.spec.inks?.spots.length ?? 0,
  };
  const out: MachineOption[] = [];
  for (const r of rows) {
    const press: Press = {
      ...r,
      maxSheet: { width: r.maxSheetWidth, height: r.maxSheetHeight },
      minSheet: { width: r.minSheetWidth, height: r.minSheetHeight },
    };
    const item = {
      flat: piece,
      inks,
      flatsPerCopy: 1,
      paper: { name: 'press sheet', sheet: press.maxSheet, costPerThousandCents: 0 },
      operations: [],
      outside: [],
      postageCentsPerPiece: 0,
    };
    if (pressRefusal(press, item)) continue;
    const { up } = impose(piece, press.maxSheet, {
      marginIn: press.marginIn,
      bleedIn: rules?.bleedIn ?? 0.125,
      gutterIn: rules?.gutterIn ?? 0,
    });
    if (up === 0) continue;
    const runSheets = Math.ceil(opts.quantity / up);
    const passes = press.kind === 'offset' ? offsetPasses(press, inks) : 1;
    const spoilage = Math.ceil((runSheets * spoilagePercent(opts.quantity, rules?.spoilage ?? [])) / 100);
    const t = pressTime(press, inks, runSheets + spoilage + press.makeReadySheets * passes, passes);
    out.push({ ...base(r), hours: t.makeReadyHours + t.runHours });
  }
  return out;
}

/**
 * The standard time of printing `quantity` of an item on the fastest active press of a department that can run
 * it. Null when the department has no press or the spec lacks a flat size, so the caller keeps the typed time.
 */
export async function standardHours(
  db: Db,
  opts: { spec: ItemSpec; quantity: number; departmentId: string },
): Promise<{ hours: number; press: string } | null> {
  let best: { hours: number; press: string } | null = null;
  for (const m of await machineOptions(db, opts))
    if (m.hours !== null && (!best || m.hours < best.hours)) best = { hours: m.hours, press: m.name };
  return best;
}
