import { useState } from 'react';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { Link } from 'react-router';
import {
  Audience,
  audienceLabels,
  formatLabels,
  type CatalogueEntry,
  type Schedule,
} from '../../../shared/reports';
import { reportError, saved } from '../../app/feedback';
import {
  reportLinks,
  useDeleteSchedule,
  useDeliveries,
  useReportCatalogue,
  useRunSchedule,
  useSchedules,
  useSetScheduleActive,
} from '../../data/reports';
import { dateTime, ErrorBox, Loading, PageHeader } from '../../app/ui';
import { ScheduleDialog } from './schedule-dialog';

function Deliveries({ schedule, onClose }: { schedule: Schedule; onClose: () => void }) {
  const list = useDeliveries(schedule.id);
  return (
    <Modal opened onClose={onClose} title={`Deliveries of "${schedule.name}"`} size="xl">
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : !list.data.items.length ? (
        <Text c="dimmed">Nothing delivered yet. The next run is {dateTime(schedule.nextRunAt)}.</Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Due</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Rows</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th>Files</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  {dateTime(d.dueAt)}
                  {d.kind === 'manual' ? ' (run now)' : ''}
                </Table.Td>
                <Table.Td>
                  <Badge color={d.status === 'sent' ? 'green' : 'red'}>{d.status}</Badge>
                  {d.error && (
                    <Text size="xs" c="red">
                      {d.error}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{d.rowCount ?? '—'}</Table.Td>
                <Table.Td>{d.recipients.join(', ')}</Table.Td>
                <Table.Td>
                  {d.files.map((f) => (
                    <Anchor
                      key={f.exportId}
                      href={reportLinks.exportFile(f.exportId)}
                      download
                      display="block"
                    >
                      {f.filename}
                    </Anchor>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Modal>
  );
}

function Schedules({ catalogue }: { catalogue: CatalogueEntry[] }) {
  const list = useSchedules();
  const runSchedule = useRunSchedule();
  const setActive = useSetScheduleActive();
  const deleteSchedule = useDeleteSchedule();
  const [history, setHistory] = useState<Schedule | null>(null);
  const [editing, setEditing] = useState<Schedule | null>(null);
  const editedEntry = editing && catalogue.find((r) => r.id === editing.reportId);
  const act = async (what: () => Promise<unknown>, message: string) => {
    try {
      await what();
      saved(message);
    } catch (err) {
      reportError(err);
    }
  };
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  if (!list.data.items.length)
    return (
      <Text c="dimmed" size="sm">
        No scheduled reports yet. Open a report and choose “Schedule this” to e-mail it daily, weekly or
        monthly.
      </Text>
    );
  return (
    <>
      <Table striped aria-label="Scheduled reports">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Report</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>Next run</Table.Th>
            <Table.Th>Formats</Table.Th>
            <Table.Th>Recipients</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.items.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/reports/${s.reportId}?p=${encodeURIComponent(JSON.stringify(s.parameters))}`}
                >
                  {s.reportTitle}
                </Anchor>
              </Table.Td>
              <Table.Td>{s.description}</Table.Td>
              <Table.Td>{s.active ? dateTime(s.nextRunAt) : <Badge color="gray">Paused</Badge>}</Table.Td>
              <Table.Td>{s.formats.map((f) => formatLabels[f]).join(', ')}</Table.Td>
              <Table.Td>
                {s.recipientUserIds.length + s.recipientEmails.length + s.recipientContactIds.length}
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="compact-xs"
                    variant="default"
                    onClick={() => setEditing(s)}
                    disabled={!catalogue.some((r) => r.id === s.reportId)}
                  >
                    Edit
                  </Button>
                  <Button size="compact-xs" variant="default" onClick={() => setHistory(s)}>
                    History
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="default"
                    onClick={() => act(() => runSchedule.mutateAsync(s.id), `Sent "${s.name}" now`)}
                  >
                    Run now
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="default"
                    onClick={() =>
                      act(
                        () => setActive.mutateAsync({ id: s.id, active: !s.active }),
                        s.active ? 'Paused' : 'Resumed',
                      )
                    }
                  >
                    {s.active ? 'Pause' : 'Resume'}
                  </Button>
                  <Button
                    size="compact-xs"
                    color="red"
                    variant="subtle"
                    onClick={() =>
                      modals.openConfirmModal({
                        title: `Delete "${s.name}"?`,
                        children: (
                          <Text size="sm">
                            Nobody will receive it any more. Its delivery history is kept.
                          </Text>
                        ),
                        labels: { confirm: 'Delete', cancel: 'Keep' },
                        confirmProps: { color: 'red' },
                        onConfirm: () => act(() => deleteSchedule.mutateAsync(s.id), 'Deleted'),
                      })
                    }
                  >
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {history && <Deliveries schedule={history} onClose={() => setHistory(null)} />}
      {editing && editedEntry && (
        <ScheduleDialog
          key={editing.id}
          entry={editedEntry}
          parameters={editing.parameters}
          schedule={editing}
          opened
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

/** The report catalogue grouped by audience, and the reports you have scheduled. */
export function ReportsPage() {
  const catalogue = useReportCatalogue();
  if (catalogue.error) return <ErrorBox error={catalogue.error} />;
  if (!catalogue.data) return <Loading />;
  return (
    <>
      <PageHeader
        title="Reports"
        sub="Run on screen, download as Excel, CSV, PDF or Word, or e-mail on a schedule"
      />
      <Stack gap="xl">
        {Audience.options.map((audience) => {
          const reports = catalogue.data.items.filter((r) => r.audience === audience);
          if (!reports.length) return null;
          return (
            <section key={audience} aria-labelledby={`audience-${audience}`}>
              <Title order={3} id={`audience-${audience}`} mb="sm">
                {audienceLabels[audience]}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                {reports.map((r) => (
                  <Card key={r.id} withBorder padding="md">
                    <Anchor component={Link} to={`/reports/${r.id}`} fw={600}>
                      {r.title}
                    </Anchor>
                    <Text size="sm" c="dimmed" mt={4}>
                      {r.description}
                    </Text>
                  </Card>
                ))}
              </SimpleGrid>
            </section>
          );
        })}
        <section aria-labelledby="schedules">
          <Title order={3} id="schedules" mb="sm">
            Scheduled reports
          </Title>
          <Schedules catalogue={catalogue.data.items} />
        </section>
      </Stack>
    </>
  );
}
