import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('users and invitations with no SMTP configured (outbox)', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    await t.ctx.queue.work();
    admin = await t.signIn('admin');
  });
  afterAll(() => t.close());

  it('invites a user by e-mail; the message waits in the outbox; the link sets a password', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { email: 'new.am@example.test', name: 'New AM', role: 'account_manager' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ invited: true, role: 'account_manager' });
    const message = await waitFor(async () => {
      const list = await t.request({
        method: 'GET',
        url: '/api/v1/mail-messages?status=outbox',
        headers: admin.headers,
      });
      return list.json().items.find((m: { to: string }) => m.to === 'new.am@example.test');
    }, 'the invitation in the outbox');
    const token = /\/invite\/(\S+)/.exec(message.text)![1]!;
    const accept = await t.request({
      method: 'POST',
      url: '/api/v1/auth/accept-invite',
      payload: { token, password: 'a long new password' },
    });
    expect(accept.statusCode).toBe(204);
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'new.am@example.test', password: 'a long new password' },
    });
    expect(login.statusCode).toBe(200);
    const reuse = await t.request({
      method: 'POST',
      url: '/api/v1/auth/accept-invite',
      payload: { token, password: 'another password!' },
    });
    expect(reuse.statusCode).toBe(400);
  });

  it('requires a department for production users and refuses duplicate e-mails', async () => {
    const noDept = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: {
        email: 'press@example.test',
        name: 'Press Op',
        role: 'production',
        password: 'long enough pw',
      },
    });
    expect(noDept.statusCode).toBe(400);
    expect(noDept.json().errors[0].path).toBe('department');
    const ok = { email: 'dup@example.test', name: 'Dup', role: 'purchasing', password: 'long enough pw' };
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload: ok }))
        .statusCode,
    ).toBe(201);
    const again = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { ...ok, email: 'DUP@example.test' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('records user changes in the audit log that admins and managers browse', async () => {
    const manager = await t.signIn('manager');
    const res = await t.request({
      method: 'GET',
      url: '/api/v1/audit-events?entityType=user&limit=2',
      headers: manager.headers,
    });
    expect(res.statusCode).toBe(200);
    const actions = res.json().items.map((e: { action: string }) => e.action);
    expect(actions).toContain('user.create');
    const next = await t.request({
      method: 'GET',
      url: `/api/v1/audit-events?entityType=user&limit=2&cursor=${res.json().nextCursor}`,
      headers: manager.headers,
    });
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json().items.length).toBeGreaterThan(0);
    expect(next.json().items[0].id).not.toBe(res.json().items[0].id);
  });

  it('does not let an admin remove their own admin role', async () => {
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${admin.userId}`,
      headers: admin.headers,
      payload: { role: 'manager' },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('invitations over a real SMTP peer', () => {
  let t: TestApp;
  let server: SMTPServer;
  const received: ParsedMail[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => {
          received.push(mail);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as { port: number }).port;
    t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Shop <shop@example.test>' });
    await t.ctx.queue.work();
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('delivers the invitation through the queue and marks it sent', async () => {
    const admin = await t.signIn('admin');
    await t.request({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { email: 'smtp.user@example.test', name: 'Smtp User', role: 'manager' },
    });
    const mail = await waitFor(
      async () => received.find((m) => m.subject?.includes('invited')),
      'the SMTP delivery',
    );
    expect(mail.from?.text).toContain('shop@example.test');
    expect(mail.text).toContain('/invite/');
    const sent = await waitFor(async () => {
      const list = await t.request({
        method: 'GET',
        url: '/api/v1/mail-messages?status=sent',
        headers: admin.headers,
      });
      return list.json().items[0];
    }, 'the sent status');
    expect(sent.to).toBe('smtp.user@example.test');
  });
});
