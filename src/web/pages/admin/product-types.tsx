import { useState } from 'react';
import { Button, Card, Group, NativeSelect, NumberInput, Text, TextInput } from '@mantine/core';
import type { Department } from '../../../shared/departments';
import { reportError, saved } from '../../app/feedback';
import { useCreateProductType, useUpdateProductType, type ProductRoute } from '../../data/departments';

/** Renames a product type or retires it (or brings it back); existing work keeps its type either way. */
export function ProductTypeControls({ route, editable }: { route: ProductRoute; editable: boolean }) {
  const [label, setLabel] = useState(route.label);
  const update = useUpdateProductType();
  const save = async (body: { label?: string; active?: boolean }, done: string) => {
    try {
      await update.mutateAsync({ productType: route.productType, ...body });
      saved(done);
    } catch (err) {
      reportError(err);
    }
  };
  if (!editable)
    return (
      <Text fw={500} mb={4}>
        {route.label}
        {!route.active && ' (retired)'}
      </Text>
    );
  return (
    <Group gap={4} mb={6} align="flex-end">
      <TextInput
        size="xs"
        w={180}
        label={route.builtIn ? `Name (built-in: ${route.productType})` : `Name (${route.productType})`}
        aria-label={`Name of the product type ${route.productType}`}
        value={label}
        onChange={(e) => setLabel(e.currentTarget.value)}
      />
      <Button
        size="xs"
        variant="light"
        disabled={!label.trim() || label.trim() === route.label || update.isPending}
        onClick={() => save({ label: label.trim() }, `Renamed to ${label.trim()}`)}
      >
        Rename
      </Button>
      <Button
        size="xs"
        variant="subtle"
        color={route.active ? 'red' : undefined}
        disabled={update.isPending}
        aria-label={`${route.active ? 'Retire' : 'Bring back'} ${route.label}`}
        onClick={() =>
          save(
            { active: !route.active },
            route.active ? `${route.label} retired` : `${route.label} is offered again`,
          )
        }
      >
        {route.active ? 'Retire' : 'Bring back'}
      </Button>
    </Group>
  );
}

const codeOf = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, 'p_$1')
    .slice(0, 40);

/** Defines a new product type: its name (the code follows it until edited) and the first step of its route. */
export function AddProductType({ departments }: { departments: Department[] }) {
  const active = departments.filter((d) => d.active);
  const [name, setName] = useState('');
  const [code, setCode] = useState<string | null>(null);
  const [department, setDepartment] = useState(active[0]?.code ?? '');
  const [hours, setHours] = useState<number | string>(1);
  const create = useCreateProductType();
  const theCode = code ?? codeOf(name);
  const submit = async () => {
    try {
      const step = { departmentCode: department, name: 'Make', standardHours: Number(hours) || 0 };
      const made = await create.mutateAsync({ code: theCode, label: name.trim(), steps: [step] });
      saved(`${made.label} added: give it the rest of its route below`);
      setName('');
      setCode(null);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Card withBorder aria-label="Add a product type">
      <Text fw={600} mb="xs">
        Add a product type
      </Text>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput label="Product type name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <TextInput
          label="Product type code"
          description="Lower-case letters, digits and _"
          value={theCode}
          onChange={(e) => setCode(e.currentTarget.value)}
        />
        <NativeSelect
          label="First step in"
          value={department}
          data={active.map((d) => ({ value: d.code, label: d.name }))}
          onChange={(e) => setDepartment(e.currentTarget.value)}
        />
        <NumberInput label="Hours" min={0} decimalScale={2} w={90} value={hours} onChange={setHours} />
        <Button onClick={submit} disabled={!name.trim() || !theCode || create.isPending}>
          Add product type
        </Button>
      </Group>
    </Card>
  );
}
