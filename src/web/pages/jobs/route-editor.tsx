import { useState } from 'react';
import { Button, Group, NumberInput, Select, Text, TextInput } from '@mantine/core';
import type { Job } from '../../../shared/jobs';
import { reportError } from '../../app/feedback';
import { useDepartments } from '../../data/departments';
import { useAddStage, useRemoveStage } from '../../data/jobs';

/** Changes a job's route: add a stage after another one, or remove a stage that has not started. */
export function RouteEditor({ job }: { job: Job }) {
  const departments = useDepartments();
  const addStage = useAddStage(job.id);
  const removeStage = useRemoveStage(job.id);
  const [after, setAfter] = useState<string | null>(null);
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [hours, setHours] = useState<number | string>(4);
  const [removing, setRemoving] = useState<string | null>(null);
  const label = (s: Job['stages'][number]) => `${s.department.name}: ${s.name}`;
  const add = async () => {
    try {
      if (!after || !departmentId) return;
      await addStage.mutateAsync({ afterStageId: after, departmentId, name, standardHours: Number(hours) });
      setName('');
    } catch (err) {
      reportError(err);
    }
  };
  const remove = async () => {
    try {
      if (!removing) return;
      await removeStage.mutateAsync(removing);
      setRemoving(null);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <>
      <Text size="sm" fw={500} mt="sm">
        Change the route
      </Text>
      <Group gap="xs" align="flex-end">
        <Select
          label="After"
          w={200}
          data={job.stages.map((s) => ({ value: s.id, label: label(s) }))}
          value={after}
          onChange={setAfter}
        />
        <Select
          label="Department"
          w={170}
          data={(departments.data?.items ?? [])
            .filter((d) => d.active)
            .map((d) => ({ value: d.id, label: d.name }))}
          value={departmentId}
          onChange={setDepartmentId}
        />
        <TextInput label="Stage" w={130} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <NumberInput label="Hours" w={80} min={1} max={1000} value={hours} onChange={setHours} />
        <Button size="sm" variant="light" disabled={!after || !departmentId || !name.trim()} onClick={add}>
          Add stage
        </Button>
      </Group>
      <Group gap="xs" align="flex-end" mt="xs">
        <Select
          label="Remove a stage not started"
          w={260}
          data={job.stages
            .filter((s) => s.status === 'pending' || s.status === 'ready')
            .map((s) => ({ value: s.id, label: label(s) }))}
          value={removing}
          onChange={setRemoving}
        />
        <Button size="sm" variant="subtle" color="red" disabled={!removing} onClick={remove}>
          Remove stage
        </Button>
      </Group>
    </>
  );
}
