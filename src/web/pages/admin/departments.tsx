import { useState } from 'react';
import {
  ActionIcon,
  Button,
  Card,
  Chip,
  Group,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { Department } from '../../../shared/departments';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { reportError, saved } from '../../app/feedback';
import { Loading, PageHeader } from '../../app/ui';
import { AddDepartment, RouteStepsEditor } from './route-steps-editor';
import { AddProductType } from './product-types';
import {
  useAddHoliday,
  useDepartments,
  useHolidays,
  useProductRoutes,
  useRemoveHoliday,
  useUpdateDepartment,
  type Holiday,
} from '../../data/departments';

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function DepartmentRow({ d, editable }: { d: Department; editable: boolean }) {
  const update = useUpdateDepartment(d.id);
  const save = async (body: Parameters<typeof update.mutateAsync>[0]) => {
    try {
      await update.mutateAsync(body);
      saved(`${d.name} saved`);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Table.Tr>
      <Table.Td>{d.name}</Table.Td>
      <Table.Td>
        <Chip.Group
          multiple
          value={d.workingDays.map(String)}
          onChange={(v) => editable && save({ workingDays: v.map(Number).sort() })}
        >
          <Group gap={4}>
            {weekdays.map((w, i) => (
              <Chip key={w} value={String(i + 1)} size="xs" disabled={!editable}>
                {w}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Table.Td>
      <Table.Td>
        {editable ? (
          <Group gap={4} wrap="nowrap">
            <TextInput
              size="xs"
              w={90}
              type="time"
              aria-label={`${d.name} day starts`}
              defaultValue={d.dayStart}
              onBlur={(e) =>
                e.currentTarget.value !== d.dayStart && save({ dayStart: e.currentTarget.value })
              }
            />
            <TextInput
              size="xs"
              w={90}
              type="time"
              aria-label={`${d.name} day ends`}
              defaultValue={d.dayEnd}
              onBlur={(e) => e.currentTarget.value !== d.dayEnd && save({ dayEnd: e.currentTarget.value })}
            />
            <Text size="xs" c="dimmed">
              {d.hoursPerDay} h
            </Text>
          </Group>
        ) : (
          `${d.dayStart}–${d.dayEnd} (${d.hoursPerDay} h)`
        )}
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={`${d.name} active`}
          checked={d.active}
          disabled={!editable}
          onChange={(e) => save({ active: e.currentTarget.checked })}
        />
      </Table.Td>
    </Table.Tr>
  );
}

/** Departments with their working days, shop holidays and the default route of each product type. */
export function DepartmentsPage() {
  const user = useUser();
  const editable = can(user.role, 'departments.manage');
  const departments = useDepartments();
  const holidays = useHolidays();
  const routes = useProductRoutes();
  const addHolidayTo = useAddHoliday();
  const removeHolidayFrom = useRemoveHoliday();
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const addHoliday = async () => {
    try {
      await addHolidayTo.mutateAsync({ date, name });
      setDate('');
      setName('');
    } catch (err) {
      reportError(err);
    }
  };
  const removeHoliday = async (h: Holiday) => {
    try {
      await removeHolidayFrom.mutateAsync(h.id);
    } catch (err) {
      reportError(err);
    }
  };
  if (!departments.data || !holidays.data || !routes.data) return <Loading />;
  return (
    <Stack>
      <PageHeader
        title="Departments and routes"
        sub={
          editable
            ? 'Working days, shop holidays and default routes plan every job'
            : 'Only admins change these'
        }
      />
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Department</Table.Th>
            <Table.Th>Working days</Table.Th>
            <Table.Th>Hours</Table.Th>
            <Table.Th>Active</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {departments.data.items.map((d) => (
            <DepartmentRow key={d.id} d={d} editable={editable} />
          ))}
        </Table.Tbody>
      </Table>
      {editable && <AddDepartment />}
      <Card withBorder>
        <Text fw={600} mb="xs">
          Shop holidays
        </Text>
        <Stack gap={4}>
          {holidays.data.items.length === 0 && (
            <Text size="sm" c="dimmed">
              None: every working day counts.
            </Text>
          )}
          {holidays.data.items.map((h) => (
            <Group key={h.id} gap="xs">
              <Text size="sm" w={100}>
                {h.date}
              </Text>
              <Text size="sm">{h.name}</Text>
              {editable && (
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="red"
                  aria-label={`Remove ${h.name}`}
                  onClick={() => removeHoliday(h)}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              )}
            </Group>
          ))}
        </Stack>
        {editable && (
          <Group mt="sm" align="flex-end">
            <TextInput
              label="Date"
              type="date"
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
            />
            <TextInput label="Holiday" value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Button onClick={addHoliday} disabled={!date || !name.trim()}>
              Add holiday
            </Button>
          </Group>
        )}
      </Card>
      <Text fw={600}>
        Product types and their default routes (hours per step; with pieces an hour, hours are the set-up)
      </Text>
      {editable && <AddProductType departments={departments.data.items} />}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {routes.data.items.map((r) => (
          <RouteStepsEditor
            key={`${r.productType}:${JSON.stringify(r.steps)}`}
            route={r}
            departments={departments.data.items}
            editable={editable}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
