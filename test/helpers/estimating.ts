import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';

// The cost model of docs/estimating.md's worked examples, set up over the API as an admin would.
export const komori = {
  name: 'Komori 28',
  kind: 'offset',
  maxSheet: { width: 20, height: 28 },
  minSheet: { width: 11, height: 17 },
  marginIn: 0.25,
  colours: 4,
  makeReadyMinutes: 30,
  makeReadySheets: 100,
  sheetsPerHour: 8000,
  hourlyRateCents: 15_000,
  plateCents: 1200,
};
export const versant = {
  name: 'Versant 280',
  kind: 'digital',
  maxSheet: { width: 13, height: 19.2 },
  minSheet: { width: 7.2, height: 10 },
  marginIn: 0.2,
  makeReadyMinutes: 10,
  makeReadySheets: 10,
  sheetsPerHour: 2400,
  hourlyRateCents: 6000,
  clickColourCents: 4.5,
  clickMonoCents: 0.9,
};
export const exampleRules = {
  bleedIn: 0.125,
  gutterIn: 0.25,
  spoilage: [
    { fromQuantity: 10_000, percent: 2 },
    { fromQuantity: 0, percent: 5 },
    { fromQuantity: 1000, percent: 3 },
  ],
  markupPercent: 40,
  segmentMarkups: {},
  minimumChargeCents: 7500,
  taxRatePercent: 8.25,
};

type Call = (method: 'POST' | 'PUT', url: string, payload: unknown) => Promise<LightMyRequestResponse>;

/** Adds the two presses and the letter fold and sets the rules; answers the fold's id. */
export async function setUpExampleCostModel(call: Call): Promise<{ foldId: string }> {
  for (const press of [komori, versant])
    expect((await call('POST', '/api/v1/presses', press)).statusCode).toBe(201);
  const fold = await call('POST', '/api/v1/estimating-operations', {
    name: 'Letter fold',
    kind: 'finishing',
    setupCents: 2500,
    rateCents: 1800,
    per: 'thousand',
  });
  expect(fold.statusCode, fold.body).toBe(201);
  const rules = await call('PUT', '/api/v1/estimating-rules', exampleRules);
  expect(rules.statusCode, rules.body).toBe(200);
  return { foldId: fold.json().id };
}

/** Example A's brochure as an estimate item (quantities 2,500 / 5,000 / 8,000 → $648.37 / $845.89 / $1,082.75). */
export const exampleBrochure = (foldId: string, over: Record<string, unknown> = {}) => ({
  description: 'Tri-fold brochure — Nguyễn → Zoë Øster',
  flatSize: { width: 11, height: 8.5, unit: 'in' },
  inks: { front: 4, back: 4 },
  paper: { name: '100 lb gloss text 19×25', width: 19, height: 25, costPerThousandCents: 9500 },
  operationIds: [foldId],
  quantities: [2500, 5000, 8000],
  ...over,
});
