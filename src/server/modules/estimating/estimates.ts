import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Estimate, EstimateItemInput, EstimateRequest } from '../../../shared/estimating';
import type { Db } from '../../platform/db';
import { invalid } from '../../platform/errors';
import type { Clock } from '../../platform/service-context';
import { getAccount } from '../accounts';
import { getMaterial } from '../purchasing';
import { getAccountMarkup, getRules } from './cost-model';
import { estimate, type ItemToEstimate, type Operation, type Paper, type Press } from './engine';
import { estimatingOperations, presses } from './tables';

const MM_PER_INCH = 25.4;
const inInches = (size: { width: number; height: number; unit: 'in' | 'mm' }) =>
  size.unit === 'mm'
    ? { width: size.width / MM_PER_INCH, height: size.height / MM_PER_INCH }
    : { width: size.width, height: size.height };

async function paperOf(
  db: Db,
  choice: z.output<typeof EstimateItemInput>['paper'],
  at: string,
): Promise<Paper> {
  if (!('materialId' in choice))
    return {
      name: choice.name,
      sheet: { width: choice.width, height: choice.height },
      costPerThousandCents: choice.costPerThousandCents,
    };
  const m = await getMaterial({ db, id: choice.materialId });
  const { width, height } = m.spec;
  if (m.kind !== 'paper' || !width || !height || m.unitCostCents === null)
    throw invalid(`${m.name} cannot be priced: a paper needs a sheet size and a cost in the catalogue`, [
      { path: `${at}.paper.materialId`, message: 'needs a paper with a sheet size and a unit cost' },
    ]);
  const sheet = m.spec.sizeUnit === 'mm' ? inInches({ width, height, unit: 'mm' }) : { width, height };
  return { name: m.name, sheet, costPerThousandCents: m.unitCostCents * 1000, materialId: m.id };
}

/** The shop's active presses and the operations the request names (an unknown or inactive one is a 400). */
async function costModel(db: Db, items: z.output<typeof EstimateItemInput>[]) {
  const pressRows = await db.select().from(presses).where(eq(presses.active, true));
  const ids = [...new Set(items.flatMap((i) => i.operationIds))];
  const opRows = ids.length
    ? await db
        .select()
        .from(estimatingOperations)
        .where(and(inArray(estimatingOperations.id, ids), eq(estimatingOperations.active, true)))
    : [];
  const operations = new Map<string, Operation>(opRows.map((o) => [o.id, o]));
  const missing = ids.filter((id) => !operations.has(id));
  if (missing.length) throw invalid(`Unknown or inactive operation: ${missing.join(', ')}`);
  const pressList: Press[] = pressRows.map((r) => ({
    ...r,
    maxSheet: { width: r.maxSheetWidth, height: r.maxSheetHeight },
    minSheet: { width: r.minSheetWidth, height: r.minSheetHeight },
  }));
  return { presses: pressList, operations };
}

/**
 * Prices every quantity of every item for an account (its markup, else its segment's, else the shop's; its tax
 * exemption while its certificate is in date), or for no account at the shop's markup and tax.
 */
export async function estimateRequest(
  opts: { db: Db; clock: Clock },
  request: z.output<typeof EstimateRequest>,
): Promise<Estimate> {
  const { db } = opts;
  const rules = await getRules(db);
  const account = request.accountId ? await getAccount({ db, id: request.accountId, health: false }) : null;
  const own = account ? await getAccountMarkup(db, account.id) : null;
  const segment = account ? rules.segmentMarkups[account.segment] : undefined;
  const markupPercent = own ?? segment ?? rules.markupPercent;
  const markupSource = own !== null ? 'account' : segment !== undefined ? 'segment' : 'shop';
  // An exemption certificate past its date no longer exempts.
  const taxExempt =
    !!account?.taxExempt && (!account.taxExemptExpiresOn || account.taxExemptExpiresOn >= opts.clock.today());
  const model = await costModel(db, request.items);
  const items = [];
  for (const [index, input] of request.items.entries()) {
    const at = `items.${index}`;
    const paper = await paperOf(db, input.paper, at);
    const item: ItemToEstimate = {
      flat: inInches(input.flatSize),
      inks: { front: input.inks.front, back: input.inks.back, spots: input.inks.spots.length },
      flatsPerCopy: input.flatsPerCopy,
      paper,
      operations: input.operationIds.map((id) => model.operations.get(id)!),
      outside: input.outside,
      postageCentsPerPiece: input.postageCentsPerPiece,
    };
    const quantities = input.quantities.map((quantity) => {
      try {
        return estimate(model.presses, item, quantity, { ...rules, markupPercent, taxExempt });
      } catch (err) {
        if (err instanceof RangeError)
          throw invalid(`Item ${index + 1}: ${err.message}`, [{ path: at, message: err.message }]);
        throw err;
      }
    });
    items.push({
      description: input.description ?? null,
      paper: { name: paper.name, ...paper.sheet, costPerThousandCents: paper.costPerThousandCents },
      quantities,
    });
  }
  return {
    account: account ? { id: account.id, name: account.name, taxExempt } : null,
    markupSource,
    items,
  };
}
