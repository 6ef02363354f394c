import { Button, Card, PasswordInput, Stack, Switch, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { reportError, saved } from '../../app/feedback';
import { ErrorBox, Loading } from '../../app/ui';
import { portalAccountApi, usePreferences, useSetPreferences } from '../../data/portal-account';
import { usePortal, usePortalSession } from './portal-auth';

function ChangePassword() {
  const { slug } = usePortal();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', again: '' },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password'),
      newPassword: (v) => (v.length >= 10 ? null : 'Use at least 10 characters'),
      again: (v, all) => (v === all.newPassword ? null : 'The two passwords differ'),
    },
  });
  return (
    <Card withBorder padding="md" component="section" aria-label="Change password">
      <form
        onSubmit={form.onSubmit(async ({ currentPassword, newPassword }) => {
          try {
            await portalAccountApi.changePassword(slug, { currentPassword, newPassword });
            form.reset();
            saved('Password changed. Other devices are signed out.');
          } catch (err) {
            reportError(err, form as never);
          }
        })}
      >
        <Stack>
          <Text fw={600}>Change password</Text>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label="New password"
            description="At least 10 characters"
            autoComplete="new-password"
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            {...form.getInputProps('again')}
          />
          <Button type="submit" w="fit-content" loading={form.submitting}>
            Change password
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function OrderEmails() {
  const { slug } = usePortal();
  const prefs = usePreferences(slug);
  const set = useSetPreferences(slug);
  if (prefs.error) return <ErrorBox error={prefs.error} />;
  if (!prefs.data) return <Loading />;
  return (
    <Card withBorder padding="md" component="section" aria-label="E-mails">
      <Stack gap="xs">
        <Text fw={600}>E-mails</Text>
        <Switch
          label="E-mail me when my orders are received, approved or rejected"
          checked={prefs.data.orderEmails}
          disabled={set.isPending}
          onChange={(e) =>
            set.mutate(
              { orderEmails: e.currentTarget.checked },
              {
                onSuccess: (p) => saved(p.orderEmails ? 'Order e-mails are on' : 'Order e-mails are off'),
                onError: (err) => reportError(err),
              },
            )
          }
        />
        <Text size="xs" c="dimmed">
          You can always follow your orders under My orders.
        </Text>
      </Stack>
    </Card>
  );
}

/** The signed-in user's own settings: their password and whether order e-mails reach them. */
export function AccountPage() {
  const session = usePortalSession();
  return (
    <Stack maw={520}>
      <div>
        <Title order={2}>My account</Title>
        <Text size="sm" c="dimmed">
          {session.user.name} · {session.user.email}
        </Text>
      </div>
      <OrderEmails />
      <ChangePassword />
    </Stack>
  );
}
