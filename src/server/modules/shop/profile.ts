import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ShopLogoInput, ShopProfile, ShopProfileInput } from '../../../shared/shop';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import type { Letterhead } from '../../platform/documents/letterhead';
import { notFound } from '../../platform/errors';
import type { FileStore } from '../../platform/files';
import type { ServiceContext } from '../../platform/service-context';
import { checkLogo } from './logo';
import { shopProfile } from './tables';

type Row = typeof shopProfile.$inferSelect;
const KEY = 'shop';

async function load(db: Db, lock = false): Promise<Row | undefined> {
  const q = db.select().from(shopProfile).where(eq(shopProfile.key, KEY));
  return (await (lock ? q.for('update') : q))[0];
}

/** Defaults before anyone saved a profile: the configured name (JOBJACKET_SHOP_NAME), Letter paper. */
const present = (row: Row | undefined, defaultName: string): ShopProfile => ({
  name: row?.name ?? defaultName,
  address: row?.address ?? '',
  phone: row?.phone ?? null,
  email: row?.email ?? null,
  logoUrl: row?.logoKey ? `/api/v1/shop-profile/logo?v=${row.updatedAt.getTime()}` : null,
  paperSize: row?.paperSize ?? 'letter',
  updatedAt: row?.updatedAt.toISOString() ?? null,
  updatedBy: row?.updatedBy ?? null,
});

/** The shop's profile as the admin page shows it. */
export async function getShopProfile(opts: { db: Db; defaultName: string }): Promise<ShopProfile> {
  return present(await load(opts.db), opts.defaultName);
}

/** Saves the name, address, phone, e-mail and paper size (the logo has its own call); audited. */
export async function saveShopProfile(
  opts: ServiceContext & { defaultName: string; input: z.output<typeof ShopProfileInput> },
): Promise<ShopProfile> {
  const { db, actor, input } = opts;
  const before = await load(db, true);
  const values = {
    name: input.name,
    address: input.address,
    phone: input.phone ?? null,
    email: input.email || null,
    paperSize: input.paperSize,
    updatedAt: new Date(),
    updatedBy: actor.email,
  };
  const [row] = await db
    .insert(shopProfile)
    .values({ key: KEY, ...values })
    .onConflictDoUpdate({ target: shopProfile.key, set: values })
    .returning();
  await recordAudit(db, actor, {
    action: 'shop-profile.updated',
    entityType: 'shop-profile',
    entityId: null,
    summary: `Shop profile saved (${input.name})`,
    before: before ? pick(before) : null,
    after: pick(row!),
  });
  return present(row, opts.defaultName);
}

const pick = (r: Row) => ({
  name: r.name,
  address: r.address,
  phone: r.phone,
  email: r.email,
  paperSize: r.paperSize,
  logo: Boolean(r.logoKey),
});

/**
 * Replaces the logo (or, with null, removes it). The image is checked by its bytes and stored in the file
 * store before the row points at it; the row is locked so two uploads at once leave one logo, not a mix.
 */
export async function setShopLogo(
  opts: ServiceContext & {
    files: FileStore;
    defaultName: string;
    input: z.output<typeof ShopLogoInput> | null;
  },
): Promise<ShopProfile> {
  const { db, actor, files, input } = opts;
  let stored: { key: string; type: 'image/png' | 'image/jpeg' } | null = null;
  if (input) {
    const bytes = Buffer.from(input.contentBase64, 'base64');
    const type = checkLogo(bytes);
    stored = { key: (await files.put(bytes)).key, type };
  }
  const before = await load(db, true);
  if (!before && !stored) throw notFound('Logo');
  const values = {
    logoKey: stored?.key ?? null,
    logoType: stored?.type ?? null,
    updatedAt: new Date(),
    updatedBy: actor.email,
  };
  const [row] = await db
    .insert(shopProfile)
    .values({ key: KEY, name: opts.defaultName, ...values })
    .onConflictDoUpdate({ target: shopProfile.key, set: values })
    .returning();
  await recordAudit(db, actor, {
    action: stored ? 'shop-profile.logo-set' : 'shop-profile.logo-removed',
    entityType: 'shop-profile',
    entityId: null,
    summary: stored ? `Shop logo replaced (${input!.filename})` : 'Shop logo removed',
    before: { logo: Boolean(before?.logoKey) },
    after: { logo: Boolean(stored) },
  });
  return present(row, opts.defaultName);
}

/** The logo's bytes and type; "not found" without one. */
export async function getShopLogo(opts: { db: Db; files: FileStore }) {
  const row = await load(opts.db);
  if (!row?.logoKey || !row.logoType) throw notFound('Logo');
  return { bytes: await opts.files.get(row.logoKey), type: row.logoType };
}

/** What documents print at the top: the profile's name, address and contact lines, logo and paper. */
export async function shopLetterhead(opts: {
  db: Db;
  files: FileStore;
  defaultName: string;
}): Promise<Letterhead> {
  const row = await load(opts.db);
  const logo = row?.logoKey ? await opts.files.get(row.logoKey).catch(() => null) : null;
  return {
    name: row?.name ?? opts.defaultName,
    lines: [
      ...(row?.address ?? '').split('\n').map((l) => l.trim()),
      row?.phone ? `Tel. ${row.phone}` : '',
      row?.email ?? '',
    ].filter(Boolean),
    logo,
    paper: row?.paperSize === 'a4' ? 'A4' : 'LETTER',
  };
}

/** The letterhead for a request or a job: the shop's profile, with the configured name as the fallback. */
export const letterheadOf = (
  ctx: { files: FileStore; config: { JOBJACKET_SHOP_NAME: string } },
  db: Db,
): Promise<Letterhead> =>
  shopLetterhead({ db, files: ctx.files, defaultName: ctx.config.JOBJACKET_SHOP_NAME });
