import { z } from 'zod';
import { trimmed } from './common';

export const StaffRole = z.enum(['admin', 'manager', 'account_manager', 'production', 'purchasing']);
export type StaffRole = z.infer<typeof StaffRole>;

export const roleLabels: Record<StaffRole, string> = {
  admin: 'Admin',
  manager: 'Manager',
  account_manager: 'Account manager',
  production: 'Production',
  purchasing: 'Purchasing',
};

export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: StaffRole,
  department: z.string().nullable(),
  active: z.boolean(),
  invited: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

export const Password = z.string().min(10, 'Use at least 10 characters').max(200);

export const CreateUser = z
  .object({
    email: z.email().max(254),
    name: trimmed(120),
    role: StaffRole,
    department: z.string().trim().min(1).max(60).nullable().optional(),
    password: Password.optional(),
  })
  .strict();
export type CreateUser = z.infer<typeof CreateUser>;

export const UpdateUser = z
  .object({
    name: trimmed(120),
    role: StaffRole,
    department: z.string().trim().min(1).max(60).nullable(),
    active: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateUser = z.infer<typeof UpdateUser>;

export const UserListQuery = z
  .object({ role: StaffRole.optional(), active: z.enum(['true', 'false']).optional() })
  .strict();

export const ApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ApiToken = z.infer<typeof ApiToken>;

export const CreateApiToken = z
  .object({
    name: trimmed(80),
    /** Days until it expires; left out, the shop's default (a year); null never expires (admins only). */
    expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
  })
  .strict();
export const CreatedApiToken = ApiToken.extend({ token: z.string() });

// Sign-in takes any address a user was created with (the first admin may be admin@localhost).
export const Login = z
  .object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(200) })
  .strict();
export const Me = z.object({ user: User, csrfToken: z.string().nullable() });
export type Me = z.infer<typeof Me>;
export const AcceptInvite = z.object({ token: z.string().min(10).max(200), password: Password }).strict();
