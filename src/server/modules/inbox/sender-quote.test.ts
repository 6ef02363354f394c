import { describe, expect, it } from 'vitest';
import { quoteReply } from './quote';
import { accountNameFromDomain, isFreeMail, splitSenderName } from './sender';

describe('a sender’s name from the From header', () => {
  it.each([
    ['Nguyễn → Zoë Øster', 'zoe@x.example', 'Nguyễn → Zoë', 'Øster'],
    ['Øster, Zoë', 'zoe@x.example', 'Zoë', 'Øster'],
    ['"Zoë Øster"', 'zoe@x.example', 'Zoë', 'Øster'],
    ['Cher', 'cher@x.example', 'Cher', ''],
    [null, 'zoe.van-oster+orders@x.example', 'Zoe Van', 'Oster'],
    ['zoe@x.example', 'zoe@x.example', 'Zoe', ''],
  ])('%s <%s> → %s / %s', (name, address, first, last) => {
    expect(splitSenderName(name, address)).toEqual({ firstName: first, lastName: last });
  });

  it('names a new account after the domain, and knows public mail services', () => {
    expect(accountNameFromDomain('county-schools.example')).toBe('County Schools');
    expect(accountNameFromDomain(null)).toBe('');
    expect(isFreeMail('GMail.com')).toBe(true);
    expect(isFreeMail('county.example')).toBe(false);
  });
});

describe('a quoted reply', () => {
  it('quotes each line with >, adds one more to quoted lines, and escapes the HTML blockquote', () => {
    const q = quoteReply(
      'Yes <b>Friday</b>.',
      {
        text: 'Rush it?\n> older\n\n<script>x</script>\n',
        name: 'Zoë Øster',
        at: new Date('2026-12-01T15:14:00Z'),
      },
      'America/Chicago',
    );
    expect(q.text).toBe(
      'Yes <b>Friday</b>.\n\nOn Tue, Dec 1, 2026 at 9:14 AM, Zoë Øster wrote:\n> Rush it?\n>> older\n>\n> <script>x</script>\n',
    );
    expect(q.html).toContain('Yes &lt;b&gt;Friday&lt;/b&gt;.');
    expect(q.html).toContain('<blockquote type="cite"');
    expect(q.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(q.html).not.toContain('<script>');
  });

  it('cuts a very long original and says so', () => {
    const q = quoteReply('ok', { text: 'a'.repeat(30_000), name: 'A', at: new Date() }, 'UTC');
    expect(q.text.length).toBeLessThan(21_000);
    expect(q.text).toContain('> […]');
  });
});
