import {
  ActionIcon,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { MaterialInput, MaterialKind, materialKindLabels, type Material } from '../../../shared/purchasing';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useActiveVendors, useSaveMaterial } from '../../data/purchasing';

const orNull = (s: string) => (s.trim() ? s.trim() : null);
const numOrNull = (v: number | string) => (v === '' ? null : Number(v));

const initial = (m?: Material) => ({
  sku: m?.sku ?? '',
  name: m?.name ?? '',
  kind: m?.kind ?? ('paper' as MaterialKind),
  unit: m?.unit ?? 'sheet',
  packUnits: m?.packUnits ?? [{ name: 'ream', factor: 500 }],
  preferredVendorId: m?.preferredVendor?.id ?? null,
  unitCostCents: (m?.unitCostCents ?? '') as number | string,
  reorderPoint: m?.reorderPoint ?? 0,
  reorderQuantity: m?.reorderQuantity ?? 0,
  active: m?.active ?? true,
  spec: {
    weight: m?.spec.weight ?? '',
    finish: m?.spec.finish ?? '',
    colour: m?.spec.colour ?? '',
    width: (m?.spec.width ?? '') as number | string,
    height: (m?.spec.height ?? '') as number | string,
    grain: m?.spec.grain ?? null,
  },
});
type Values = ReturnType<typeof initial>;

const toInput = (v: Values) => ({
  sku: v.sku,
  name: v.name,
  kind: v.kind,
  unit: v.unit,
  packUnits: v.packUnits.map((u) => ({ name: u.name, factor: Number(u.factor) })),
  preferredVendorId: v.preferredVendorId,
  unitCostCents: numOrNull(v.unitCostCents),
  reorderPoint: Number(v.reorderPoint),
  reorderQuantity: Number(v.reorderQuantity),
  active: v.active,
  spec: {
    weight: orNull(v.spec.weight),
    finish: orNull(v.spec.finish),
    colour: orNull(v.spec.colour),
    width: numOrNull(v.spec.width),
    height: numOrNull(v.spec.height),
    grain: v.spec.grain,
    sizeUnit: 'in' as const,
  },
});

/** Adds or changes a catalogue material: SKU, paper specification, units and reorder rules. */
export function MaterialForm({
  material,
  opened,
  onClose,
  onSaved,
}: {
  material?: Material;
  opened: boolean;
  onClose: () => void;
  onSaved?: (m: Material) => void;
}) {
  const vendors = useActiveVendors(opened);
  const saveMaterial = useSaveMaterial(material?.id);
  const form = useForm({
    initialValues: initial(material),
    validate: zodValidate(MaterialInput, toInput as never),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      const m = await saveMaterial.mutateAsync(toInput(values));
      saved(`${m.sku} saved`);
      onSaved?.(m);
      onClose();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={material ? `Edit ${material.sku}` : 'New material'}
      size="lg"
    >
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput label="SKU" required data-autofocus {...form.getInputProps('sku')} />
            <Select
              label="Kind"
              allowDeselect={false}
              data={MaterialKind.options.map((k) => ({ value: k, label: materialKindLabels[k] }))}
              {...form.getInputProps('kind')}
            />
          </SimpleGrid>
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <SimpleGrid cols={3}>
            <TextInput label="Weight" placeholder="100# text" {...form.getInputProps('spec.weight')} />
            <TextInput label="Finish" placeholder="Gloss" {...form.getInputProps('spec.finish')} />
            <TextInput label="Colour" placeholder="White" {...form.getInputProps('spec.colour')} />
            <NumberInput label="Width (in)" min={0} decimalScale={3} {...form.getInputProps('spec.width')} />
            <NumberInput
              label="Height (in)"
              min={0}
              decimalScale={3}
              {...form.getInputProps('spec.height')}
            />
            <Select
              label="Grain"
              clearable
              data={[
                { value: 'long', label: 'Long' },
                { value: 'short', label: 'Short' },
              ]}
              {...form.getInputProps('spec.grain')}
            />
          </SimpleGrid>
          <SimpleGrid cols={2}>
            <TextInput
              label="Stock unit"
              description="Stock is counted in this unit"
              {...form.getInputProps('unit')}
            />
            <NumberInput
              label="Cost per stock unit (cents)"
              min={0}
              decimalScale={4}
              {...form.getInputProps('unitCostCents')}
            />
          </SimpleGrid>
          <Text size="sm" fw={500}>
            Pack units
          </Text>
          {form.values.packUnits.map((_, i) => (
            <Group key={i} gap="xs" align="flex-end">
              <TextInput label="Name" w={140} {...form.getInputProps(`packUnits.${i}.name`)} />
              <NumberInput
                label={`${form.values.unit}s each`}
                w={140}
                min={2}
                {...form.getInputProps(`packUnits.${i}.factor`)}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove pack unit ${i + 1}`}
                onClick={() => form.removeListItem('packUnits', i)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="subtle"
            size="xs"
            w="fit-content"
            onClick={() => form.insertListItem('packUnits', { name: '', factor: 2 })}
          >
            Add a pack unit
          </Button>
          <SimpleGrid cols={3}>
            <Select
              label="Preferred vendor"
              clearable
              searchable
              data={(vendors.data?.items ?? []).map((v) => ({ value: v.id, label: v.name }))}
              {...form.getInputProps('preferredVendorId')}
            />
            <NumberInput label="Reorder point" min={0} {...form.getInputProps('reorderPoint')} />
            <NumberInput label="Reorder quantity" min={0} {...form.getInputProps('reorderQuantity')} />
          </SimpleGrid>
          <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button type="submit">Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
