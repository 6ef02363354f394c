import { and, eq } from 'drizzle-orm';
import type { ItemSpec } from '../../../shared/jobs';
import type { Db } from '../../platform/db';
import { getRules } from './cost-model';
import { impose, offsetPasses, pressRefusal, pressTime, spoilagePercent, type Press } from './engine';
import { presses } from './tables';

const MM_PER_INCH = 25.4;

/**
 * The standard time of printing `quantity` of an item on the fastest active press of a department (make-ready
 * plus run, as the estimate prices it), the press sheet at its largest. Null when the department has no press
 * or the spec lacks a flat size, so the caller keeps the route's typed time.
 */
export async function standardHours(
  db: Db,
  opts: { spec: ItemSpec; quantity: number; departmentId: string },
): Promise<{ hours: number; press: string } | null> {
  const flat = opts.spec.flatSize ?? opts.spec.finishedSize;
  if (!flat) return null;
  const rows = await db
    .select()
    .from(presses)
    .where(and(eq(presses.departmentId, opts.departmentId), eq(presses.active, true)));
  if (!rows.length) return null;
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
  let best: { hours: number; press: string } | null = null;
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
    const hours = t.makeReadyHours + t.runHours;
    if (!best || hours < best.hours) best = { hours, press: press.name };
  }
  return best;
}
