import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailPlus } from '@tabler/icons-react';
import {
  PortalRole,
  portalRoleLabels,
  PortalUserInput,
  type Portal,
  type PortalUser,
} from '../../../shared/portals';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { usePortalUsers, useSavePortalUser } from '../../data/portals';
import { dateTime, ErrorBox, Loading } from '../../app/ui';
import { money } from '../portal/order-bits';
import { toCents, toDollars, useAccount } from './account-picker';

const roleHelp: Record<PortalRole, string> = {
  buyer: 'Orders',
  approver: 'Orders and approves orders that need approval',
  client_admin: 'Orders, approves, sees inventory and budgets of every cost centre',
  viewer: 'Sees the catalogue, orders, inventory and budgets; cannot order',
};

const initial = (u?: PortalUser) => ({
  email: u?.email ?? '',
  name: u?.name ?? '',
  role: u?.role ?? ('buyer' as PortalRole),
  costCentreIds: u?.costCentreIds ?? [],
  spendingLimit: toDollars(u?.spendingLimitCents) as number | string,
  active: u?.active ?? true,
});
type Values = ReturnType<typeof initial>;
const toInput = (v: Values) => ({
  email: v.email.trim(),
  name: v.name,
  role: v.role,
  costCentreIds: v.costCentreIds,
  spendingLimitCents: toCents(v.spendingLimit),
  active: v.active,
});

function UserForm({ portal, user, onDone }: { portal: Portal; user?: PortalUser; onDone: () => void }) {
  const account = useAccount(portal.account.id);
  const saveUser = useSavePortalUser(portal.id, user?.id);
  const form = useForm({
    initialValues: initial(user),
    validate: zodValidate(PortalUserInput, toInput as never),
  });
  const submit = form.onSubmit(async (v) => {
    try {
      await saveUser.mutateAsync(toInput(v));
      saved(user ? `${v.name} saved` : `Invitation sent to ${v.email}`);
      onDone();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <form onSubmit={submit}>
      <Stack>
        <SimpleGrid cols={2}>
          <TextInput label="Name" withAsterisk data-autofocus {...form.getInputProps('name')} />
          <TextInput label="E-mail" withAsterisk disabled={Boolean(user)} {...form.getInputProps('email')} />
        </SimpleGrid>
        <Select
          label="Role"
          allowDeselect={false}
          description={roleHelp[form.values.role]}
          data={PortalRole.options.map((r) => ({ value: r, label: portalRoleLabels[r] }))}
          {...form.getInputProps('role')}
        />
        <MultiSelect
          label="Cost centres"
          description="None chosen: every cost centre of the account"
          data={(account.data?.costCentres ?? []).map((c) => ({
            value: c.id,
            label: `${c.name} (${c.code})`,
          }))}
          {...form.getInputProps('costCentreIds')}
        />
        <NumberInput
          label="Spending limit per order"
          description="Orders over it wait for an approver; empty: no limit"
          prefix="$"
          min={0}
          decimalScale={2}
          thousandSeparator
          {...form.getInputProps('spendingLimit')}
        />
        <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button type="submit">{user ? 'Save' : 'Send invitation'}</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The portal's users: invite by e-mail, role, cost centres, spending limit, active. */
export function PortalUsersTab({ portal }: { portal: Portal }) {
  const users = usePortalUsers(portal.id);
  const account = useAccount(portal.account.id);
  const [editing, setEditing] = useState<PortalUser | 'new' | null>(null);
  const centreName = (id: string) => account.data?.costCentres.find((c) => c.id === id)?.code ?? '…';
  const done = () => setEditing(null);
  return (
    <>
      <Group justify="flex-end" mb="sm">
        <Button leftSection={<IconMailPlus size={16} />} onClick={() => setEditing('new')}>
          Invite user
        </Button>
      </Group>
      {users.error ? (
        <ErrorBox error={users.error} />
      ) : !users.data ? (
        <Loading />
      ) : !users.data.items.length ? (
        <Text c="dimmed">Nobody is invited yet.</Text>
      ) : (
        <Table aria-label="Portal users" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Cost centres</Table.Th>
              <Table.Th ta="right">Limit</Table.Th>
              <Table.Th>Last sign-in</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.items.map((u) => (
              <Table.Tr key={u.id} c={u.active ? undefined : 'dimmed'}>
                <Table.Td>
                  <Text size="sm">{u.name}</Text>
                  <Text size="xs" c="dimmed">
                    {u.email}
                  </Text>
                </Table.Td>
                <Table.Td>{portalRoleLabels[u.role]}</Table.Td>
                <Table.Td>
                  {u.costCentreIds.length ? u.costCentreIds.map(centreName).join(', ') : 'All'}
                </Table.Td>
                <Table.Td ta="right">
                  {u.spendingLimitCents === null ? '—' : money(u.spendingLimitCents)}
                </Table.Td>
                <Table.Td>
                  {u.invited ? (
                    <Badge color="yellow" variant="light">
                      Invited
                    </Badge>
                  ) : !u.active ? (
                    <Badge color="gray" variant="light">
                      Inactive
                    </Badge>
                  ) : (
                    dateTime(u.lastSignInAt)
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    onClick={() => setEditing(u)}
                    aria-label={`Edit ${u.name}`}
                  >
                    Edit
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Invite a portal user' : `Edit ${editing?.name ?? ''}`}
      >
        {editing && <UserForm portal={portal} user={editing === 'new' ? undefined : editing} onDone={done} />}
      </Modal>
    </>
  );
}
