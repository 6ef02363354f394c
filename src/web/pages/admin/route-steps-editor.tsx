import { useState } from 'react';
import { ActionIcon, Button, Card, Group, NativeSelect, NumberInput, Stack, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Department } from '../../../shared/departments';
import { reportError, saved } from '../../app/feedback';
import { useCreateDepartment, useSetProductRoute, type ProductRoute } from '../../data/departments';
import { ProductTypeControls } from './product-types';

type Step = ProductRoute['steps'][number];

/**
 * One product type's default route, edited as a list: department, name, hours (the set-up when a speed is
 * given) and pieces an hour; add, remove and reorder steps (buttons, so the keyboard does it too), then save.
 */
export function RouteStepsEditor({
  route,
  departments,
  editable,
}: {
  route: ProductRoute;
  departments: Department[];
  editable: boolean;
}) {
  const [steps, setSteps] = useState<Step[]>(route.steps);
  const setRoute = useSetProductRoute();
  const label = route.label;
  const active = departments.filter((d) => d.active);
  const change = (i: number, patch: Partial<Step>) =>
    setSteps((s) => s.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const move = (i: number, by: -1 | 1) =>
    setSteps((s) => {
      const next = [...s];
      [next[i], next[i + by]] = [next[i + by]!, next[i]!];
      return next;
    });
  const dirty = JSON.stringify(steps) !== JSON.stringify(route.steps);
  const save = async () => {
    try {
      await setRoute.mutateAsync({ productType: route.productType, steps });
      saved(`Route of ${label} saved`);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Card withBorder aria-label={`Route of ${label}`}>
      <ProductTypeControls route={route} editable={editable} />
      <Stack gap={6}>
        {steps.map((s, i) => (
          <Group key={i} gap={4} wrap="wrap" align="flex-end">
            <NativeSelect
              size="xs"
              aria-label={`${label} step ${i + 1} department`}
              disabled={!editable}
              value={s.departmentCode}
              data={active.map((d) => ({ value: d.code, label: d.name }))}
              onChange={(e) => change(i, { departmentCode: e.currentTarget.value })}
            />
            <TextInput
              size="xs"
              w={140}
              aria-label={`${label} step ${i + 1} name`}
              disabled={!editable}
              value={s.name}
              onChange={(e) => change(i, { name: e.currentTarget.value })}
            />
            <NumberInput
              size="xs"
              w={72}
              min={0}
              max={1000}
              step={0.25}
              suffix=" h"
              aria-label={`${label} step ${i + 1} hours`}
              disabled={!editable}
              value={s.standardHours}
              onChange={(v) => change(i, { standardHours: Number(v) || 0 })}
            />
            <NumberInput
              size="xs"
              w={96}
              min={0}
              placeholder="pcs/h"
              suffix=" /h"
              aria-label={`${label} step ${i + 1} pieces an hour`}
              disabled={!editable}
              value={s.piecesPerHour ?? ''}
              onChange={(v) => change(i, { piecesPerHour: Number(v) > 0 ? Number(v) : undefined })}
            />
            {editable && (
              <Group gap={0}>
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move ${label} step ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  <IconArrowUp size={14} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move ${label} step ${i + 1} down`}
                  disabled={i === steps.length - 1}
                  onClick={() => move(i, 1)}
                >
                  <IconArrowDown size={14} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove ${label} step ${i + 1}`}
                  disabled={steps.length === 1}
                  onClick={() => setSteps((x) => x.filter((_, j) => j !== i))}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Group>
            )}
          </Group>
        ))}
      </Stack>
      {editable && (
        <Group mt="xs" gap="xs">
          <Button
            size="compact-xs"
            variant="light"
            leftSection={<IconPlus size={12} />}
            disabled={steps.length >= 20 || !active.length}
            onClick={() =>
              setSteps((s) => [...s, { departmentCode: active[0]!.code, name: 'New step', standardHours: 1 }])
            }
          >
            Add step
          </Button>
          <Button size="compact-xs" disabled={!dirty} loading={setRoute.isPending} onClick={save}>
            Save route
          </Button>
          {dirty && (
            <Button size="compact-xs" variant="subtle" onClick={() => setSteps(route.steps)}>
              Undo
            </Button>
          )}
        </Group>
      )}
    </Card>
  );
}

/** Adds a department (its code is for routes and production users; the hours start at 08:00–17:00). */
export function AddDepartment() {
  const create = useCreateDepartment();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const add = async () => {
    try {
      await create.mutateAsync({ code: code.trim(), name: name.trim() });
      saved(`${name.trim()} added`);
      setCode('');
      setName('');
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Group align="flex-end">
      <TextInput
        label="New department code"
        placeholder="wide_format"
        value={code}
        onChange={(e) => setCode(e.currentTarget.value)}
      />
      <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <Button onClick={add} disabled={!code.trim() || !name.trim()} loading={create.isPending}>
        Add department
      </Button>
    </Group>
  );
}
