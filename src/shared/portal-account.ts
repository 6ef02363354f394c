import { z } from 'zod';
import { trimmed } from './common';
import { Cart } from './portals';

// What a portal user does for themselves: passwords, preferences, favourites, saved carts and reorders.

const NewPassword = z.string().min(10, 'At least 10 characters').max(200);

export const PasswordResetRequest = z.object({ email: z.email().max(254) }).strict();
export const PasswordReset = z.object({ token: z.string().min(10).max(200), password: NewPassword }).strict();
export const PasswordChange = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: NewPassword })
  .strict();
/** The same words whether or not the e-mail belongs to a user: existence does not leak. */
export const ResetRequested = z.object({ message: z.string() });

export const PortalPreferences = z.object({ orderEmails: z.boolean() }).strict();
export type PortalPreferences = z.infer<typeof PortalPreferences>;

export const Favourites = z.object({ productIds: z.array(z.uuid()) });
export type Favourites = z.infer<typeof Favourites>;

export const SaveCart = z.object({ name: trimmed(80) }).strict();
export const SavedCart = z.object({
  id: z.uuid(),
  name: z.string(),
  lines: z.number().int(),
  units: z.number().int(),
  savedAt: z.string(),
});
export type SavedCart = z.infer<typeof SavedCart>;

/** A line that could not be put back in the cart, and why in plain words. */
export const Skipped = z.object({ sku: z.string(), name: z.string(), reason: z.string() });
/** The cart after a reorder or a restore, with what was left out. */
export const CartRefilled = z.object({ cart: Cart, skipped: z.array(Skipped) });
export type CartRefilled = z.infer<typeof CartRefilled>;
