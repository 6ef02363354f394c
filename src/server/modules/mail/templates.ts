import { eq } from 'drizzle-orm';
import type { MailTemplate } from '../../../shared/audit';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { mailTemplates } from './tables';

export type TemplateDefinition = {
  key: string;
  name: string;
  subject: string;
  body: string;
  fields: { name: string; description: string }[];
};

const definitions = new Map<string, TemplateDefinition>();

/** Modules declare the e-mails they send, with built-in wording and the merge fields they fill. */
export function defineMailTemplate(definition: TemplateDefinition) {
  definitions.set(definition.key, definition);
}

const FIELD = /\{\{\s*([a-zA-Z][\w.]*)\s*\}\}/g;

/** Fills `{{field}}` placeholders; an unknown field is left visible rather than silently dropped. */
export function merge(text: string, values: Record<string, string>): string {
  return text.replace(FIELD, (whole, name: string) => values[name] ?? whole);
}

function definitionOf(key: string) {
  const d = definitions.get(key);
  if (!d) throw notFound('Mail template');
  return d;
}

/** A template as the shop uses it: the shop's wording where it was changed, the built-in one otherwise. */
export async function getMailTemplate(opts: { db: Db; key: string }): Promise<MailTemplate> {
  const { db, key } = opts;
  const d = definitionOf(key);
  const [row] = await db.select().from(mailTemplates).where(eq(mailTemplates.key, key));
  return {
    key,
    name: d.name,
    subject: row?.subject ?? d.subject,
    body: row?.body ?? d.body,
    fields: d.fields,
    customised: Boolean(row),
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** Every template a module declared, by key. */
export async function listMailTemplates(opts: { db: Db }): Promise<MailTemplate[]> {
  const out: MailTemplate[] = [];
  for (const key of [...definitions.keys()].sort()) out.push(await getMailTemplate({ db: opts.db, key }));
  return out;
}

/** Saves the shop's wording of a template; only the template's own merge fields are allowed. */
export async function saveMailTemplate(
  opts: ServiceContext & { key: string; input: { subject: string; body: string } },
): Promise<MailTemplate> {
  const { db, actor, key, input } = opts;
  const d = definitionOf(key);
  const known = new Set(d.fields.map((f) => f.name));
  for (const [path, text] of [
    ['subject', input.subject],
    ['body', input.body],
  ] as const) {
    const unknown = [...text.matchAll(FIELD)].map((m) => m[1]!).filter((n) => !known.has(n));
    if (unknown.length) {
      throw invalid(`Unknown merge field ${unknown.map((n) => `{{${n}}}`).join(', ')}`, [
        { path, message: `Known fields: ${[...known].map((n) => `{{${n}}}`).join(', ')}` },
      ]);
    }
  }
  await db
    .insert(mailTemplates)
    .values({ key, ...input, updatedBy: actor.email })
    .onConflictDoUpdate({
      target: mailTemplates.key,
      set: { ...input, updatedBy: actor.email, updatedAt: new Date() },
    });
  await recordAudit(db, actor, {
    action: 'mail-template.updated',
    entityType: 'mail-template',
    entityId: null,
    summary: `E-mail template “${d.name}” changed`,
    after: input,
  });
  return getMailTemplate({ db, key });
}

/** The subject and body of a template with the values filled in. */
export async function renderMailTemplate(opts: { db: Db; key: string; values: Record<string, string> }) {
  const t = await getMailTemplate(opts);
  return { subject: merge(t.subject, opts.values), text: merge(t.body, opts.values) };
}
