import { Box, Group, NativeSelect, Paper, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { useState, type DragEvent } from 'react';
import type { QueueEntry } from '../../../shared/jobs';
import type { DepartmentLoad } from '../../../shared/planning';
import { ErrorBox } from '../../app/ui';
import { useDepartmentLoad, usePlanStage } from '../../data/planning';

export const DRAG_TYPE = 'application/x-jobjacket-stage';
const localToday = () => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
};
const dayLabel = (date: string) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

/** Starts dragging a stage card: what a day of the load strip needs to move it. */
export function dragStage(event: DragEvent, entry: QueueEntry) {
  event.dataTransfer.setData(DRAG_TYPE, JSON.stringify({ jobId: entry.job.id, stageId: entry.stage.id }));
  event.dataTransfer.effectAllowed = 'move';
}

type LoadDay = DepartmentLoad['days'][number];
type Moved = { jobId: string; stageId: string };

/**
 * One day's bar: booked hours against working hours (red when overbooked); a stage card dropped on it moves
 * there. `dateAttr` names the attribute that carries the date (the department strip and the machine strips
 * each have their own, so a test or a script can tell them apart).
 */
export function DayBar(props: {
  day: LoadDay;
  label: string;
  canPlan: boolean;
  onDrop: (moved: Moved) => void;
  dateAttr?: 'data-date' | 'data-machine-date';
}) {
  const { day: d, canPlan } = props;
  const [over, setOver] = useState(false);
  const pct = d.capacityHours ? Math.min(100, (d.bookedHours / d.capacityHours) * 100) : 0;
  const label = `${props.label} ${d.date}: ${d.bookedHours} of ${d.capacityHours} h booked${d.overbooked ? ', overbooked' : ''}`;
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const raw = event.dataTransfer.getData(DRAG_TYPE);
    if (raw) props.onDrop(JSON.parse(raw) as Moved);
  };
  return (
    <Paper
      role="listitem"
      aria-label={label}
      {...{ [props.dateAttr ?? 'data-date']: d.date }}
      data-booked={d.bookedHours}
      withBorder
      p={6}
      miw={92}
      bg={over ? 'var(--mantine-color-blue-light)' : undefined}
      onDragOver={(e) => {
        if (!canPlan || !d.capacityHours) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={canPlan ? drop : undefined}
    >
      <Text size="xs" fw={600} c={d.capacityHours ? undefined : 'dimmed'}>
        {dayLabel(d.date)}
      </Text>
      <Tooltip label={label}>
        <Box>
          <Progress
            value={d.overbooked ? 100 : pct}
            color={d.overbooked ? 'red' : pct > 85 ? 'orange' : 'blue'}
            size="lg"
          />
        </Box>
      </Tooltip>
      <Text size="xs" c={d.overbooked ? 'red' : 'dimmed'}>
        {d.capacityHours ? `${d.bookedHours}/${d.capacityHours} h` : 'closed'}
      </Text>
    </Paper>
  );
}

/** The board's load: the next ten days of the department (the sum of its machines). */
export function useBoardLoad(departmentId: string) {
  return useDepartmentLoad(departmentId, localToday(), 10);
}

/**
 * The department's load, day by day: booked hours against its working hours (red when overbooked). A planner
 * drops a stage card on a day to move the stage there.
 */
export function LoadStrip({ departmentId, canPlan }: { departmentId: string; canPlan: boolean }) {
  const load = useBoardLoad(departmentId);
  const plan = usePlanStage();
  if (load.error) return <ErrorBox error={load.error} />;
  return (
    <Stack gap={4} mb="md">
      {plan.error && <ErrorBox error={plan.error} />}
      <Group gap={6} wrap="nowrap" style={{ overflowX: 'auto' }} role="list" aria-label="Load by day">
        {(load.data?.days ?? []).map((d) => (
          <DayBar
            key={d.date}
            day={d}
            label="Load on"
            canPlan={canPlan}
            onDrop={(moved) => plan.mutate({ ...moved, pinnedOn: d.date })}
          />
        ))}
      </Group>
    </Stack>
  );
}

/** The keyboard way to move a stage: pick a day (or "planned") from a list. */
export function MoveStageSelect({ entry }: { entry: QueueEntry }) {
  const plan = usePlanStage();
  const today = localToday();
  const options = Array.from({ length: 15 }, (_, i) => {
    const date = new Date(Date.parse(`${today}T12:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
    return { value: date, label: dayLabel(date) };
  }).filter((o) => ![0, 6].includes(new Date(`${o.value}T12:00:00Z`).getUTCDay()));
  return (
    <NativeSelect
      size="xs"
      aria-label={`Move ${entry.job.number} ${entry.stage.name} to a day`}
      value={entry.stage.pinnedOn ?? ''}
      disabled={plan.isPending}
      error={plan.error ? (plan.error as Error).message : undefined}
      onChange={(e) =>
        plan.mutate({ jobId: entry.job.id, stageId: entry.stage.id, pinnedOn: e.currentTarget.value || null })
      }
      data={[{ value: '', label: 'Day: as planned' }, ...options]}
    />
  );
}
