import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../../test/helpers/app';
import { portalRequest, portalShop, portalSignIn } from '../../../../../test/helpers/portal';
import { buildPortalUser, buildProduct } from '../../../factories';
import { findOrder } from '../order-queries';
import { pdfBytes } from '../../../platform/documents/fonts';

let t: TestApp;
let am: Session;
let admin: Session;
const dir = mkdtempSync(path.join(tmpdir(), 'jj-vdp-'));

beforeAll(async () => {
  t = await createTestApp();
  await t.ctx.queue.work();
  am = await t.signIn('account_manager');
  admin = await t.signIn('admin');
});
afterAll(async () => {
  await t.close();
});

const api = (s: Session, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: s.headers, payload });
const p = (...args: Parameters<ReturnType<typeof portalRequest>>) => portalRequest(t)(...args);

/** A client's business-card design: 3.5 × 2 in plus 9 pt bleed, the company name printed on it; `pages` sides. */
async function design(pages = 1): Promise<Buffer> {
  const doc = new PDFDocument({ size: [270, 162], margin: 0, autoFirstPage: false });
  const done = pdfBytes(doc);
  for (let i = 0; i < pages; i++) {
    doc.addPage({ size: [270, 162], margin: 0 });
    doc.rect(0, 0, 270, 20).fill('#1d4ed8');
    doc
      .fillColor('#111111')
      .fontSize(9)
      .text(i ? 'BACK SIDE' : 'ACME HOLDINGS', 20, 130);
  }
  doc.end();
  return done;
}

const save = (name: string, bytes: Buffer | string) => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};

/** Words of a PDF page with their boxes (points from the top-left), by `pdftotext -bbox`. */
function words(file: string) {
  const html = execFileSync('pdftotext', ['-bbox', file, '-']).toString();
  return [
    ...html.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ),
  ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5]! }));
}

async function cardShop() {
  const shop = await portalShop(t);
  const card = await buildProduct(t.db, shop.portal.id, {
    kind: 'variable_data',
    sku: 'BC-ACME',
    name: 'Acme business card',
    productType: 'business_card',
    fields: [
      { name: 'fullName', label: 'Name', required: true },
      { name: 'title', label: 'Title' },
    ],
    minQuantity: 250,
    multipleOf: 250,
  });
  const url = `/portals/${shop.portal.id}/products/${card.id}/template`;
  return { ...shop, card, url };
}

const placements = [
  {
    field: 'fullName',
    x: 30,
    y: 50,
    width: 210,
    size: 14,
    fontId: 'dejavu-sans-bold',
    fit: 'shrink',
    minSize: 8,
  },
  {
    field: 'title',
    x: 30,
    y: 75,
    width: 210,
    size: 9,
    fontId: 'dejavu-serif',
    align: 'right',
    colour: '#444444',
  },
];
const imposition = { sheetWidthIn: 12, sheetHeightIn: 18, bleedPt: 9, gutterPt: 18 };

async function withTemplate() {
  const shop = await cardShop();
  const up = await api(am, 'PUT', `${shop.url}/design`, {
    filename: 'acme-card.pdf',
    contentBase64: (await design()).toString('base64'),
  });
  expect(up.statusCode, up.body).toBe(200);
  expect(up.json()).toMatchObject({ version: 1, pages: [{ width: 270, height: 162 }], placements: [] });
  const saved = await api(am, 'PUT', shop.url, { placements, imposition });
  expect(saved.statusCode, saved.body).toBe(200);
  const u = await buildPortalUser(t.db, shop.portal.id);
  const who = await portalSignIn(t, shop.portal.slug, u.email);
  return { ...shop, who, version: saved.json().version as number };
}

async function jobOf(orderId: string) {
  for (let i = 0; i < 300; i++) {
    const order = await findOrder(t.db, orderId);
    if (order?.jobId) return order.jobId;
    await sleep(100);
  }
  throw new Error('no job');
}

describe('variable-data templates', () => {
  it('sets the buyer’s values into the client’s design at the placed boxes, in embedded fonts, any script', async () => {
    const shop = await withTemplate();
    const values = { fullName: 'Nguyễn Thị Zoë Øster', title: 'Κώστας · Иван' };
    const proof = await p('POST', `/portal/${shop.portal.slug}/catalog/${shop.card.id}/proof.pdf`, shop.who, {
      values,
    });
    expect(proof.statusCode, proof.body).toBe(200);
    const file = save('proof.pdf', proof.rawPayload);
    const text = execFileSync('pdftotext', [file, '-']).toString();
    expect(text).toContain('Nguyễn Thị Zoë Øster');
    expect(text).toContain('Κώστας · Иван');
    expect(text).toContain('ACME HOLDINGS'); // the client's design is the page, not a blank one
    const ws = words(file);
    const nguyen = ws.find((w) => w.text === 'Nguyễn')!;
    expect(nguyen.x).toBeCloseTo(30, 0); // left-aligned at the box's x
    // The box's top edge is y = 50; pdftotext's word box starts at the font's bounding box, a little above.
    expect(nguyen.y).toBeGreaterThan(45);
    expect(nguyen.y).toBeLessThan(55);
    expect(ws.find((w) => w.text === 'Κώστας')!.y).toBeGreaterThan(nguyen.y + 20); // the title's box: y = 75
    const ivan = ws.find((w) => w.text === 'Иван')!;
    expect(ivan.xMax).toBeCloseTo(240, 0); // right-aligned: the box ends at 30 + 210
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Pages:\s+1/);
    expect(info).toMatch(/Page size:\s+270 x 162 pts/);
    expect(info).toContain(`template v${shop.version}`);
    // Embedded subsets, not references to fonts the press may not have.
    const fonts = execFileSync('pdffonts', [file]).toString();
    expect(fonts).toMatch(/DejaVuSans-Bold.*\s+yes\s+yes/);
    expect(fonts).toMatch(/DejaVuSerif.*\s+yes\s+yes/);
    expect(proof.rawPayload.length).toBeLessThan(120_000); // DejaVu Sans Bold alone is 700 kB: only the glyphs used
    // The same values on the same version: the same bytes (what the buyer saw is what the job gets).
    const again = await p('POST', `/portal/${shop.portal.slug}/catalog/${shop.card.id}/proof.pdf`, shop.who, {
      values,
    });
    expect(Buffer.compare(again.rawPayload, proof.rawPayload)).toBe(0);
  });

  it('refuses a character the font lacks by name, and a value that does not fit, with a 400', async () => {
    const shop = await withTemplate();
    const url = `/portal/${shop.portal.slug}/catalog/${shop.card.id}/proof.pdf`;
    const glyph = await p('POST', url, shop.who, { values: { fullName: 'Li 漢', title: 'x' } });
    expect(glyph.statusCode).toBe(400);
    expect(glyph.json().detail).toContain('“漢” (U+6F22)');
    expect(glyph.json().errors).toEqual([
      { path: 'values.fullName', message: expect.stringContaining('漢') },
    ]);
    const long = await p('POST', url, shop.who, { values: { fullName: 'W'.repeat(60) } });
    expect(long.statusCode).toBe(400);
    expect(long.json().detail).toContain('even at 8 pt');
  });

  it('refuses a design that is not a PDF or has too many pages, and a box off the page', async () => {
    const shop = await cardShop();
    const notPdf = await api(am, 'PUT', `${shop.url}/design`, {
      filename: 'x.pdf',
      contentBase64: Buffer.from('<html>hello</html>').toString('base64'),
    });
    expect(notPdf.statusCode).toBe(400);
    expect(notPdf.json().detail).toContain('not a PDF');
    const three = await api(am, 'PUT', `${shop.url}/design`, {
      filename: 'x.pdf',
      contentBase64: (await design(3)).toString('base64'),
    });
    expect(three.statusCode).toBe(400);
    expect(three.json().detail).toContain('3 pages');
    const early = await api(am, 'PUT', shop.url, { placements, imposition });
    expect(early.json().detail).toContain('Upload the client’s design first');
    await api(am, 'PUT', `${shop.url}/design`, {
      filename: 'two-sided.pdf',
      contentBase64: (await design(2)).toString('base64'),
    });
    const off = await api(am, 'PUT', shop.url, {
      placements: [{ ...placements[0], x: 200, width: 200 }],
      imposition,
    });
    expect(off.statusCode).toBe(400);
    expect(off.json().errors[0].path).toBe('placements.0.x');
    const unknown = await api(am, 'PUT', shop.url, {
      placements: [{ ...placements[0], field: 'fax' }],
      imposition,
    });
    expect(unknown.json().detail).toContain('no field “fax”');
  });

  it('numbers versions one at a time: two saves at once make two versions', async () => {
    const shop = await withTemplate();
    const both = await Promise.all([
      api(am, 'PUT', shop.url, { placements, imposition }),
      api(am, 'PUT', shop.url, { placements: [placements[0]], imposition }),
    ]);
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(both.map((r) => r.json().version).sort()).toEqual([shop.version + 1, shop.version + 2]);
  });

  it('gives the job the approved proof and a print-ready sheet imposed n-up with crop marks', async () => {
    const shop = await withTemplate();
    const values = { fullName: 'Nguyễn Văn An', title: 'Director' };
    const seen = await p('POST', `/portal/${shop.portal.slug}/catalog/${shop.card.id}/proof.pdf`, shop.who, {
      values,
    });
    const line = (
      await p('POST', `/portal/${shop.portal.slug}/cart/lines`, shop.who, {
        productId: shop.card.id,
        quantity: 1000,
        values,
      })
    ).json().lines[0];
    await p('POST', `/portal/${shop.portal.slug}/cart/lines/${line.id}/approve-proof`, shop.who);
    // The AM moves the name after the buyer approved: the order still gets the proof the buyer saw.
    const moved = await api(am, 'PUT', shop.url, { placements: [{ ...placements[0], y: 90 }], imposition });
    expect(moved.json().version).toBe(shop.version + 1);
    const placed = await p('POST', `/portal/${shop.portal.slug}/checkout`, shop.who, {
      costCentreId: shop.marketing.id,
      shipToAddressId: shop.address.id,
    });
    expect(placed.statusCode, placed.body).toBeLessThan(300);
    const jobId = await jobOf(placed.json().id);
    const files = (await api(am, 'GET', `/jobs/${jobId}/files`)).json().items as {
      id: string;
      kind: string;
      name: string;
    }[];
    const proof = files.find((f) => f.kind === 'proof')!;
    const ready = files.find((f) => f.kind === 'artwork')!;
    const bytes = async (id: string) =>
      (await api(am, 'GET', `/jobs/${jobId}/files/${id}/content`)).rawPayload;
    // The exact PDF the buyer saw.
    expect(Buffer.compare(await bytes(proof.id), seen.rawPayload)).toBe(0);
    // 270 × 162 pt pieces, 18 pt gutters on a 12 × 18 in sheet: 2 × 6 upright, 4 × 4 turned — 16 up, turned.
    expect(ready.name).toBe('BC-ACME-print-ready-16up-63-sheets.pdf');
    const file = save('ready.pdf', await bytes(ready.id));
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Pages:\s+1/);
    expect(info).toMatch(/Page size:\s+1296 x 864 pts/);
    const text = execFileSync('pdftotext', [file, '-']).toString();
    expect(text.match(/Nguyễn Văn An/g)).toHaveLength(16);
    expect(text).toContain('1000 pieces → 63 sheets');
    // Crop marks: dark pixels on the first trim line above the grid, none a little beside it.
    execFileSync('pdftoppm', ['-r', '72', '-gray', '-singlefile', file, path.join(dir, 'sheet')]);
    const pgm = readFileSync(path.join(dir, 'sheet.pgm'));
    const header = pgm.toString('latin1', 0, 40).split(/\s+/);
    const [w, h] = [Number(header[1]), Number(header[2])];
    const pixels = pgm.subarray(pgm.length - w * h);
    const gridW = 4 * 270 + 3 * 18;
    const gridH = 4 * 162 + 3 * 18;
    const left = (1296 - gridW) / 2;
    const top = (864 - 14 - gridH) / 2;
    const darkest = (x: number, y0: number, y1: number) => {
      let min = 255;
      for (let y = Math.floor(y0); y <= y1; y++)
        for (const dx of [-1, 0, 1]) min = Math.min(min, pixels[y * w + Math.round(x) + dx]!);
      return min;
    };
    expect(darkest(left + 9, top - 14, top - 5)).toBeLessThan(160); // the mark at the first trim line
    expect(darkest(left + 40, top - 14, top - 5)).toBe(255); // paper beside it
    expect(darkest(left + 9 + 252, top - 14, top - 5)).toBeLessThan(160); // the card's right trim
  });

  it('takes a font the admin uploads (parsed first) and keeps one in use from being removed', async () => {
    const bad = await api(admin, 'POST', '/vdp-fonts', {
      filename: 'broken.ttf',
      contentBase64: Buffer.from('not a font at all').toString('base64'),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('not a TrueType or OpenType font');
    const amUpload = await api(am, 'POST', '/vdp-fonts', { filename: 'x.ttf', contentBase64: 'AAAA' });
    expect(amUpload.statusCode).toBe(403);
    const mono = readFileSync(
      path.join(
        path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
        'ttf',
        'DejaVuSansMono.ttf',
      ),
    );
    const font = await api(admin, 'POST', '/vdp-fonts', {
      filename: 'Mono.ttf',
      contentBase64: mono.toString('base64'),
    });
    expect(font.statusCode, font.body).toBe(201);
    expect(font.json()).toMatchObject({ name: 'DejaVu Sans Mono Book', bundled: false });
    const listed = (await api(am, 'GET', '/vdp-fonts')).json().items.map((f: { name: string }) => f.name);
    expect(listed).toEqual(expect.arrayContaining(['DejaVu Sans', 'DejaVu Sans Mono Book']));
    const shop = await withTemplate();
    const used = await api(am, 'PUT', shop.url, {
      placements: [{ ...placements[0], fontId: font.json().id }],
      imposition,
    });
    expect(used.statusCode, used.body).toBe(200);
    const proof = await p('POST', `/portal/${shop.portal.slug}/catalog/${shop.card.id}/proof.pdf`, shop.who, {
      values: { fullName: 'Zoë Øster' },
    });
    expect(execFileSync('pdffonts', [save('mono.pdf', proof.rawPayload)]).toString()).toContain(
      'DejaVuSansMono',
    );
    const removing = await api(admin, 'DELETE', `/vdp-fonts/${font.json().id}`);
    expect(removing.statusCode).toBe(409);
    await api(am, 'DELETE', shop.url);
    expect((await api(admin, 'DELETE', `/vdp-fonts/${font.json().id}`)).statusCode).toBe(204);
    // Without a template the proof is the plain page again.
    const plain = await p('POST', `/portal/${shop.portal.slug}/catalog/${shop.card.id}/proof.pdf`, shop.who, {
      values: { fullName: 'Zoë Øster' },
    });
    expect(execFileSync('pdftotext', [save('plain.pdf', plain.rawPayload), '-']).toString()).not.toContain(
      'ACME HOLDINGS',
    );
  });

  it('keeps another portal’s template away: a foreign product id is 404', async () => {
    const a = await withTemplate();
    const b = await cardShop();
    const foreign = await api(am, 'GET', `/portals/${b.portal.id}/products/${a.card.id}/template`);
    expect(foreign.statusCode).toBe(404);
    const other = await p('POST', `/portal/${a.portal.slug}/catalog/${b.card.id}/proof.pdf`, a.who, {
      values: { fullName: 'x' },
    });
    expect(other.statusCode).toBe(404);
  });
});
