import { Anchor, Badge, Card, Group, ScrollArea, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { MaterialStatusBadge } from '../purchasing/badges';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import type { StageStatus } from '../../../shared/jobs';
import { useUser } from '../../app/auth';
import { useDepartments } from '../../data/departments';
import { useDepartmentQueue } from '../../data/jobs';
import { useMaterialsStatus } from '../../data/purchasing';
import { ErrorBox, Loading, PageHeader, RiskBadge } from '../../app/ui';
import { StageActions } from './stage-actions';
import { dragStage, LoadStrip, MoveStageSelect } from './board-load';
import { MachineStrips, MoveMachineSelect, useMachineName } from './board-machines';
import { can } from '../../../shared/permissions';

const columns: { status: StageStatus; title: string }[] = [
  { status: 'ready', title: 'Ready' },
  { status: 'in_progress', title: 'In progress' },
  { status: 'blocked', title: 'Blocked' },
  { status: 'pending', title: 'Coming' },
  { status: 'done', title: 'Done today' },
];

/** A department's board: its stages by status, ordered by planned end; start, finish and block from the card. */
export function BoardPage() {
  const { departmentId } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const departments = useDepartments();
  const queue = useDepartmentQueue(departmentId);
  const jobIds = [...new Set((queue.data?.items ?? []).map((e) => e.job.id))].slice(0, 200);
  const materials = useMaterialsStatus(jobIds);
  const materialsOf = new Map((materials.data?.items ?? []).map((m) => [m.jobId, m.status]));
  const canPlan = can(user.role, 'job.edit');
  const machineName = useMachineName(departmentId ?? '');
  if (departments.error) return <ErrorBox error={departments.error} />;
  if (!departments.data) return <Loading />;
  const active = departments.data.items.filter((d) => d.active);
  if (!departmentId) {
    const mine = active.find((d) => d.code === user.department) ?? active[0];
    return mine ? <Navigate to={`/boards/${mine.id}`} replace /> : <Text>No departments yet.</Text>;
  }
  return (
    <>
      <PageHeader
        title="Production boards"
        sub="Load by day and by machine (drop a card on a day or a machine's day to move it), then stages by status"
      />
      <Tabs value={departmentId} onChange={(v) => v && navigate(`/boards/${v}`)} mb="md">
        <Tabs.List>
          {active.map((d) => (
            <Tabs.Tab key={d.id} value={d.id}>
              {d.name}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <LoadStrip departmentId={departmentId} canPlan={canPlan} />
      <MachineStrips departmentId={departmentId} canPlan={canPlan} />
      {queue.error ? (
        <ErrorBox error={queue.error} />
      ) : !queue.data ? (
        <Loading />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 3, lg: 5 }}>
          {columns.map((col) => {
            const entries = queue.data.items.filter((e) => e.stage.status === col.status);
            return (
              <Stack key={col.status} gap="xs" aria-label={`${col.title} column`}>
                <Group justify="space-between">
                  <Text fw={600}>{col.title}</Text>
                  <Badge variant="light">{entries.length}</Badge>
                </Group>
                <ScrollArea.Autosize mah="75vh">
                  <Stack gap="xs">
                    {entries.map((e) => (
                      <Card
                        key={e.stage.id}
                        withBorder
                        p="xs"
                        aria-label={`${e.job.number} ${e.stage.name}`}
                        draggable={canPlan && e.stage.status !== 'done'}
                        onDragStart={(ev) => dragStage(ev, e)}
                      >
                        <Group justify="space-between" wrap="nowrap">
                          <Anchor component={Link} to={`/jobs/${e.job.id}`} size="sm" fw={600}>
                            {e.job.number}
                          </Anchor>
                          <RiskBadge risk={e.job.risk} />
                        </Group>
                        <Text size="sm">{e.job.title}</Text>
                        <Text size="xs" c="dimmed">
                          {e.job.accountName}
                        </Text>
                        <Text size="xs">
                          {e.stage.name} · planned {e.stage.plannedStart} → {e.stage.plannedEnd} · due{' '}
                          {e.job.dueDate}
                        </Text>
                        {e.stage.status !== 'done' && (
                          <Text size="xs" c="dimmed" data-testid="stage-machine">
                            on {machineName(e.stage.machineId)}
                          </Text>
                        )}
                        {materialsOf.has(e.job.id) && (
                          <Group gap={4} mt={2}>
                            <Text size="xs">Materials:</Text>
                            <MaterialStatusBadge status={materialsOf.get(e.job.id)!} />
                          </Group>
                        )}
                        {e.stage.blockedReason && (
                          <Text size="xs" c="red">
                            {e.stage.blockedReason}
                          </Text>
                        )}
                        <Group mt={6}>
                          <StageActions jobId={e.job.id} stage={e.stage} size="compact-xs" />
                        </Group>
                        {canPlan && e.stage.status !== 'done' && <MoveStageSelect entry={e} />}
                        {canPlan && e.stage.status !== 'done' && (
                          <MoveMachineSelect entry={e} departmentId={departmentId} />
                        )}
                      </Card>
                    ))}
                  </Stack>
                </ScrollArea.Autosize>
              </Stack>
            );
          })}
        </SimpleGrid>
      )}
    </>
  );
}
