import { ActionIcon, Alert, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { EscalationLevels, type EscalationLevel } from '../../../shared/escalations';
import { can } from '../../../shared/permissions';
import { useSetEscalationLevels } from '../../data/escalations';
import { useActiveUsers } from '../../data/users';
import { reportError, saved, zodValidate } from '../../app/feedback';

type Row = { label: string; owner: EscalationLevel['owner']; userId: string | null };

const owners = [
  { value: 'account_manager', label: "The client's account manager" },
  { value: 'manager', label: 'The first active manager' },
  { value: 'admin', label: 'The first active admin (operations director)' },
  { value: 'user', label: 'A named person' },
];

/** Levels are numbered by their order; only a level owned by a named person keeps a user. */
const toBody = (v: { items: Row[] }) => ({
  items: v.items.map((r, i) => ({
    level: i + 1,
    label: r.label,
    owner: r.owner,
    userId: r.owner === 'user' ? r.userId : null,
  })),
});

/** The escalation path: who owns an escalation at each level, in order. */
export function EscalationLevelsForm({ levels, editable }: { levels: EscalationLevel[]; editable: boolean }) {
  const users = useActiveUsers();
  const setLevels = useSetEscalationLevels();
  const form = useForm<{ items: Row[] }>({
    initialValues: { items: levels.map(({ label, owner, userId }) => ({ label, owner, userId })) },
    validate: zodValidate(EscalationLevels, toBody as never),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      // Validated against EscalationLevels with the same body; parsing gives the typed request.
      await setLevels.mutateAsync(EscalationLevels.parse(toBody(values)));
      saved('Escalation path saved');
      form.resetDirty();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  const people = (users.data?.items ?? [])
    .filter((u) => can(u.role, 'escalation.handle'))
    .map((u) => ({ value: u.id, label: u.name }));
  return (
    <Card withBorder>
      <form onSubmit={submit}>
        <Title order={4}>Escalation path</Title>
        <Text size="sm" c="dimmed" mb="sm">
          A breached target or a missed due-by raises an escalation to the next level and tells its owner.
          {editable ? '' : ' Only an admin can change the path.'}
        </Text>
        {form.errors.items && (
          <Alert color="red" mb="sm">
            {form.errors.items}
          </Alert>
        )}
        <Stack gap="xs">
          {form.values.items.map((r, i) => (
            <Group key={i} align="flex-start" wrap="nowrap" data-testid="level-row">
              <Text fw={600} mt={6} w={24}>
                {i + 1}
              </Text>
              <TextInput
                aria-label={`Level ${i + 1} name`}
                disabled={!editable}
                style={{ flex: 1 }}
                {...form.getInputProps(`items.${i}.label`)}
              />
              <Select
                aria-label={`Level ${i + 1} owner`}
                data={owners}
                allowDeselect={false}
                disabled={!editable}
                style={{ flex: 1.3 }}
                {...form.getInputProps(`items.${i}.owner`)}
              />
              {r.owner === 'user' && (
                <Select
                  aria-label={`Level ${i + 1} person`}
                  placeholder="Who"
                  searchable
                  data={people}
                  disabled={!editable}
                  style={{ flex: 1 }}
                  {...form.getInputProps(`items.${i}.userId`)}
                />
              )}
              {editable && (
                <Group gap={2} wrap="nowrap" mt={4}>
                  <ActionIcon
                    variant="subtle"
                    aria-label={`Move level ${i + 1} up`}
                    disabled={i === 0}
                    onClick={() => form.reorderListItem('items', { from: i, to: i - 1 })}
                  >
                    <IconArrowUp size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    aria-label={`Move level ${i + 1} down`}
                    disabled={i === form.values.items.length - 1}
                    onClick={() => form.reorderListItem('items', { from: i, to: i + 1 })}
                  >
                    <IconArrowDown size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove level ${i + 1}`}
                    disabled={form.values.items.length === 1}
                    onClick={() => form.removeListItem('items', i)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              )}
            </Group>
          ))}
        </Stack>
        {editable && (
          <Group justify="space-between" mt="sm">
            <Button
              variant="default"
              leftSection={<IconPlus size={14} />}
              disabled={form.values.items.length >= 10}
              onClick={() => form.insertListItem('items', { label: '', owner: 'user', userId: null })}
            >
              Add a level
            </Button>
            <Button type="submit" disabled={!form.isDirty()} loading={form.submitting}>
              Save path
            </Button>
          </Group>
        )}
      </form>
    </Card>
  );
}
