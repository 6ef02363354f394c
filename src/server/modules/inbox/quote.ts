/** Characters of the answered message a reply quotes; a longer one is cut with a note. */
const MAX_QUOTED = 20_000;

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const htmlLines = (s: string) => escapeHtml(s).replace(/\r?\n/g, '<br>\n');

/** "On Tue, Dec 1, 2026 at 9:14 AM, Zoë Øster wrote:" in the shop's time zone. */
export function attribution(at: Date, name: string, timeZone: string) {
  const day = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  }).format(at);
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(at);
  return `On ${day} at ${time}, ${name} wrote:`;
}

/**
 * A reply with the message it answers quoted below it: plain text with `>` on every quoted line (a line
 * already quoted gets one more `>`), and HTML with the original in a `<blockquote type="cite">`.
 */
export function quoteReply(
  reply: string,
  original: { text: string; name: string; at: Date },
  timeZone: string,
): { text: string; html: string } {
  const header = attribution(original.at, original.name, timeZone);
  const cut = original.text.length > MAX_QUOTED;
  const body = (cut ? original.text.slice(0, MAX_QUOTED) : original.text).replace(/\s+$/, '');
  const quoted = body
    .split(/\r?\n/)
    .map((line) => (line.startsWith('>') ? `>${line}` : line ? `> ${line}` : '>'))
    .join('\n');
  const text = `${reply}\n\n${header}\n${quoted}${cut ? '\n> […]' : ''}\n`;
  const html = [
    '<!doctype html><html><body>',
    `<div style="white-space:normal">${htmlLines(reply)}</div>`,
    `<p>${escapeHtml(header)}</p>`,
    '<blockquote type="cite" style="margin:0 0 0 .8ex;border-left:2px solid #ccc;padding-left:1ex">',
    `${htmlLines(body)}${cut ? '<br>\n[…]' : ''}`,
    '</blockquote>',
    '</body></html>',
  ].join('\n');
  return { text, html };
}
