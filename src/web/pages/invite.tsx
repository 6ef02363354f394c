import { useState } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate, useParams } from 'react-router';
import { saved } from '../app/feedback';
import { authApi } from '../data/users';

/** Where the invitation e-mail leads: the new user sets a password. */
export function InvitePage() {
  const { token } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { password: '', again: '' },
    validate: {
      password: (v) => (v.length >= 10 ? null : 'Use at least 10 characters'),
      again: (v, all) => (v === all.password ? null : 'The two passwords differ'),
    },
  });
  return (
    <Center h="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={380}>
        <form
          onSubmit={form.onSubmit(async ({ password }) => {
            try {
              await authApi.acceptInvite({ token: token ?? '', password });
              saved('Your password is set: sign in');
              navigate('/sign-in');
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err));
            }
          })}
        >
          <Stack>
            <Title order={3}>Welcome to Jobjacket</Title>
            {error && <Alert color="red">{error}</Alert>}
            <PasswordInput label="Choose a password" {...form.getInputProps('password')} />
            <PasswordInput label="Repeat the password" {...form.getInputProps('again')} />
            <Button type="submit">Set password</Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
