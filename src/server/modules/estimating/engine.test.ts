import { describe, expect, it } from 'vitest';
import { estimate, estimateOnPress, impose, type ItemToEstimate, type Press, type Rules } from './engine';

// The worked examples of docs/estimating.md, to the cent. Change one, change the other.
const offset: Press = {
  id: 'p-offset',
  name: 'Komori 28',
  kind: 'offset',
  maxSheet: { width: 20, height: 28 },
  minSheet: { width: 11, height: 17 },
  marginIn: 0.25,
  colours: 4,
  perfecting: false,
  makeReadyMinutes: 30,
  makeReadySheets: 100,
  sheetsPerHour: 8000,
  hourlyRateCents: 15_000,
  plateCents: 1200,
  clickColourCents: 0,
  clickMonoCents: 0,
};
const digital: Press = {
  id: 'p-digital',
  name: 'Versant 280',
  kind: 'digital',
  maxSheet: { width: 13, height: 19.2 },
  minSheet: { width: 7.2, height: 10 },
  marginIn: 0.2,
  colours: 4,
  perfecting: false,
  makeReadyMinutes: 10,
  makeReadySheets: 10,
  sheetsPerHour: 2400,
  hourlyRateCents: 6000,
  plateCents: 0,
  clickColourCents: 4.5,
  clickMonoCents: 0.9,
};
const rules: Rules = {
  bleedIn: 0.125,
  gutterIn: 0.25,
  spoilage: [
    { fromQuantity: 0, percent: 5 },
    { fromQuantity: 1000, percent: 3 },
    { fromQuantity: 10_000, percent: 2 },
  ],
  markupPercent: 40,
  minimumChargeCents: 7500,
  taxRatePercent: 8.25,
  taxExempt: false,
};
const fold = {
  id: 'op-fold',
  name: 'Letter fold',
  kind: 'finishing' as const,
  setupCents: 2500,
  rateCents: 1800,
  per: 'thousand' as const,
};

const brochure: ItemToEstimate = {
  flat: { width: 11, height: 8.5 },
  inks: { front: 4, back: 4, spots: 0 },
  flatsPerCopy: 1,
  paper: { name: '100 lb gloss text 19×25', sheet: { width: 19, height: 25 }, costPerThousandCents: 9500 },
  operations: [fold],
  outside: [],
  postageCentsPerPiece: 0,
};
const postcard: ItemToEstimate = {
  flat: { width: 4, height: 6 },
  inks: { front: 4, back: 0, spots: 0 },
  flatsPerCopy: 1,
  paper: { name: '14 pt C2S cover 13×19', sheet: { width: 13, height: 19 }, costPerThousandCents: 24_000 },
  operations: [],
  outside: [],
  postageCentsPerPiece: 0,
};

describe('imposition', () => {
  it('turns an 11×8.5 brochure to fit 4 up on a 19×25 sheet (2 up unturned)', () => {
    expect(
      impose(brochure.flat, brochure.paper.sheet, { marginIn: 0.25, bleedIn: 0.125, gutterIn: 0.25 }),
    ).toEqual({
      across: 2,
      down: 2,
      rotated: true,
      up: 4,
    });
  });
  it('keeps the unturned layout on a tie (4×6 on 13×19: 4 up either way)', () => {
    expect(
      impose(postcard.flat, postcard.paper.sheet, { marginIn: 0.2, bleedIn: 0.125, gutterIn: 0.25 }),
    ).toEqual({
      across: 2,
      down: 2,
      rotated: false,
      up: 4,
    });
  });
  it('fits nothing when the piece is larger than the printable area', () => {
    expect(
      impose(
        { width: 30, height: 40 },
        { width: 19, height: 25 },
        { marginIn: 0.25, bleedIn: 0.125, gutterIn: 0.25 },
      ).up,
    ).toBe(0);
  });
});

describe('worked example A — tri-fold brochure on the offset press', () => {
  it('prices 5,000 at $845.89 with the working of docs/estimating.md', () => {
    const e = estimate([offset, digital], brochure, 5000, rules);
    expect(e.press.name).toBe('Komori 28');
    expect(e.refused.map((r) => r.press)).toEqual(['Versant 280']);
    expect({ run: e.runSheets, spoil: e.spoilageSheets, total: e.totalSheets, passes: e.passes }).toEqual({
      run: 1250,
      spoil: 238,
      total: 1488,
      passes: 2,
    });
    expect(e.lines.map((l) => [l.kind, l.cents])).toEqual([
      ['plates', 9600],
      ['press', 20_580],
      ['paper', 14_136],
      ['finishing', 11_500],
    ]);
    expect(e).toMatchObject({
      costCents: 55_816,
      markupCents: 22_326,
      priceCents: 78_142,
      taxCents: 6447,
      totalCents: 84_589,
    });
  });
  it('prices 2,500 at $648.37 and 8,000 at $1,082.75', () => {
    expect(estimate([offset], brochure, 2500, rules)).toMatchObject({
      costCents: 42_783,
      priceCents: 59_896,
      taxCents: 4941,
      totalCents: 64_837,
    });
    expect(estimate([offset], brochure, 8000, rules)).toMatchObject({
      costCents: 71_445,
      priceCents: 100_023,
      taxCents: 8252,
      totalCents: 108_275,
    });
  });
});

describe('worked example B — postcards on the digital press', () => {
  it('prices 500 at $81.87, cheaper than the offset press', () => {
    const e = estimate([offset, digital], postcard, 500, rules);
    expect(e.press.name).toBe('Versant 280');
    expect(e.alternatives.map((a) => a.press)).toEqual(['Komori 28']);
    expect(e.lines.map((l) => [l.kind, l.cents])).toEqual([
      ['clicks', 639],
      ['press', 1355],
      ['paper', 3408],
    ]);
    expect(e).toMatchObject({
      totalSheets: 142,
      costCents: 5402,
      markupCents: 2161,
      priceCents: 7563,
      taxCents: 624,
      totalCents: 8187,
    });
  });
});

describe('worked example C — minimum charge, postage, tax exemption', () => {
  it('raises 120 postcards to the $75.00 minimum, adds $60.00 postage untaxed for a tax-exempt client', () => {
    const e = estimateOnPress(digital, { ...postcard, postageCentsPerPiece: 50 }, 120, {
      ...rules,
      taxExempt: true,
    });
    expect(e.lines.map((l) => l.cents)).toEqual([189, 1105, 1008]);
    expect(e).toMatchObject({
      costCents: 2302,
      markupCents: 921,
      minimumApplied: true,
      priceCents: 7500,
      postageCents: 6000,
      taxCents: 0,
      totalCents: 13_500,
    });
  });
});

describe('refusals', () => {
  it('says why no press can print an item', () => {
    expect(() => estimate([digital], brochure, 100, rules)).toThrow(/Versant 280 takes sheets/);
    expect(() =>
      estimate([digital], { ...postcard, inks: { front: 5, back: 0, spots: 1 } }, 100, rules),
    ).toThrow(/spot inks/);
    expect(() => estimate([], postcard, 100, rules)).toThrow(/No presses/);
  });
});
