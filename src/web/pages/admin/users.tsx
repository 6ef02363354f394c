import {
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import type { Department } from '../../../shared/departments';
import { can } from '../../../shared/permissions';
import { CreateUser, roleLabels, StaffRole, type UpdateUser, type User } from '../../../shared/users';
import { useUser } from '../../app/auth';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { dateTime, ErrorBox, Loading, PageHeader } from '../../app/ui';
import { useDepartments } from '../../data/departments';
import { useCreateUser, useUpdateUser, useUsers } from '../../data/users';

const roleOptions = StaffRole.options.map((r) => ({ value: r, label: roleLabels[r] }));
type Values = { email: string; name: string; role: string; department: string | null; password: string };
const toBody = (v: Values) => ({
  ...v,
  department: v.role === 'production' ? v.department : null,
  password: v.password || undefined,
});

function InviteUser({
  opened,
  onClose,
  departments,
}: {
  opened: boolean;
  onClose(): void;
  departments: Department[];
}) {
  const createUser = useCreateUser();
  const form = useForm<Values>({
    initialValues: { email: '', name: '', role: 'account_manager', department: null, password: '' },
    validate: zodValidate(CreateUser, (v: Values) => toBody(v)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Invite a user">
      <form
        onSubmit={form.onSubmit(async (v) => {
          try {
            // Validated against CreateUser with the same body; parsing gives the typed request.
            const user = await createUser.mutateAsync(CreateUser.parse(toBody(v)));
            saved(user.invited ? `Invitation sent to ${user.email}` : `${user.name} can sign in now`);
            form.reset();
            onClose();
          } catch (err) {
            reportError(err, form as never);
          }
        })}
      >
        <Stack>
          <TextInput label="Name" data-autofocus {...form.getInputProps('name')} />
          <TextInput label="E-mail" {...form.getInputProps('email')} />
          <Select label="Role" data={roleOptions} allowDeselect={false} {...form.getInputProps('role')} />
          {form.values.role === 'production' && (
            <Select
              label="Department"
              data={departments.map((d) => ({ value: d.code, label: d.name }))}
              {...form.getInputProps('department')}
            />
          )}
          <PasswordInput
            label="Password"
            description="Leave empty to send an invitation e-mail instead"
            {...form.getInputProps('password')}
          />
          <Group justify="flex-end">
            <Button type="submit">Create user</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Staff users: invite, change role or department, deactivate. */
export function UsersPage() {
  const [inviting, invite] = useDisclosure();
  // Any staff member may read the list; only those who manage users may change it (the server enforces the same).
  const readOnly = !can(useUser().role, 'users.manage');
  const users = useUsers();
  const departments = useDepartments();
  const updateUser = useUpdateUser();
  const change = async (u: User, body: UpdateUser) => {
    try {
      await updateUser.mutateAsync({ id: u.id, ...body });
      saved(`${u.name} updated`);
    } catch (err) {
      reportError(err);
    }
  };
  if (users.error) return <ErrorBox error={users.error} />;
  if (!users.data) return <Loading />;
  return (
    <>
      <PageHeader
        title="Users"
        sub={
          readOnly
            ? 'Staff who sign in to Jobjacket. Only an admin can change them.'
            : 'Staff who sign in to Jobjacket'
        }
      >
        {!readOnly && <Button onClick={invite.open}>Invite user</Button>}
      </PageHeader>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>E-mail</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Department</Table.Th>
            <Table.Th>Last sign-in</Table.Th>
            <Table.Th>Active</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.data.items.map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>
                {u.name}{' '}
                {u.invited && (
                  <Badge size="xs" color="yellow">
                    Invited
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{u.email}</Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  w={170}
                  aria-label={`Role of ${u.name}`}
                  disabled={readOnly}
                  data={roleOptions}
                  value={u.role}
                  allowDeselect={false}
                  onChange={(role) =>
                    role &&
                    role !== u.role &&
                    change(u, {
                      role: role as User['role'],
                      ...(role === 'production'
                        ? { department: u.department ?? departments.data?.items[0]?.code ?? null }
                        : {}),
                    })
                  }
                />
              </Table.Td>
              <Table.Td>
                {u.role === 'production' ? (
                  <Select
                    size="xs"
                    w={180}
                    aria-label={`Department of ${u.name}`}
                    disabled={readOnly}
                    data={(departments.data?.items ?? []).map((d) => ({ value: d.code, label: d.name }))}
                    value={u.department}
                    onChange={(d) => d && change(u, { department: d })}
                  />
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{dateTime(u.lastLoginAt)}</Table.Td>
              <Table.Td>
                <Switch
                  aria-label={`${u.name} active`}
                  disabled={readOnly}
                  checked={u.active}
                  onChange={(e) => change(u, { active: e.currentTarget.checked })}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <InviteUser opened={inviting} onClose={invite.close} departments={departments.data?.items ?? []} />
    </>
  );
}
