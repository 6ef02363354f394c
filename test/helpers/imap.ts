import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './smtp';

/** Where Debian's dovecot-imapd puts the server; the IMAP test skips when it is not installed. */
export const DOVECOT = ['/usr/sbin/dovecot', '/usr/bin/dovecot'].find((p) => existsSync(p)) ?? null;

async function freePort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('* OK'));
    });
    socket.once('error', () => resolve(false));
  });

/**
 * A throw-away dovecot IMAP server: its own config, passwd file and maildir in a temp directory, plain
 * login without TLS on a free port of 127.0.0.1, one user. Mail is owned by the invoking user, or by the
 * `dovecot` system user when running as root (dovecot refuses mail access as root).
 */
export async function dovecotServer(user = 'inbox', pass = 'secret-pass') {
  if (!DOVECOT) throw new Error('dovecot is not installed (apt-get install dovecot-imapd)');
  const dir = await mkdtemp(join(tmpdir(), 'jj-dovecot-'));
  const port = await freePort();
  const me = userInfo();
  const root = me.uid === 0;
  const owner = root ? 'dovecot' : me.username;
  const { uid, gid } = root ? await systemUser('dovecot') : { uid: me.uid, gid: me.gid };
  for (const sub of ['run', 'state', 'mail']) await mkdir(join(dir, sub));
  await chmod(dir, 0o755);
  if (root) await chown(join(dir, 'mail'), uid, gid);
  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${pass}:${uid}:${gid}::${join(dir, 'mail', user)}\n`);
  const conf = join(dir, 'dovecot.conf');
  await writeFile(
    conf,
    [
      'protocols = imap',
      'listen = 127.0.0.1',
      `base_dir = ${join(dir, 'run')}`,
      `state_dir = ${join(dir, 'state')}`,
      `log_path = ${join(dir, 'dovecot.log')}`,
      `default_internal_user = ${owner}`,
      `default_login_user = ${owner}`,
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `mail_location = maildir:${join(dir, 'mail', '%u')}`,
      `first_valid_uid = ${Math.min(uid, 500)}`,
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}`,
      '}',
      'userdb {',
      '  driver = passwd-file',
      `  args = username_format=%u ${join(dir, 'passwd')}`,
      '}',
      'service imap-login {',
      `  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }`,
      '  inet_listener imaps {\n    port = 0\n  }',
      '}',
      'service anvil {\n  chroot =\n}',
      'service imap-login {\n  chroot =\n}',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitFor(
      async () => (child.exitCode === null && (await answers(port))) || undefined,
      'dovecot to answer',
      100,
    );
  } catch (err) {
    child.kill('SIGTERM');
    const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
    throw new Error(`${(err as Error).message}\n${output}\n${log}`);
  }
  return {
    url: `imap://${user}:${encodeURIComponent(pass)}@127.0.0.1:${port}/INBOX`,
    host: '127.0.0.1',
    port,
    user,
    pass,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function systemUser(name: string) {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`No ${name} user`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
