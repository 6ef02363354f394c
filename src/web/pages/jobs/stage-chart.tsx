import { Box, Group, Text, Tooltip } from '@mantine/core';
import type { JobStage } from '../../../shared/jobs';

const DAY = 86_400_000;
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const colour: Record<JobStage['status'], string> = {
  pending: 'var(--mantine-color-gray-4)',
  ready: 'var(--mantine-color-blue-4)',
  in_progress: 'var(--mantine-color-indigo-6)',
  done: 'var(--mantine-color-green-6)',
  blocked: 'var(--mantine-color-red-6)',
};

/** Stages as bars on a calendar, with today and the due date marked: where the plan stands at a glance. */
export function StageChart({
  stages,
  today,
  dueDate,
}: {
  stages: JobStage[];
  today: string;
  dueDate: string;
}) {
  if (!stages.length) return null;
  const start = Math.min(ms(today), ...stages.map((s) => ms(s.plannedStart)));
  const end = Math.max(ms(dueDate), ms(today)) + DAY;
  const pct = (t: number) => `${((t - start) / (end - start)) * 100}%`;
  return (
    <Box
      pos="relative"
      role="img"
      aria-label={`Plan of ${stages.length} stages against today ${today} and due ${dueDate}`}
    >
      {stages.map((s) => (
        <Group key={s.id} gap="xs" wrap="nowrap" h={24}>
          <Text size="xs" w={210} truncate title={`${s.department.name}: ${s.name}`}>
            {s.department.name}: {s.name}
          </Text>
          <Box pos="relative" style={{ flex: 1 }} h={16}>
            <Tooltip label={`${s.plannedStart} → ${s.plannedEnd} · ${s.status.replace('_', ' ')}`}>
              <Box
                pos="absolute"
                h={14}
                style={{
                  left: pct(ms(s.plannedStart)),
                  width: `calc(${pct(ms(s.plannedEnd) + DAY)} - ${pct(ms(s.plannedStart))})`,
                  background: colour[s.status],
                  borderRadius: 3,
                }}
              />
            </Tooltip>
          </Box>
        </Group>
      ))}
      <Box
        pos="absolute"
        top={0}
        bottom={0}
        style={{
          left: `calc(218px + (100% - 218px) * ${(ms(today) - start) / (end - start)})`,
          borderLeft: '2px dashed var(--mantine-color-gray-7)',
        }}
        title={`Today ${today}`}
      />
      <Box
        pos="absolute"
        top={0}
        bottom={0}
        style={{
          left: `calc(218px + (100% - 218px) * ${(ms(dueDate) - start) / (end - start)})`,
          borderLeft: '2px solid var(--mantine-color-red-7)',
        }}
        title={`Due ${dueDate}`}
      />
      <Group gap="md" mt={4} ml={218}>
        <Text size="xs" c="dimmed">
          ┆ today {today}
        </Text>
        <Text size="xs" c="red.7">
          │ due {dueDate}
        </Text>
      </Group>
    </Box>
  );
}
