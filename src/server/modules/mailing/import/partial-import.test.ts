import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../../test/helpers/app';
import { buildAccount } from '../../../factories';
import type { ImportPreview, MailingList } from '../../../../shared/mailing';
import { processRun } from '../runs';
import { expireRejects } from '../run-housekeeping';

let t: TestApp;
let am: Session;
let accountId: string;
beforeAll(async () => {
  t = await createTestApp();
  am = await t.signIn('account_manager');
  accountId = (await buildAccount(t.db)).id;
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: am.headers, payload });

// Rows 4 and 7 are malformed (a stray comma, a missing cell); row 4 also starts a cell with "=".
const FILE = [
  'Name,Address,City,State,ZIP',
  'Ann Lee,1 Main St,Austin,TX,78701',
  'Bo Cruz,2 Main St,Austin,TX,78701',
  '=HYPERLINK("x"),3 Main St,Suite 4,Austin,TX,78701',
  'Cy Dunn,4 Main St,Austin,TX,78701',
  'Di Eng,5 Main St,Austin,TX,78701',
  'Ed Fox,6 Main St,Austin,TX',
  'Flo Gee,7 Main St,Austin,TX,78701',
].join('\r\n');

async function uploadFile(listId: string) {
  const res = await t.request({
    method: 'POST',
    url: `/api/v1/mailing-lists/${listId}/uploads?filename=spring.csv`,
    headers: { ...am.headers, 'content-type': 'text/csv' },
    payload: Buffer.from(FILE),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ImportPreview;
}

async function importWith(listId: string, preview: ImportPreview, badRows?: string) {
  const started = await api('POST', `/mailing-lists/${listId}/uploads/${preview.run.id}/import`, {
    mapping: preview.mapping,
    ...(badRows ? { badRows } : {}),
  });
  expect(started.statusCode, started.body).toBe(202);
  await processRun(t.ctx, preview.run.id);
  return (await api('GET', `/mailing-lists/${listId}/runs/${preview.run.id}`)).json();
}

describe('an import with malformed rows', () => {
  it('previews the bad rows, refuses the file by default, and on request imports the good rows and offers the rejects', async () => {
    const list: MailingList = (await api('POST', '/mailing-lists', { name: 'Spring', accountId })).json();
    const preview = await uploadFile(list.id);
    expect(preview.badRows).toEqual([
      { row: 4, reason: expect.stringContaining('Row 4 has 6 cells') },
      { row: 7, reason: expect.stringContaining('Row 7 has 4 cells') },
    ]);
    expect(preview.problems.join(' ')).toContain('2 of the first 7 rows are malformed');

    const all = await importWith(list.id, preview);
    expect(all).toMatchObject({ status: 'failed', rejectedRows: null });
    expect(all.error).toContain('Row 4 has 6 cells');
    expect((await api('GET', `/mailing-lists/${list.id}`)).json().records).toBe(0);
    expect(
      (await api('GET', `/mailing-lists/${list.id}/runs/${preview.run.id}/rejects.csv`)).statusCode,
    ).toBe(404);

    const wrong = await api(
      'POST',
      `/mailing-lists/${list.id}/uploads/${(await uploadFile(list.id)).run.id}/import`,
      {
        mapping: preview.mapping,
        badRows: 'some',
      },
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('body.badRows');

    const again = await uploadFile(list.id);
    const good = await importWith(list.id, again, 'skip');
    expect(good).toMatchObject({ status: 'done', rejectedRows: 2, rowsDone: 5 });
    expect((await api('GET', `/mailing-lists/${list.id}`)).json().records).toBe(5);

    const csv = await api('GET', `/mailing-lists/${list.id}/runs/${again.run.id}/rejects.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('spring-rejected-rows.csv');
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(['Row', 'Reason', 'Name', 'Address', 'City', 'State', 'ZIP']);
    expect(rows.slice(1).map((r) => [r[0], r[2]])).toEqual([
      ['4', `'=HYPERLINK("x")`],
      ['7', 'Ed Fox'],
    ]);
    expect(rows[1]![1]).toContain('has 6 cells but the header has 5');
    expect(rows[1]!.slice(3)).toEqual(['3 Main St', 'Suite 4', 'Austin', 'TX', '78701']);
  });

  it('fails the import of an upload the store no longer holds with a message to upload again, and imports nothing', async () => {
    const list: MailingList = (await api('POST', '/mailing-lists', { name: 'Gone', accountId })).json();
    const preview = await uploadFile(list.id);
    await t.ctx.files.remove(`mailing-uploads/${preview.run.id}`);
    const run = await importWith(list.id, preview, 'skip');
    expect(run).toMatchObject({ status: 'failed' });
    expect(run.error).toBe(
      'The uploaded file is no longer kept (it expired or was removed); upload it again',
    );
    expect((await api('GET', `/mailing-lists/${list.id}`)).json().records).toBe(0);
  });

  it('keeps the rejected rows for JOBJACKET_REJECTS_KEEP_DAYS, then removes them once, however many workers expire them', async () => {
    const list: MailingList = (
      await api('POST', '/mailing-lists', { name: 'Zoë’s rejects', accountId })
    ).json();
    const before = Date.now();
    const preview = await uploadFile(list.id);
    const run = await importWith(list.id, preview, 'skip');
    const keptUntil = new Date(run.rejectsKeptUntil as string);
    expect(keptUntil.getTime() - before).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(keptUntil.getTime() - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
    expect((await api('GET', `/mailing-lists/${list.id}`)).json().lastRun.rejectsKeptUntil).toBe(
      run.rejectsKeptUntil,
    );
    const key = `mailing-rejects/${preview.run.id}.csv`;
    const rejectsUrl = `/mailing-lists/${list.id}/runs/${preview.run.id}/rejects.csv`;

    // A moment before their time: kept (the earlier tests' rejects, a little older, may go now).
    await expireRejects(t.db, { files: t.ctx.files, now: new Date(keptUntil.getTime() - 1) });
    expect((await api('GET', rejectsUrl)).statusCode).toBe(200);
    // Their time: two workers at once remove them once.
    const removed = await Promise.all(
      [0, 1].map(() => expireRejects(t.db, { files: t.ctx.files, now: keptUntil })),
    );
    expect(removed.reduce((a, b) => a + b, 0)).toBe(1);
    await expect(t.ctx.files.open(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await expireRejects(t.db, { files: t.ctx.files, now: new Date(keptUntil.getTime() + 1) })).toBe(0);
    const gone = await api('GET', rejectsUrl);
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect(gone.json().detail).toBe(
      `The rejected rows of this import were removed on ${keptUntil.toISOString().slice(0, 10)} (they are kept for JOBJACKET_REJECTS_KEEP_DAYS days); import the file again to see them`,
    );
    // The list's records are the import's, not the rejects': untouched.
    expect((await api('GET', `/mailing-lists/${list.id}`)).json().records).toBe(5);
  });
});
