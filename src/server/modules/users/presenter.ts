import type { ApiToken, User } from '../../../shared/users';
import type { apiTokens, users } from './tables';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentUser(u: typeof users.$inferSelect): User {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    department: u.department,
    active: u.active,
    invited: !u.passwordHash,
    lastLoginAt: iso(u.lastLoginAt),
    createdAt: u.createdAt.toISOString(),
  };
}

export function presentApiToken(t: typeof apiTokens.$inferSelect): ApiToken {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
    createdAt: t.createdAt.toISOString(),
  };
}
