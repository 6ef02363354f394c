import { randomBytes } from 'node:crypto';
import { systemActor } from './platform/actor';
import type { AppContext } from './platform/context';
import { countUsers, createUser } from './modules/users';
import { todayIn } from './platform/clock';
import { DEMO_PASSWORD, isEmpty, seedDemo } from './demo/seed';

export type BootstrapReport = {
  admin?: { email: string; password: string | null };
  demo?: { users: number; accounts: number; jobs: number; portal: { slug: string; users: string[] } };
};

/** On an empty database: create the first admin (from the environment or with a random password) and the demo data. */
export async function bootstrap(ctx: AppContext): Promise<BootstrapReport> {
  const report: BootstrapReport = {};
  if ((await countUsers(ctx.db)) === 0) {
    const email = ctx.config.JOBJACKET_ADMIN_EMAIL ?? 'admin@localhost';
    const generated = ctx.config.JOBJACKET_ADMIN_PASSWORD ? null : randomBytes(12).toString('base64url');
    await ctx.db.transaction((db) =>
      createUser({
        db,
        actor: systemActor,
        input: {
          email,
          name: 'Administrator',
          role: 'admin',
          password: ctx.config.JOBJACKET_ADMIN_PASSWORD ?? generated!,
        },
      }),
    );
    report.admin = { email, password: generated };
  }
  if (ctx.config.JOBJACKET_DEMO && (await isEmpty(ctx.db))) {
    report.demo = await ctx.db.transaction((db) => seedDemo(db, todayIn(ctx.config.JOBJACKET_TIMEZONE)));
  }
  return report;
}

export function describeBootstrap(report: BootstrapReport, url: string): string {
  const lines = [`Jobjacket is running at ${url}`];
  if (report.admin) {
    lines.push(
      report.admin.password
        ? `First admin: ${report.admin.email} with password ${report.admin.password} (shown once: write it down)`
        : `First admin: ${report.admin.email} with the password in JOBJACKET_ADMIN_PASSWORD`,
    );
  }
  if (report.demo) {
    lines.push(
      `Demo data: ${report.demo.accounts} client accounts, ${report.demo.jobs} jobs and ${report.demo.users} staff users ` +
        `(e.g. sam.okafor@demo.jobjacket, an account manager) with password "${DEMO_PASSWORD}"`,
      `A client ordering portal: ${url}/p/${report.demo.portal.slug} (${report.demo.portal.users[0]}, same password)`,
    );
  }
  return lines.join('\n');
}
