import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { portalShop, portalSignIn, releasedJobId } from '../../../../test/helpers/portal';
import { buildPortalUser, buildProduct } from '../../factories';
import { sampleArtwork } from '../artwork/sample-pdfs';

// Issue 21, parts 1 and 2: uploaded logos and product images, and buyers' artwork with its preflight.
let t: TestApp;
let am: Session;
beforeAll(async () => {
  t = await createTestApp();
  am = await t.signIn('account_manager');
  await t.ctx.queue.work();
});
afterAll(() => t.close());

/** A multipart/form-data body with one file in the field `file`. */
function form(bytes: Buffer, filename: string, type: string) {
  const boundary = `----jj${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
const upload = (
  method: 'PUT' | 'POST',
  url: string,
  who: Record<string, string>,
  body: ReturnType<typeof form>,
) => t.request({ method, url: `/api/v1${url}`, headers: { ...who, ...body.headers }, payload: body.payload });
const get = (url: string, who: Record<string, string> = {}) =>
  t.request({ method: 'GET', url: `/api/v1${url}`, headers: who });
const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: { r: 200, g: 20, b: 60, alpha: 0.5 } } })
    .png()
    .toBuffer();

/** A print-on-demand business card whose artwork preflight blocks on resolution and colour too. */
async function card(portalId: string, severity: 'block' | 'warn' = 'block') {
  return buildProduct(t.db, portalId, {
    sku: `BC-${severity}`,
    name: 'Business card — own artwork',
    unitPriceCents: 10,
    minQuantity: 250,
    spec: { finishedSize: { width: 3.5, height: 2, unit: 'in' } },
    artwork: { severity: { resolution: severity, colour: severity } },
  });
}

describe('logos and product images', () => {
  it('checks, resizes, stores and serves the logo; refuses what is not an image, a bomb and too many bytes', async () => {
    const shop = await portalShop(t);
    const id = shop.portal.id;
    const set = await upload(
      'PUT',
      `/portals/${id}/logo`,
      am.headers,
      form(await png(2400, 900), 'Zoë Øster logo.png', 'image/png'),
    );
    expect(set.statusCode, set.body).toBe(200);
    const logo = set.json().logoFile;
    expect(logo.url).toBe(`/api/v1/portals/${id}/files/${logo.id}`);
    const served = await get(logo.url.replace('/api/v1', ''), am.headers);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toContain('max-age');
    const meta = await sharp(served.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([800, 300]);
    // The sign-in page's branding points at the public logo route.
    const branding = (await get(`/portal/${shop.portal.slug}/branding`)).json();
    expect(branding.logoUrl).toMatch(new RegExp(`^/api/v1/portal/${shop.portal.slug}/logo\\?v=`));
    expect((await get(branding.logoUrl.replace('/api/v1', ''))).statusCode).toBe(200);

    const text = await upload(
      'PUT',
      `/portals/${id}/logo`,
      am.headers,
      form(Buffer.from('hello, not a picture'), 'logo.png', 'image/png'),
    );
    expect(text.statusCode).toBe(400);
    expect(text.json().detail).toContain('PNG, JPEG or WebP');
    const torn = (await png(300, 300)).subarray(0, 200);
    expect(
      (await upload('PUT', `/portals/${id}/logo`, am.headers, form(torn, 'torn.png', 'image/png')))
        .statusCode,
    ).toBe(400);
    // 9 000 × 9 000 pixels in a few hundred kilobytes: refused from its header, never decoded.
    const bomb = await sharp({
      create: { width: 9_000, height: 9_000, channels: 3, background: '#000000' },
      limitInputPixels: false,
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const refused = await upload(
      'PUT',
      `/portals/${id}/logo`,
      am.headers,
      form(bomb, 'bomb.png', 'image/png'),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toContain('megapixels');
    const huge = Buffer.concat([await png(10, 10), Buffer.alloc(11 * 1024 * 1024)]);
    expect(
      (await upload('PUT', `/portals/${id}/logo`, am.headers, form(huge, 'huge.png', 'image/png')))
        .statusCode,
    ).toBe(413);
    const json = await t.request({
      method: 'PUT',
      url: `/api/v1/portals/${id}/logo`,
      headers: am.headers,
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(400);
    // Production may not change portals; the logo stays as it was.
    const production = await t.signIn('production');
    expect(
      (
        await upload(
          'PUT',
          `/portals/${id}/logo`,
          production.headers,
          form(await png(10, 10), 'x.png', 'image/png'),
        )
      ).statusCode,
    ).toBe(403);
    expect((await get(`/portals/${id}`, am.headers)).json().logoFile.id).toBe(logo.id);

    const removed = await t.request({
      method: 'DELETE',
      url: `/api/v1/portals/${id}/logo`,
      headers: am.headers,
    });
    expect(removed.json().logoFile).toBeNull();
    expect((await get(`/portal/${shop.portal.slug}/logo`)).statusCode).toBe(404);
    const admin = await t.signIn('admin');
    const audit = (await get(`/audit-events?entityId=${id}`, admin.headers)).json();
    const actions = (audit.items ?? []).map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['portal.logo.set', 'portal.logo.removed']));
  });

  it('leaves one logo when two uploads race', async () => {
    const shop = await portalShop(t);
    const id = shop.portal.id;
    const [a, b] = await Promise.all([
      upload('PUT', `/portals/${id}/logo`, am.headers, form(await png(300, 100), 'a.png', 'image/png')),
      upload('PUT', `/portals/${id}/logo`, am.headers, form(await png(100, 300), 'b.png', 'image/png')),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const final = (await get(`/portals/${id}`, am.headers)).json().logoFile.id;
    expect([a.json().logoFile.id, b.json().logoFile.id]).toContain(final);
  });

  it("serves a product image to the portal's users and to nobody else's", async () => {
    const shop = await portalShop(t);
    const other = await portalShop(t);
    const photo = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#3366aa' } })
      .jpeg()
      .toBuffer();
    const set = await upload(
      'PUT',
      `/portals/${shop.portal.id}/products/${shop.stocked.id}/image`,
      am.headers,
      form(photo, 'report.jpg', 'image/jpeg'),
    );
    expect(set.statusCode, set.body).toBe(200);
    const buyer = await buildPortalUser(t.db, shop.portal.id);
    const b = await portalSignIn(t, shop.portal.slug, buyer.email);
    const product = (await get(`/portal/${shop.portal.slug}/catalog/${shop.stocked.id}`, b)).json();
    expect(product.imageFile.url).toBe(`/api/v1/portal/${shop.portal.slug}/files/${product.imageFile.id}`);
    const served = await get(product.imageFile.url.replace('/api/v1', ''), b);
    expect(served.headers['content-type']).toBe('image/webp');
    expect((await sharp(served.rawPayload).metadata()).width).toBe(1200);
    const stranger = await buildPortalUser(t.db, other.portal.id);
    const s = await portalSignIn(t, other.portal.slug, stranger.email);
    expect((await get(`/portal/${other.portal.slug}/files/${product.imageFile.id}`, s)).statusCode).toBe(404);
    expect(
      (await get(`/portals/${other.portal.id}/files/${product.imageFile.id}`, am.headers)).statusCode,
    ).toBe(404);
    expect((await get(product.imageFile.url.replace('/api/v1', ''))).statusCode).toBe(401);
  });
});

describe('artwork preflight', () => {
  it('reports a bad PDF in plain words and blocks it; a good one goes to the cart, the order and the job', async () => {
    const shop = await portalShop(t);
    const product = await card(shop.portal.id);
    const buyer = await buildPortalUser(t.db, shop.portal.id, { name: 'Nguyễn Văn An' });
    const slug = shop.portal.slug;
    const b = await portalSignIn(t, slug, buyer.email);
    const bad = await upload(
      'POST',
      `/portal/${slug}/catalog/${product.id}/artwork`,
      b,
      form(await sampleArtwork('bad'), 'Nguyễn card.pdf', 'application/pdf'),
    );
    expect(bad.statusCode, bad.body).toBe(201);
    const report = bad.json().report;
    expect(bad.json().name).toBe('Nguyễn card.pdf');
    expect(report).toMatchObject({
      pages: 1,
      pageWidthIn: 3.5,
      pageHeightIn: 2,
      expectedWidthIn: 3.75,
      blocked: true,
    });
    expect(report.findings.map((f: { check: string }) => f.check).sort()).toEqual([
      'colour',
      'colour',
      'fonts',
      'pageSize',
      'resolution',
    ]);
    expect(report.findings.find((f: { check: string }) => f.check === 'fonts').message).toContain(
      'Helvetica',
    );
    expect(report.findings.find((f: { check: string }) => f.check === 'resolution').message).toMatch(
      /5\d ppi/,
    );
    // The same file read by poppler: the image's ppi agrees.
    const dir = mkdtempSync(path.join(tmpdir(), 'jj-art-'));
    writeFileSync(path.join(dir, 'bad.pdf'), await sampleArtwork('bad'));
    const list = execFileSync('pdfimages', ['-list', path.join(dir, 'bad.pdf')]).toString();
    expect(list).toMatch(/rgb .* 57 +60/);
    const line = { productId: product.id, quantity: 250, artworkFileId: bad.json().id };
    const refused = await t.request({
      method: 'POST',
      url: `/api/v1/portal/${slug}/cart/lines`,
      headers: b,
      payload: line,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toContain('did not pass preflight');
    const none = await t.request({
      method: 'POST',
      url: `/api/v1/portal/${slug}/cart/lines`,
      headers: b,
      payload: { productId: product.id, quantity: 250 },
    });
    expect(none.json().detail).toContain('Upload your artwork');

    const goodPdf = await sampleArtwork('good');
    const good = await upload(
      'POST',
      `/portal/${slug}/catalog/${product.id}/artwork`,
      b,
      form(goodPdf, 'card-final.pdf', 'application/pdf'),
    );
    expect(good.json().report).toMatchObject({
      blocked: false,
      findings: [],
      fonts: [{ name: 'DejaVuSans', embedded: true }],
    });
    expect(good.json().report.images[0]).toMatchObject({ colourSpace: 'DeviceCMYK', ppi: 320 });
    const added = await t.request({
      method: 'POST',
      url: `/api/v1/portal/${slug}/cart/lines`,
      headers: b,
      payload: { ...line, artworkFileId: good.json().id },
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().lines[0].artwork).toEqual({ id: good.json().id, name: 'card-final.pdf' });
    const placed = await t.request({
      method: 'POST',
      url: `/api/v1/portal/${slug}/checkout`,
      headers: b,
      payload: { costCentreId: shop.marketing.id, shipToAddressId: shop.address.id },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const jobId = await releasedJobId(t, placed.json().id);
    const files = (await get(`/jobs/${jobId}/files`, am.headers)).json();
    const list2 = files.items ?? files;
    const artwork = list2.find((f: { kind: string }) => f.kind === 'artwork');
    expect(artwork).toMatchObject({ name: `${product.sku}-card-final.pdf` });
    const content = await get(`/jobs/${jobId}/files/${artwork.id}/content`, am.headers);
    expect(createHash('sha256').update(content.rawPayload).digest('hex')).toBe(
      createHash('sha256').update(goodPdf).digest('hex'),
    );
  });

  it('asks the buyer to confirm warnings', async () => {
    const shop = await portalShop(t);
    const product = await card(shop.portal.id, 'warn');
    const buyer = await buildPortalUser(t.db, shop.portal.id);
    const slug = shop.portal.slug;
    const b = await portalSignIn(t, slug, buyer.email);
    const res = await upload(
      'POST',
      `/portal/${slug}/catalog/${product.id}/artwork`,
      b,
      form(await sampleArtwork('rgb'), 'rgb.pdf', 'application/pdf'),
    );
    expect(res.json().report).toMatchObject({ blocked: false });
    expect(res.json().report.findings.map((f: { severity: string }) => f.severity)).toEqual(['warn', 'warn']);
    const line = { productId: product.id, quantity: 250, artworkFileId: res.json().id };
    const unconfirmed = await t.request({
      method: 'POST',
      url: `/api/v1/portal/${slug}/cart/lines`,
      headers: b,
      payload: line,
    });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.json().errors[0].path).toContain('artworkWarningsAccepted');
    const confirmed = await t.request({
      method: 'POST',
      url: `/api/v1/portal/${slug}/cart/lines`,
      headers: b,
      payload: { ...line, artworkWarningsAccepted: true },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
  });

  it('refuses what is not a PDF, a damaged PDF, too many bytes, and another buyer’s or portal’s file', async () => {
    const shop = await portalShop(t);
    const other = await portalShop(t);
    const product = await card(shop.portal.id);
    const slug = shop.portal.slug;
    const b = await portalSignIn(t, slug, (await buildPortalUser(t.db, shop.portal.id)).email);
    const url = `/portal/${slug}/catalog/${product.id}/artwork`;
    const notPdf = await upload('POST', url, b, form(await png(20, 20), 'card.pdf', 'application/pdf'));
    expect(notPdf.statusCode).toBe(400);
    expect(notPdf.json().detail).toContain('must be a PDF');
    const damaged = await upload(
      'POST',
      url,
      b,
      form(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF'), 'x.pdf', 'application/pdf'),
    );
    expect(damaged.statusCode).toBe(400);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(51 * 1024 * 1024)]);
    expect((await upload('POST', url, b, form(big, 'big.pdf', 'application/pdf'))).statusCode).toBe(413);
    expect(
      (
        await upload(
          'POST',
          `/portal/${slug}/catalog/${shop.stocked.id}/artwork`,
          b,
          form(await sampleArtwork('good'), 'a.pdf', 'application/pdf'),
        )
      ).statusCode,
    ).toBe(400);

    // Another portal's buyer uploads good artwork to their own card: its id is "not found" here.
    const theirCard = await card(other.portal.id);
    const o = await portalSignIn(t, other.portal.slug, (await buildPortalUser(t.db, other.portal.id)).email);
    const theirs = await upload(
      'POST',
      `/portal/${other.portal.slug}/catalog/${theirCard.id}/artwork`,
      o,
      form(await sampleArtwork('good'), 'theirs.pdf', 'application/pdf'),
    );
    expect(theirs.statusCode).toBe(201);
    const foreign = await t.request({
      method: 'POST',
      url: `/api/v1/portal/${slug}/cart/lines`,
      headers: b,
      payload: { productId: product.id, quantity: 250, artworkFileId: theirs.json().id },
    });
    expect(foreign.statusCode).toBe(404);
    expect((await get(`/portal/${slug}/files/${theirs.json().id}`, b)).statusCode).toBe(404);
    // A colleague (another buyer of the same portal) cannot use or read this buyer's artwork either.
    const mine = await upload(
      'POST',
      url,
      b,
      form(await sampleArtwork('good'), 'mine.pdf', 'application/pdf'),
    );
    const colleague = await portalSignIn(t, slug, (await buildPortalUser(t.db, shop.portal.id)).email);
    expect((await get(`/portal/${slug}/files/${mine.json().id}`, colleague)).statusCode).toBe(404);
    expect((await get(`/portal/${slug}/files/${mine.json().id}`, b)).headers['content-type']).toBe(
      'application/pdf',
    );
  });
});
