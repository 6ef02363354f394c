import {
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Operation } from '../../../shared/estimating';
import { reportError, saved } from '../../app/feedback';
import { useDepartments } from '../../data/departments';
import { useEstimatingOperations, useSaveOperation } from '../../data/estimating';
import { CostModelList, type Column } from './cost-model-list';
import { dollars, toCents, toDollars } from './money';

export const perLabels = { piece: 'per piece', thousand: 'per thousand', sheet: 'per run sheet' } as const;
const kindLabels = { finishing: 'Finishing', mailing: 'Mailing service' } as const;

const columns: Column<Operation>[] = [
  { title: 'Kind', cell: (o) => kindLabels[o.kind] },
  { title: 'Set-up', right: true, cell: (o) => dollars(o.setupCents) },
  { title: 'Rate', right: true, cell: (o) => `${dollars(o.rateCents, 4)} ${perLabels[o.per]}` },
];

/** Finishing operations and mailing services: set-up plus a rate per piece, thousand or run sheet. */
export function OperationsTab({ editable }: { editable: boolean }) {
  return (
    <CostModelList
      label="Operations"
      addLabel="Add an operation"
      empty="No operations yet."
      editable={editable}
      query={useEstimatingOperations()}
      columns={columns}
      minWidth={600}
      dialog={(operation, close) => <OperationDialog operation={operation} onClose={close} />}
    />
  );
}

function OperationDialog({ operation, onClose }: { operation?: Operation; onClose: () => void }) {
  const departments = useDepartments();
  const saveOperation = useSaveOperation(operation?.id);
  // As in the press dialog: API field names, dollars in the `…Cents` fields until saved.
  const form = useForm({
    initialValues: {
      name: operation?.name ?? '',
      kind: operation?.kind ?? 'finishing',
      departmentId: operation?.departmentId ?? null,
      setupCents: toDollars(operation?.setupCents ?? 0),
      rateCents: toDollars(operation?.rateCents),
      per: operation?.per ?? 'thousand',
      active: operation?.active ?? true,
    },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      const o = await saveOperation.mutateAsync({
        ...v,
        setupCents: toCents(v.setupCents),
        rateCents: toCents(v.rateCents),
      } as never);
      saved(`${o.name} saved`);
      onClose();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <Modal opened onClose={onClose} title={operation ? `Edit ${operation.name}` : 'New operation'} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Kind"
              allowDeselect={false}
              data={Object.entries(kindLabels).map(([value, label]) => ({ value, label }))}
              {...form.getInputProps('kind')}
            />
            <Select
              label="Department"
              clearable
              data={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
              {...form.getInputProps('departmentId')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput label="Set-up ($)" min={0} decimalScale={2} {...form.getInputProps('setupCents')} />
            <NumberInput label="Rate ($)" min={0} decimalScale={4} {...form.getInputProps('rateCents')} />
            <Select
              label="Charged"
              allowDeselect={false}
              data={Object.entries(perLabels).map(([value, label]) => ({ value, label }))}
              {...form.getInputProps('per')}
            />
          </SimpleGrid>
          <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saveOperation.isPending}>
              Save operation
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
