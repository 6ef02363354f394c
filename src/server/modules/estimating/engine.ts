/**
 * The estimating engine: pure functions from an item's specs, a quantity and the shop's cost model to a price
 * with its working shown line by line. Every length is in inches, every amount in cents. Each line is rounded
 * to the cent (half up) when it is made; subtotals and totals are sums of rounded lines. The worked examples in
 * docs/estimating.md are reproduced by engine.test.ts to the cent.
 */

export type Size = { width: number; height: number };

export type Press = {
  id: string;
  name: string;
  kind: 'offset' | 'digital';
  maxSheet: Size;
  minSheet: Size;
  /** Unprintable margin on every edge of the sheet (gripper included). */
  marginIn: number;
  /** Printing units: the inks one pass lays down (offset). */
  colours: number;
  /** Prints both sides in one pass (offset). */
  perfecting: boolean;
  makeReadyMinutes: number;
  makeReadySheets: number;
  sheetsPerHour: number;
  hourlyRateCents: number;
  plateCents: number;
  clickColourCents: number;
  clickMonoCents: number;
};

export type Operation = {
  id: string;
  name: string;
  kind: 'finishing' | 'mailing';
  setupCents: number;
  rateCents: number;
  per: 'piece' | 'thousand' | 'sheet';
};

export type Paper = { name: string; sheet: Size; costPerThousandCents: number; materialId?: string | null };

export type Rules = {
  bleedIn: number;
  gutterIn: number;
  /** Run spoilage by quantity: the row with the largest `fromQuantity` not above the quantity applies. */
  spoilage: { fromQuantity: number; percent: number }[];
  markupPercent: number;
  minimumChargeCents: number;
  taxRatePercent: number;
  taxExempt: boolean;
};

export type ItemToEstimate = {
  /** The flat (unfolded, untrimmed) size of one piece. */
  flat: Size;
  inks: { front: number; back: number; spots: number };
  /** Flats printed for one finished copy (a 2-flat booklet is 2). */
  flatsPerCopy: number;
  paper: Paper;
  operations: Operation[];
  outside: { description: string; costCents: number }[];
  postageCentsPerPiece: number;
};

export type Line = {
  kind: 'plates' | 'clicks' | 'press' | 'paper' | 'finishing' | 'mailing' | 'outside';
  label: string;
  working: string;
  cents: number;
};

export type Imposition = { up: number; across: number; down: number; rotated: boolean };

export type Estimate = {
  quantity: number;
  press: { id: string; name: string; kind: Press['kind'] };
  imposition: Imposition;
  runSheets: number;
  spoilageSheets: number;
  totalSheets: number;
  passes: number;
  makeReadyHours: number;
  runHours: number;
  lines: Line[];
  costCents: number;
  markupPercent: number;
  markupCents: number;
  /** Cost plus markup, raised to the minimum charge when below it. */
  priceCents: number;
  minimumApplied: boolean;
  postageCents: number;
  taxCents: number;
  totalCents: number;
  /** The total per piece, in cents with fractions (for display). */
  unitCents: number;
};

/** Rounds half up to a whole cent; the epsilon absorbs binary fractions such as 1092.4999999. */
export const cents = (x: number) => Math.floor(x + 0.5 + 1e-7);

// Intl formatters made once: toLocaleString builds one per call, which costs more than the arithmetic here.
const moneyFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
const money = (c: number) => `$${moneyFormat.format(c / 100)}`;
const num = (n: number) => numberFormat.format(n);

/**
 * How many pieces (with bleed, a gutter between neighbours) fit the printable area of a sheet, trying the piece
 * both ways round; on a tie the unrotated layout wins.
 */
export function impose(
  piece: Size,
  sheet: Size,
  rules: { marginIn: number; bleedIn: number; gutterIn: number },
) {
  const w = piece.width + 2 * rules.bleedIn;
  const h = piece.height + 2 * rules.bleedIn;
  const areaW = sheet.width - 2 * rules.marginIn;
  const areaH = sheet.height - 2 * rules.marginIn;
  const fit = (area: number, length: number) =>
    area < length ? 0 : Math.floor((area + rules.gutterIn) / (length + rules.gutterIn) + 1e-9);
  const straight = { across: fit(areaW, w), down: fit(areaH, h), rotated: false };
  const turned = { across: fit(areaW, h), down: fit(areaH, w), rotated: true };
  const best = turned.across * turned.down > straight.across * straight.down ? turned : straight;
  return { ...best, up: best.across * best.down };
}

const fits = (sheet: Size, max: Size, min: Size) => {
  const [s1, s2] = [Math.min(sheet.width, sheet.height), Math.max(sheet.width, sheet.height)];
  const [a1, a2] = [Math.min(max.width, max.height), Math.max(max.width, max.height)];
  const [b1, b2] = [Math.min(min.width, min.height), Math.max(min.width, min.height)];
  return s1 <= a1 && s2 <= a2 && s1 >= b1 && s2 >= b2;
};

/** Why a press cannot print the item, or null when it can. */
export function pressRefusal(press: Press, item: ItemToEstimate): string | null {
  if (!fits(item.paper.sheet, press.maxSheet, press.minSheet))
    return `${press.name} takes sheets from ${press.minSheet.width}×${press.minSheet.height} to ${press.maxSheet.width}×${press.maxSheet.height} in`;
  if (press.kind === 'digital' && item.inks.spots > 0)
    return `${press.name} prints process colours only, not spot inks`;
  if (press.kind === 'offset' && press.colours < 1) return `${press.name} has no printing units`;
  return null;
}

export const spoilagePercent = (quantity: number, table: Rules['spoilage']) =>
  [...table]
    .sort((a, b) => a.fromQuantity - b.fromQuantity)
    .filter((r) => r.fromQuantity <= quantity)
    .at(-1)?.percent ?? 0;

/** Passes through an offset press: one per side per set of units, both sides at once on a perfector. */
export function offsetPasses(press: Press, inks: ItemToEstimate['inks']) {
  const front = Math.ceil(inks.front / press.colours);
  const back = Math.ceil(inks.back / press.colours);
  return press.perfecting ? Math.max(front, back) : front + back;
}

/** Make-ready and run time of `totalSheets` on a press: one make-ready per pass (offset), impressions ÷ speed. */
export function pressTime(press: Press, inks: ItemToEstimate['inks'], totalSheets: number, passes: number) {
  const sides = (inks.front > 0 ? 1 : 0) + (inks.back > 0 ? 1 : 0);
  const makeReadyHours = ((press.kind === 'offset' ? passes : 1) * press.makeReadyMinutes) / 60;
  const impressions = press.kind === 'offset' ? totalSheets * passes : totalSheets * Math.max(1, sides);
  return { makeReadyHours, impressions, runHours: impressions / press.sheetsPerHour };
}

function printing(press: Press, item: ItemToEstimate, totalSheets: number, passes: number) {
  const lines: Line[] = [];
  if (press.kind === 'offset') {
    const plates = item.inks.front + item.inks.back;
    lines.push({
      kind: 'plates',
      label: 'Plates',
      working: `${plates} plates (${item.inks.front}/${item.inks.back}) × ${money(press.plateCents)}`,
      cents: cents(plates * press.plateCents),
    });
  } else {
    for (const [side, n] of [
      ['front', item.inks.front],
      ['back', item.inks.back],
    ] as const) {
      if (n === 0) continue;
      const rate = n > 1 ? press.clickColourCents : press.clickMonoCents;
      lines.push({
        kind: 'clicks',
        label: `Clicks, ${side} (${n > 1 ? 'colour' : 'mono'})`,
        working: `${num(totalSheets)} sheets × ${money(rate)}`,
        cents: cents(totalSheets * rate),
      });
    }
  }
  const { makeReadyHours, impressions, runHours } = pressTime(press, item.inks, totalSheets, passes);
  lines.push({
    kind: 'press',
    label: `Press: ${press.name}`,
    working:
      `make-ready ${num(makeReadyHours)} h + run ${num(impressions)} impressions ÷ ${num(press.sheetsPerHour)}/h ` +
      `= ${num(runHours)} h; ${num(makeReadyHours + runHours)} h × ${money(press.hourlyRateCents)}`,
    cents: cents((makeReadyHours + runHours) * press.hourlyRateCents),
  });
  return { lines, makeReadyHours, runHours };
}

function operationLine(op: Operation, quantity: number, runSheets: number): Line {
  const units = op.per === 'piece' ? quantity : op.per === 'thousand' ? quantity / 1000 : runSheets;
  const unitLabel = op.per === 'piece' ? 'pieces' : op.per === 'thousand' ? 'thousand' : 'sheets';
  return {
    kind: op.kind,
    label: op.name,
    working: `set-up ${money(op.setupCents)} + ${num(units)} ${unitLabel} × ${money(op.rateCents)}`,
    cents: cents(op.setupCents + units * op.rateCents),
  };
}

/** The estimate of one quantity of an item on one press. */
export function estimateOnPress(
  press: Press,
  item: ItemToEstimate,
  quantity: number,
  rules: Rules,
): Estimate {
  const imposition = impose(item.flat, item.paper.sheet, { ...rules, marginIn: press.marginIn });
  if (imposition.up === 0)
    throw new RangeError(
      `The piece does not fit a ${item.paper.sheet.width}×${item.paper.sheet.height} sheet on ${press.name}`,
    );
  const flats = quantity * item.flatsPerCopy;
  const runSheets = Math.ceil(flats / imposition.up);
  const passes = press.kind === 'offset' ? offsetPasses(press, item.inks) : 1;
  const percent = spoilagePercent(quantity, rules.spoilage);
  const spoilageSheets = press.makeReadySheets * passes + Math.ceil((runSheets * percent) / 100 - 1e-9);
  const totalSheets = runSheets + spoilageSheets;
  const print = printing(press, item, totalSheets, passes);
  const lines: Line[] = [
    ...print.lines,
    {
      kind: 'paper',
      label: `Paper: ${item.paper.name}`,
      working:
        `${num(runSheets)} sheets (${num(flats)} flats ÷ ${imposition.up} up) + ${num(spoilageSheets)} spoilage ` +
        `(${press.makeReadySheets} × ${passes} make-ready + ${percent} %) = ${num(totalSheets)} × ${money(item.paper.costPerThousandCents)}/M`,
      cents: cents((totalSheets * item.paper.costPerThousandCents) / 1000),
    },
    ...item.operations.map((op) => operationLine(op, quantity, runSheets)),
    ...item.outside.map((o): Line => ({
      kind: 'outside',
      label: o.description,
      working: 'outside service',
      cents: cents(o.costCents),
    })),
  ];
  const costCents = lines.reduce((sum, l) => sum + l.cents, 0);
  const markupCents = cents((costCents * rules.markupPercent) / 100);
  const minimumApplied = costCents + markupCents < rules.minimumChargeCents;
  const priceCents = minimumApplied ? rules.minimumChargeCents : costCents + markupCents;
  const postageCents = cents(quantity * item.postageCentsPerPiece);
  const taxCents = rules.taxExempt ? 0 : cents((priceCents * rules.taxRatePercent) / 100);
  const totalCents = priceCents + postageCents + taxCents;
  return {
    quantity,
    press: { id: press.id, name: press.name, kind: press.kind },
    imposition,
    runSheets,
    spoilageSheets,
    totalSheets,
    passes,
    makeReadyHours: print.makeReadyHours,
    runHours: print.runHours,
    lines,
    costCents,
    markupPercent: rules.markupPercent,
    markupCents,
    priceCents,
    minimumApplied,
    postageCents,
    taxCents,
    totalCents,
    unitCents: totalCents / quantity,
  };
}

/**
 * The cheapest way to make `quantity` of the item on the shop's presses, with why each other press was not
 * chosen. Throws a RangeError naming the reasons when no press can print it.
 */
export function estimate(presses: Press[], item: ItemToEstimate, quantity: number, rules: Rules) {
  const refused: { press: string; reason: string }[] = [];
  let best: Estimate | null = null;
  const others: { press: string; totalCents: number }[] = [];
  for (const press of presses) {
    const reason = pressRefusal(press, item);
    if (reason) {
      refused.push({ press: press.name, reason });
      continue;
    }
    let e: Estimate;
    try {
      e = estimateOnPress(press, item, quantity, rules);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      refused.push({ press: press.name, reason: err.message });
      continue;
    }
    if (!best || e.totalCents < best.totalCents) {
      if (best) others.push({ press: best.press.name, totalCents: best.totalCents });
      best = e;
    } else others.push({ press: press.name, totalCents: e.totalCents });
  }
  if (!best)
    throw new RangeError(
      presses.length
        ? `No press can print this item: ${refused.map((r) => r.reason).join('; ')}`
        : 'No presses are set up for estimating yet',
    );
  return { ...best, alternatives: others, refused };
}
