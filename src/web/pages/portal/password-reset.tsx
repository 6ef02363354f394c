import { useState } from 'react';
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, useParams } from 'react-router';
import { portalAccountApi } from '../../data/portal-account';
import { usePortal, type Branding } from './portal-auth';
import { Frame } from './portal-sign-in';

/** "Forgot your password?": asks for the e-mail and says the same thing whether or not it is known. */
export function PortalForgotPage({ branding }: { branding: Branding }) {
  const { slug, to } = usePortal();
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter your e-mail address') },
  });
  return (
    <Frame branding={branding}>
      {sent ? (
        <Alert color="teal" role="status">
          {sent}
        </Alert>
      ) : (
        <form
          onSubmit={form.onSubmit(async ({ email }) => {
            setBusy(true);
            setError(null);
            try {
              setSent((await portalAccountApi.requestReset(slug, { email })).message);
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err));
            } finally {
              setBusy(false);
            }
          })}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              Enter the e-mail you sign in with. We will send a link to choose a new password.
            </Text>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label="E-mail"
              type="email"
              autoComplete="username"
              autoFocus
              {...form.getInputProps('email')}
            />
            <Button type="submit" loading={busy}>
              Send the link
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to={to('/sign-in')} size="sm" ta="center">
        Back to sign-in
      </Anchor>
    </Frame>
  );
}

/** Where the e-mailed link leads: choose a new password, then sign in with it. */
export function PortalResetPage({ branding }: { branding: Branding }) {
  const { token = '' } = useParams();
  const { slug, to } = usePortal();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { password: '', again: '' },
    validate: {
      password: (v) => (v.length >= 10 ? null : 'Use at least 10 characters'),
      again: (v, all) => (v === all.password ? null : 'The two passwords differ'),
    },
  });
  if (done)
    return (
      <Frame branding={branding}>
        <Alert color="teal" role="status">
          Your new password is set. Sign in with it.
        </Alert>
        <Button component={Link} to={to('/sign-in')}>
          Sign in
        </Button>
      </Frame>
    );
  return (
    <Frame branding={branding}>
      <form
        onSubmit={form.onSubmit(async ({ password }) => {
          setBusy(true);
          setError(null);
          try {
            await portalAccountApi.reset(slug, { token, password });
            setDone(true);
          } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
          } finally {
            setBusy(false);
          }
        })}
      >
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}{' '}
              <Anchor component={Link} to={to('/forgot')} size="sm">
                Ask for a new link
              </Anchor>
            </Alert>
          )}
          <PasswordInput
            label="New password"
            description="At least 10 characters"
            autoComplete="new-password"
            autoFocus
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            {...form.getInputProps('again')}
          />
          <Button type="submit" loading={busy}>
            Set the new password
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}
