import type { StaffRole } from './users';

/**
 * Who may do what, in one table: the server's route access and the web app's buttons both read it, so a
 * button is never shown to a role the server would refuse (or hidden from one it would allow).
 */
export const permissions = {
  'account.edit': ['admin', 'manager', 'account_manager'],
  /** Choosing or changing an account's owner; an account manager's new account is their own. */
  'account.owner.choose': ['admin', 'manager'],
  'job.edit': ['admin', 'manager', 'account_manager'],
  'stage.move': ['admin', 'manager', 'account_manager', 'production'],
  'job.files.add': ['admin', 'manager', 'account_manager', 'production'],
  'shipment.edit': ['admin', 'manager', 'account_manager', 'production'],
  // Mailing lists hold recipients' names and addresses: those who sell and produce the mail read them.
  'mailing.read': ['admin', 'manager', 'account_manager', 'production'],
  'mailing.edit': ['admin', 'manager', 'account_manager', 'production'],
  'mailing.rates.edit': ['admin'],
  'purchasing.buy': ['admin', 'manager', 'purchasing'],
  'purchasing.receive': ['admin', 'manager', 'purchasing', 'production'],
  'job.materials.edit': ['admin', 'manager', 'purchasing', 'account_manager'],
  'portal.manage': ['admin', 'manager', 'account_manager'],
  'portal.fulfil': ['admin', 'manager', 'account_manager', 'production'],
  'order.approve': ['admin', 'manager', 'account_manager'],
  // Client e-mail, calls and meetings: those who correspond with clients (see docs/security.md, staff scoping).
  'inbox.read': ['admin', 'manager', 'account_manager'],
  'conversation.reply': ['admin', 'manager', 'account_manager'],
  'escalation.handle': ['admin', 'manager', 'account_manager'],
  'escalation.path.edit': ['admin'],
  'response-targets.edit': ['admin', 'manager'],
  'report.all-schedules': ['admin', 'manager'],
  'report.manage': ['admin', 'manager', 'account_manager'],
  'report.read': ['admin', 'manager', 'account_manager', 'production', 'purchasing'],
  // The cost model (presses, operations, rules, markups) and who prices work from it.
  'estimating.edit': ['admin', 'manager'],
  'estimate.run': ['admin', 'manager', 'account_manager'],
  'quote.edit': ['admin', 'manager', 'account_manager'],
  // The invoice hand-off: what is ready to bill, and the export batches accounting imports.
  'invoice.export': ['admin', 'manager'],
  'audit.read': ['admin', 'manager'],
  'outbox.read': ['admin'],
  'outbox.resend': ['admin'],
  'mail.templates.edit': ['admin', 'manager'],
  'mail.settings.edit': ['admin'],
  'shop.profile.edit': ['admin'],
  'users.manage': ['admin'],
  'departments.manage': ['admin'],
  'webhooks.manage': ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof permissions;

/** The roles that hold a permission (a fresh array: route configs and OpenAPI may keep it). */
export function rolesFor(permission: Permission): StaffRole[] {
  return [...permissions[permission]];
}

/** Whether a staff role holds a permission. */
export function can(role: StaffRole | null | undefined, permission: Permission): boolean {
  return !!role && (permissions[permission] as readonly StaffRole[]).includes(role);
}
