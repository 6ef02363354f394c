import type { MeetingAttendee } from './tables';

type IcsMeeting = {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  agenda: string | null;
  attendees: MeetingAttendee[];
  sequence: number;
  cancelled: boolean;
  updatedAt: Date;
};

const utc = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const escapeText = (s: string) =>
  s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const quoteParam = (s: string) => `"${s.replace(/["\r\n]/g, '')}"`;

/** RFC 5545 §3.1: lines longer than 75 octets fold with CRLF and a space, never inside a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/**
 * The meeting as an iCalendar REQUEST (or CANCEL) invitation. Times are UTC, which every calendar converts
 * to its reader's zone; the UID and SEQUENCE let a later update replace the same event.
 */
export function meetingIcs(
  m: IcsMeeting,
  organizer: { name: string; email: string },
  domain: string,
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Jobjacket//Inbox//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${m.cancelled ? 'CANCEL' : 'REQUEST'}`,
    'BEGIN:VEVENT',
    `UID:${m.id}@${domain}`,
    `DTSTAMP:${utc(m.updatedAt)}`,
    `DTSTART:${utc(m.startsAt)}`,
    `DTEND:${utc(m.endsAt)}`,
    `SEQUENCE:${m.sequence}`,
    `STATUS:${m.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeText(m.title)}`,
    ...(m.place ? [`LOCATION:${escapeText(m.place)}`] : []),
    ...(m.agenda ? [`DESCRIPTION:${escapeText(m.agenda)}`] : []),
    `ORGANIZER;CN=${quoteParam(organizer.name)}:mailto:${organizer.email}`,
    ...m.attendees.map(
      (a) =>
        `ATTENDEE;CN=${quoteParam(a.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${a.email}`,
    ),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
