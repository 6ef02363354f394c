import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildJob } from '../../factories';

// The client pack is in the run catalogue, so it runs and exports through the same routes as a report.
let t: TestApp;
let manager: Session;
let clientId: string;

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  manager = await t.signIn('manager');
  clientId = (await buildAccount(t.db, { name: 'Nguyễn → Zoë Øster Schools' })).id;
});
afterAll(() => t.close());

const run = (id: string, parameters: object, format = 'json', who = manager) =>
  t.request({
    method: 'POST',
    url: `/api/v1/reports/${id}/run?format=${format}`,
    headers: who.headers,
    payload: { parameters },
  });

describe('client pack through the report routes', () => {
  it('is in the catalogue and runs: one row per member report with its row count', async () => {
    const catalogue = (
      await t.request({ method: 'GET', url: '/api/v1/reports', headers: manager.headers })
    ).json();
    expect(catalogue.items.map((r: { id: string }) => r.id)).toContain('client-pack');
    const res = await run('client-pack', { accountId: clientId, period: 'last_7_days' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.report).toMatchObject({ id: 'client-pack', title: 'Client report pack' });
    expect(body.rows.map((r: { reportId: string }) => r.reportId)).toEqual([
      'client-orders',
      'client-budget-spend',
      'client-inventory',
      'client-low-stock',
      'client-jobs-completed',
      'client-shipments',
    ]);
    expect(body.parameterLabels.length).toBeGreaterThan(0);
  });

  it('exports the workbook from run?format=xlsx and export.xlsx, and refuses other formats and bad parameters', async () => {
    const viaRun = await run('client-pack', { accountId: clientId, period: 'last_7_days' }, 'xlsx');
    expect(viaRun.statusCode, viaRun.body).toBe(200);
    expect(viaRun.headers['content-disposition']).toMatch(/client-pack-\d{4}-\d\d-\d\d\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(viaRun.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(7); // six reports and the parameters
    const viaExport = await t.request({
      method: 'GET',
      url: `/api/v1/reports/client-pack/export.xlsx?accountId=${clientId}&period=last_7_days`,
      headers: manager.headers,
    });
    expect(viaExport.statusCode).toBe(200);
    const pdf = await run('client-pack', { accountId: clientId }, 'pdf');
    expect(pdf.statusCode).toBe(400);
    expect(pdf.json().detail).toMatch(/one workbook/);
    expect((await run('client-pack', { period: 'last_7_days' })).statusCode).toBe(400);
    const press = await t.signIn('production', { department: 'press' });
    expect((await run('client-pack', { accountId: clientId }, 'json', press)).statusCode).toBe(403);
  });

  it("tells the screen how a chart's bars drill through to rows", async () => {
    await buildJob(t.db, { accountId: clientId });
    const res = await run('book-of-business', {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().chart.drill).toEqual({ xKey: 'am', seriesKey: null });
    expect(res.json().rows.every((r: Record<string, unknown>) => 'am' in r)).toBe(true);
  });
});
