import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { BUNDLED_FONTS, FONT_MAX_BYTES, type FontUpload, type ShopFont } from '../../../../shared/vdp';
import { recordAudit } from '../../../platform/audit';
import type { Db } from '../../../platform/db';
import { conflict, invalid, notFound } from '../../../platform/errors';
import type { FileStore } from '../../../platform/files';
import type { ServiceContext } from '../../../platform/service-context';
import { inspectFontOffThread } from './pdf-pool';
import { vdpFonts, vdpTemplates } from './tables';

const dejavuDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);
const bundledFiles: Record<keyof typeof BUNDLED_FONTS, string> = {
  'dejavu-sans': 'DejaVuSans.ttf',
  'dejavu-sans-bold': 'DejaVuSans-Bold.ttf',
  'dejavu-serif': 'DejaVuSerif.ttf',
  'dejavu-serif-bold': 'DejaVuSerif-Bold.ttf',
};
/** Uploaded fonts a shop may keep (the list is not paged). */
const MAX_FONTS = 100;
const isBundled = (id: string): id is keyof typeof BUNDLED_FONTS => id in bundledFiles;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const present = (row: typeof vdpFonts.$inferSelect): ShopFont => ({
  id: row.id,
  name: row.name,
  bundled: false,
  glyphCount: row.glyphCount,
  createdAt: row.createdAt.toISOString(),
});

/** The fonts templates may use: the bundled DejaVu family, then the shop's uploads by name. */
export async function listFonts(db: Db): Promise<ShopFont[]> {
  const rows = await db.select().from(vdpFonts).orderBy(asc(vdpFonts.name)).limit(MAX_FONTS);
  return [
    ...Object.entries(BUNDLED_FONTS).map(([id, name]) => ({
      id,
      name,
      bundled: true,
      glyphCount: 0,
      createdAt: null,
    })),
    ...rows.map(present),
  ];
}

/** Whether every id names a font of the shop (for a template's placements). */
export async function unknownFontIds(db: Db, ids: string[]): Promise<string[]> {
  const uploaded = ids.filter((id) => !isBundled(id));
  const valid = uploaded.filter((id) => UUID.test(id));
  const found = valid.length
    ? await db.select({ id: vdpFonts.id }).from(vdpFonts).where(inArray(vdpFonts.id, valid))
    : [];
  return uploaded.filter((id) => !found.some((f) => f.id === id));
}

/** The bytes of the fonts by id (bundled from the package, uploaded from the file store). */
export async function fontBytes(
  db: Db,
  files: FileStore,
  ids: string[],
): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  const uploaded = [...new Set(ids)].filter((id) => !isBundled(id) && UUID.test(id));
  const rows = uploaded.length ? await db.select().from(vdpFonts).where(inArray(vdpFonts.id, uploaded)) : [];
  for (const id of new Set(ids)) {
    if (isBundled(id)) out[id] = await readFile(path.join(dejavuDir, bundledFiles[id]));
    const row = rows.find((r) => r.id === id);
    if (row) out[id] = await files.get(row.fileKey);
  }
  return out;
}

/** The font of slug lines and fallbacks. */
export const bundledSans = () => readFile(path.join(dejavuDir, bundledFiles['dejavu-sans']));

/** Adds a TTF/OTF font to the shop, after parsing it on the worker thread (a broken file is a 400). */
export async function uploadFont(
  opts: ServiceContext & { files: FileStore; input: z.output<typeof FontUpload> },
): Promise<ShopFont> {
  const { db, actor, files, input } = opts;
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length > FONT_MAX_BYTES)
    throw invalid(`The font is larger than ${FONT_MAX_BYTES / 1024 / 1024} MB`, [
      { path: 'contentBase64', message: 'Too large' },
    ]);
  const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(vdpFonts)) as [
    { count: number },
  ];
  if (count >= MAX_FONTS) throw conflict(`The shop has ${MAX_FONTS} fonts: remove one first`);
  const { name, glyphCount } = await inspectFontOffThread(bytes);
  const stored = await files.put(bytes);
  const [row] = await db
    .insert(vdpFonts)
    .values({
      name,
      filename: input.filename,
      fileKey: stored.key,
      glyphCount,
      sizeBytes: bytes.length,
      createdBy: actor.id,
    })
    .returning();
  await recordAudit(db, actor, {
    action: 'vdp.font.uploaded',
    entityType: 'vdp_font',
    entityId: row!.id,
    summary: `Font ${name} (${input.filename}, ${glyphCount} glyphs) uploaded for variable-data templates`,
    after: { name, filename: input.filename, glyphCount },
  });
  return present(row!);
}

/** Removes an uploaded font no current template uses (a template that uses it names it in the 409). */
export async function removeFont(opts: ServiceContext & { id: string }) {
  const { db, actor, id } = opts;
  const [row] = await db.select().from(vdpFonts).where(eq(vdpFonts.id, id));
  if (!row) throw notFound('Font');
  const users = await db
    .select({ id: vdpTemplates.id })
    .from(vdpTemplates)
    .where(
      and(
        eq(vdpTemplates.removed, false),
        sql`${vdpTemplates.placements} @> ${JSON.stringify([{ fontId: id }])}::jsonb`,
        sql`${vdpTemplates.version} = (select max(x.version) from vdp_templates x where x.product_id = ${vdpTemplates.productId})`,
      ),
    )
    .limit(1);
  if (users.length)
    throw conflict(`${row.name} is used by a variable-data template: choose another font there first`);
  await db.delete(vdpFonts).where(eq(vdpFonts.id, id));
  await recordAudit(db, actor, {
    action: 'vdp.font.removed',
    entityType: 'vdp_font',
    entityId: id,
    summary: `Font ${row.name} removed`,
    before: { name: row.name, filename: row.filename },
  });
}
