import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { z } from 'zod';
import { segmentLabels } from '../../../shared/accounts';
import { ResponseTargets, type Priority } from '../../../shared/inbox';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useSetResponseTargets } from '../../data/inbox';

type Targets = z.infer<typeof ResponseTargets>;
type Row = {
  priority: Priority;
  segment: string;
  firstResponseMinutes: number | string;
  resolutionMinutes: number | string;
};

const priorityOrder: Priority[] = ['urgent', 'high', 'normal', 'low'];
const priorities = priorityOrder.map((p) => ({ value: p, label: p[0]!.toUpperCase() + p.slice(1) }));
const segments = [
  { value: '', label: 'Every segment' },
  ...Object.entries(segmentLabels).map(([value, label]) => ({ value, label })),
];

/** Business minutes as people say them: 90 → “1 h 30 min”. */
const spoken = (m: number | string) => {
  const n = Number(m);
  if (!Number.isFinite(n) || n <= 0) return '';
  return n >= 60 ? `${Math.floor(n / 60)} h${n % 60 ? ` ${n % 60} min` : ''}` : `${n} min`;
};

const toBody = (v: { items: Row[] }) => ({
  items: v.items.map((r) => ({
    priority: r.priority,
    segment: r.segment || null,
    firstResponseMinutes: Number(r.firstResponseMinutes),
    resolutionMinutes: Number(r.resolutionMinutes),
  })),
});

const sorted = (t: Targets) =>
  [...t.items].sort(
    (a, b) =>
      priorityOrder.indexOf(a.priority) - priorityOrder.indexOf(b.priority) ||
      (a.segment ?? '').localeCompare(b.segment ?? ''),
  );

/** Response targets by priority and client segment, in business minutes; a segment row beats the priority's. */
export function ResponseTargetsForm({ targets, editable }: { targets: Targets; editable: boolean }) {
  const setTargets = useSetResponseTargets();
  const form = useForm<{ items: Row[] }>({
    initialValues: { items: sorted(targets).map((r) => ({ ...r, segment: r.segment ?? '' })) },
    validate: zodValidate(ResponseTargets, toBody as never),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      // Validated against ResponseTargets with the same body; parsing gives the typed request.
      await setTargets.mutateAsync(ResponseTargets.parse(toBody(values)));
      saved('Response targets saved');
      form.resetDirty();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <Card withBorder>
      <form onSubmit={submit}>
        <Title order={4}>Response targets</Title>
        <Text size="sm" c="dimmed" mb="sm">
          Counted in business minutes (shop hours, holidays skipped), paused while waiting on the client. A
          segment's row overrides its priority's row for clients of that segment.
        </Text>
        {form.errors.items && (
          <Alert color="red" mb="sm">
            {form.errors.items}
          </Alert>
        )}
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Client segment</Table.Th>
              <Table.Th>First response (min)</Table.Th>
              <Table.Th>Resolution (min)</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {form.values.items.map((r, i) => (
              <Table.Tr key={i} data-testid="target-row">
                <Table.Td>
                  <Select
                    aria-label={`Row ${i + 1} priority`}
                    data={priorities}
                    allowDeselect={false}
                    disabled={!editable}
                    {...form.getInputProps(`items.${i}.priority`)}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Row ${i + 1} segment`}
                    data={segments}
                    allowDeselect={false}
                    disabled={!editable}
                    {...form.getInputProps(`items.${i}.segment`)}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`Row ${i + 1} first response minutes`}
                    min={1}
                    disabled={!editable}
                    description={spoken(r.firstResponseMinutes)}
                    inputWrapperOrder={['input', 'description', 'error']}
                    {...form.getInputProps(`items.${i}.firstResponseMinutes`)}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`Row ${i + 1} resolution minutes`}
                    min={1}
                    disabled={!editable}
                    description={spoken(r.resolutionMinutes)}
                    inputWrapperOrder={['input', 'description', 'error']}
                    {...form.getInputProps(`items.${i}.resolutionMinutes`)}
                  />
                </Table.Td>
                <Table.Td>
                  {editable && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove row ${i + 1}`}
                      onClick={() => form.removeListItem('items', i)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {editable && (
          <Group justify="space-between" mt="sm">
            <Button
              variant="default"
              leftSection={<IconPlus size={14} />}
              onClick={() =>
                form.insertListItem('items', {
                  priority: 'normal',
                  segment: 'state',
                  firstResponseMinutes: 240,
                  resolutionMinutes: 1440,
                })
              }
            >
              Add a segment's target
            </Button>
            <Button type="submit" disabled={!form.isDirty()} loading={form.submitting}>
              Save targets
            </Button>
          </Group>
        )}
      </form>
    </Card>
  );
}
