import { useState, type ReactNode } from 'react';
import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Image,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { usePortal, type Branding } from './portal-auth';

/** The portal's logo and name, as on every portal screen. */
export function BrandMark({ branding, size = 40 }: { branding: Branding; size?: number }) {
  return branding.logoUrl ? (
    <Image src={branding.logoUrl} alt={branding.name} h={size} w="auto" fit="contain" />
  ) : (
    <Box
      aria-hidden
      w={size}
      h={size}
      bg="var(--mantine-color-brand-filled)"
      c="var(--mantine-color-brand-contrast)"
      style={{
        borderRadius: 8,
        display: 'grid',
        placeItems: 'center',
        fontWeight: 700,
        fontSize: size * 0.45,
        flexShrink: 0,
      }}
    >
      {branding.name.charAt(0).toUpperCase()}
    </Box>
  );
}

/** The centred card of the portal's signed-out pages, under its logo and name. */
export function Frame({ branding, children }: { branding: Branding; children: ReactNode }) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" w={400} maw="100%">
        <Stack>
          <Stack gap="xs" align="center">
            <BrandMark branding={branding} size={56} />
            <Title order={2} ta="center">
              {branding.name}
            </Title>
          </Stack>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

/** Sign-in to one client's portal. */
export function PortalSignInPage({ branding }: { branding: Branding }) {
  const { session, signIn, to } = usePortal();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter your e-mail address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });
  const from = (location.state as { from?: string } | null)?.from ?? to();
  if (session) return <Navigate to={from} replace />;
  return (
    <Frame branding={branding}>
      {branding.welcomeText && (
        <Text size="sm" c="dimmed" ta="center" style={{ whiteSpace: 'pre-line' }}>
          {branding.welcomeText}
        </Text>
      )}
      <form
        onSubmit={form.onSubmit(async (v) => {
          setBusy(true);
          setError(null);
          try {
            await signIn(v.email, v.password);
            navigate(from, { replace: true });
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
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
          <Anchor component={Link} to={to('/forgot')} size="sm" ta="center">
            Forgot your password?
          </Anchor>
        </Stack>
      </form>
    </Frame>
  );
}

/** Where a portal invitation leads: the new user chooses a password and is signed in. */
export function PortalAcceptPage({ branding }: { branding: Branding }) {
  const { token = '' } = useParams();
  const { accept, to } = usePortal();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { password: '', again: '' },
    validate: {
      password: (v) => (v.length >= 10 ? null : 'Use at least 10 characters'),
      again: (v, all) => (v === all.password ? null : 'The two passwords differ'),
    },
  });
  return (
    <Frame branding={branding}>
      <Text size="sm" c="dimmed" ta="center">
        You have been invited to order from {branding.name}. Choose a password to finish.
      </Text>
      <form
        onSubmit={form.onSubmit(async ({ password }) => {
          setBusy(true);
          setError(null);
          try {
            await accept(token, password);
            navigate(to(), { replace: true });
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
              <Anchor href={to('/sign-in')} size="sm">
                Sign in instead
              </Anchor>
            </Alert>
          )}
          <PasswordInput
            label="Choose a password"
            description="At least 10 characters"
            autoComplete="new-password"
            autoFocus
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label="Repeat the password"
            autoComplete="new-password"
            {...form.getInputProps('again')}
          />
          <Button type="submit" loading={busy}>
            Set password and sign in
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}
