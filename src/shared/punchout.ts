import { z } from 'zod';
import { trimmed } from './common';

/** A cXML credential part: a domain such as NetworkID or DUNS, and the identity in it. */
const domain = trimmed(60);
const identity = trimmed(200);

/** A portal's cXML PunchOut set-up, as staff edit it (the shared secret is set on its own, never shown). */
export const PunchOutSettingsInput = z
  .object({
    enabled: z.boolean().default(true),
    /** The buying organisation (the From credential of its documents). */
    fromDomain: domain,
    fromIdentity: identity,
    /** The shop as the procurement system knows it (the To credential). */
    toDomain: domain,
    toIdentity: identity,
    /** The system that sends the documents and carries the shared secret (the Sender credential). */
    senderDomain: domain,
    senderIdentity: identity,
    /** The cost centre punch-out orders are placed on. */
    costCentreId: z.uuid(),
    /** The portal buyer used when a set-up request names no user e-mail. */
    buyerEmail: z.email().max(254),
    buyerName: trimmed(120),
    /** Where order confirmations and ship notices are posted; null: not sent. */
    noticeUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable()
      .default(null),
  })
  .strict();

export const PunchOutSettings = PunchOutSettingsInput.extend({
  portalId: z.uuid(),
  /** When the shared secret was last set; null: not yet (set-up requests are refused until it is). */
  secretSetAt: z.string().nullable(),
  /** The URL the procurement system posts its cXML documents to. */
  endpointUrl: z.string(),
});
export type PunchOutSettings = z.infer<typeof PunchOutSettings>;

/** Sets the shared secret: the one typed (as agreed with the procurement system) or a new random one. */
export const PunchOutSecretInput = z
  .object({ secret: z.string().min(16, 'At least 16 characters').max(200).optional() })
  .strict();
/** The secret just set, shown this once. */
export const PunchOutSecret = z.object({ secret: z.string(), secretSetAt: z.string() });

/** Whether the portal session is a punch-out session (its cart goes back to the procurement system). */
export const PunchOutState = z.object({
  active: z.boolean(),
  /** The procurement system's name (its Sender identity), for the button. */
  returnTo: z.string().nullable(),
});

/** The cart as a PunchOutOrderMessage, for the browser to post to the procurement system's form URL. */
export const PunchOutReturn = z.object({
  url: z.string(),
  /** The form field: cxml-urlencoded. */
  field: z.literal('cxml-urlencoded'),
  cxml: z.string(),
});
