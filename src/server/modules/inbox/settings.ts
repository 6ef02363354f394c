import type { BusinessHours } from '../../platform/calendar/business-hours';
import type { Db } from '../../platform/db';
import { loadBusinessHours } from './targets';

/**
 * What the inbox reads from the configuration: plain values, the same for every request (the mailer and
 * the file store are passed on their own to the services that send or store).
 */
export type InboxSettings = {
  /** Signs replies and meeting invitations. */
  shopName: string;
  /** Domain of the `reply+TOKEN@…` addresses and of the Message-IDs the inbox makes. */
  replyDomain: string;
  /** The shop's zone: meeting times in e-mails, today's date. */
  timeZone: string;
  /** The working week response targets count in, e.g. "1-5 08:00-17:00". */
  businessHours: string;
  /** Inbound messages larger than this, or with more MIME parts, are refused (SMTP 552, HTTP 413). */
  maxMessageBytes: number;
  maxParts: number;
};

/** The inbox settings of a configuration (the reply domain defaults to the domain of MAIL_FROM). */
export function inboxSettings(config: {
  JOBJACKET_REPLY_DOMAIN?: string;
  MAIL_FROM: string;
  JOBJACKET_SHOP_NAME: string;
  JOBJACKET_TIMEZONE: string;
  JOBJACKET_BUSINESS_HOURS: string;
  JOBJACKET_MAIL_MAX_MB: number;
  JOBJACKET_MAIL_MAX_PARTS: number;
}): InboxSettings {
  const fromDomain = /@([^>\s]+)>?\s*$/.exec(config.MAIL_FROM)?.[1] ?? 'localhost';
  return {
    shopName: config.JOBJACKET_SHOP_NAME,
    replyDomain: config.JOBJACKET_REPLY_DOMAIN ?? fromDomain,
    timeZone: config.JOBJACKET_TIMEZONE,
    businessHours: config.JOBJACKET_BUSINESS_HOURS,
    maxMessageBytes: config.JOBJACKET_MAIL_MAX_MB * 1024 * 1024,
    maxParts: config.JOBJACKET_MAIL_MAX_PARTS,
  };
}

/** The shop's business hours with its holidays: what response targets and escalation due-bys count in. */
export const shopBusinessHours = (
  db: Db,
  settings: Pick<InboxSettings, 'businessHours' | 'timeZone'>,
): Promise<BusinessHours> => loadBusinessHours(db, settings.businessHours, settings.timeZone);
