import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTestApp } from './app';

/** Polls until `probe` returns something, or fails naming what it waited for. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, tries = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** A real SMTP server in the test process; every message it accepts is parsed into `received`. */
export async function smtpPeer() {
  const received: ParsedMail[] = [];
  /** While true the peer answers every message with a 550, as a server refusing mail would. */
  const state = { refusing: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      if (state.refusing) {
        stream.resume();
        stream.on('end', () =>
          callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 })),
        );
        return;
      }
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    state,
    /** The first message to `to` whose subject contains `subject`, waiting for it to arrive. */
    message: (to: string, subject = '') =>
      waitFor(
        async () =>
          received.find(
            (m) => m.to && JSON.stringify(m.to).includes(to) && (m.subject ?? '').includes(subject),
          ),
        `a message to ${to}`,
        150,
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The app with a real SMTP peer and its queue worked, as tests of sent e-mail need it; `close` ends both. */
export async function appWithSmtpPeer(env: Record<string, string> = {}) {
  const peer = await smtpPeer();
  const t = await createTestApp({ SMTP_URL: peer.url, ...env });
  await t.ctx.queue.work();
  return {
    t,
    peer,
    close: async () => {
      await t.close();
      await peer.close();
    },
  };
}
