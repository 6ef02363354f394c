import { Anchor, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { QueueEntry } from '../../../shared/jobs';
import { ErrorBox } from '../../app/ui';
import { usePlanStage } from '../../data/planning';
import { DayBar, useBoardLoad } from './board-load';

/**
 * One load strip per machine of the department (shown when it has machines): a planner drops a stage card on a
 * machine's day to move the stage onto that machine and day.
 */
export function MachineStrips({ departmentId, canPlan }: { departmentId: string; canPlan: boolean }) {
  const load = useBoardLoad(departmentId);
  const plan = usePlanStage();
  const machines = load.data?.machines ?? [];
  if (!machines.some((m) => m.id)) return null;
  return (
    <Stack gap={4} mb="md" aria-label="Load by machine">
      {plan.error && <ErrorBox error={plan.error} />}
      <Anchor component={Link} to="/admin/estimating" size="xs">
        Machines: add one, change its speed, make-ready or hours a day, or retire it
      </Anchor>
      {machines.map((m) => (
        <Stack key={m.id ?? 'hand'} gap={2}>
          <Text size="sm" fw={600}>
            {m.name}
          </Text>
          <Group
            gap={6}
            wrap="nowrap"
            style={{ overflowX: 'auto' }}
            role="list"
            aria-label={`Load of ${m.name}`}
            data-machine={m.id ?? 'hand'}
          >
            {m.days.map((d) => (
              <DayBar
                key={d.date}
                day={d}
                label={`${m.name} on`}
                canPlan={canPlan && !!m.id}
                dateAttr="data-machine-date"
                onDrop={(moved) => plan.mutate({ ...moved, pinnedOn: d.date, machineId: m.id })}
              />
            ))}
          </Group>
        </Stack>
      ))}
    </Stack>
  );
}

/** The machine a stage is on, by name ("Hand work" without one). */
export function useMachineName(departmentId: string) {
  const load = useBoardLoad(departmentId);
  const names = new Map((load.data?.machines ?? []).map((m) => [m.id, m.name]));
  return (id: string | null) => names.get(id) ?? (id ? 'another machine' : 'Hand work');
}

/** The keyboard way to move a stage to another machine of its department (or let planning choose). */
export function MoveMachineSelect({ entry, departmentId }: { entry: QueueEntry; departmentId: string }) {
  const load = useBoardLoad(departmentId);
  const plan = usePlanStage();
  const machines = (load.data?.machines ?? []).filter((m) => m.id);
  if (machines.length < 2) return null;
  return (
    <NativeSelect
      size="xs"
      mt={4}
      aria-label={`Move ${entry.job.number} ${entry.stage.name} to a machine`}
      value={entry.stage.machinePinned ? (entry.stage.machineId ?? '') : ''}
      disabled={plan.isPending}
      error={plan.error ? (plan.error as Error).message : undefined}
      onChange={(e) =>
        plan.mutate({
          jobId: entry.job.id,
          stageId: entry.stage.id,
          machineId: e.currentTarget.value || null,
        })
      }
      data={[
        { value: '', label: 'Machine: planning chooses' },
        ...machines.map((m) => ({ value: m.id!, label: m.name })),
      ]}
    />
  );
}
