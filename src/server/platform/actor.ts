export const staffRoles = ['admin', 'manager', 'account_manager', 'production', 'purchasing'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Who is making a request: a signed-in staff user (by session or API token), or the system itself. */
export type Actor = {
  kind: 'user' | 'system' | 'portal';
  id: string | null;
  name: string;
  email: string;
  role: StaffRole;
  department: string | null;
  via: 'session' | 'token' | 'system';
  requestId?: string;
};

export const systemActor: Actor = {
  kind: 'system',
  id: null,
  name: 'Jobjacket',
  email: 'system@localhost',
  role: 'admin',
  department: null,
  via: 'system',
};
