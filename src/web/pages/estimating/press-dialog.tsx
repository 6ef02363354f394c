import {
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
import type { Press } from '../../../shared/estimating';
import { reportError, saved } from '../../app/feedback';
import { useDepartments } from '../../data/departments';
import { useSavePress } from '../../data/estimating';
import { num, toCents, toDollars, type Blank } from './money';

// The form's fields carry the API's names (so the server's field errors land on them); the `…Cents` fields
// hold dollars while typed and are turned into cents on saving.
const initial = (p?: Press) => ({
  name: p?.name ?? '',
  kind: p?.kind ?? 'offset',
  departmentId: p?.departmentId ?? null,
  minSheet: {
    width: p?.minSheet.width ?? ('' as Blank),
    height: p?.minSheet.height ?? ('' as Blank),
  },
  maxSheet: {
    width: p?.maxSheet.width ?? ('' as Blank),
    height: p?.maxSheet.height ?? ('' as Blank),
  },
  marginIn: p?.marginIn ?? (0.25 as Blank),
  colours: p?.colours ?? (4 as Blank),
  perfecting: p?.perfecting ?? false,
  makeReadyMinutes: p?.makeReadyMinutes ?? ('' as Blank),
  makeReadySheets: p?.makeReadySheets ?? ('' as Blank),
  sheetsPerHour: p?.sheetsPerHour ?? ('' as Blank),
  hourlyRateCents: toDollars(p?.hourlyRateCents),
  plateCents: toDollars(p?.plateCents ?? 0),
  clickColourCents: toDollars(p?.clickColourCents ?? 0),
  clickMonoCents: toDollars(p?.clickMonoCents ?? 0),
  hoursPerDay: p?.hoursPerDay ?? ('' as Blank),
  active: p?.active ?? true,
});
type Values = ReturnType<typeof initial>;

const toInput = (v: Values) => ({
  name: v.name,
  kind: v.kind,
  departmentId: v.departmentId,
  minSheet: { width: num(v.minSheet.width), height: num(v.minSheet.height) },
  maxSheet: { width: num(v.maxSheet.width), height: num(v.maxSheet.height) },
  marginIn: num(v.marginIn),
  colours: num(v.colours),
  perfecting: v.perfecting,
  makeReadyMinutes: num(v.makeReadyMinutes),
  makeReadySheets: num(v.makeReadySheets),
  sheetsPerHour: num(v.sheetsPerHour),
  hourlyRateCents: toCents(v.hourlyRateCents),
  plateCents: toCents(v.plateCents),
  clickColourCents: toCents(v.clickColourCents),
  clickMonoCents: toCents(v.clickMonoCents),
  // Blank: the press runs its department's whole day.
  hoursPerDay: v.hoursPerDay === '' ? null : num(v.hoursPerDay),
  active: v.active,
});

/**
 * Adds or changes a press: sheet range in inches, make-ready, speed and money in dollars. Checks are the
 * server's (one schema), shown beside the fields they concern.
 */
export function PressDialog({ press, onClose }: { press?: Press; onClose: () => void }) {
  const departments = useDepartments();
  const savePress = useSavePress(press?.id);
  const form = useForm({ initialValues: initial(press) });
  const submit = form.onSubmit(async (values) => {
    try {
      // Blank required numbers go as missing, so the server names the field.
      const p = await savePress.mutateAsync(toInput(values) as never);
      saved(`${p.name} saved`);
      onClose();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  const sheet = (key: 'minSheet' | 'maxSheet', label: string) => (
    <Stack gap={4}>
      <Group grow align="flex-start">
        <NumberInput
          label={`${label} width (in)`}
          min={0}
          decimalScale={3}
          {...form.getInputProps(`${key}.width`)}
        />
        <NumberInput
          label={`${label} height (in)`}
          min={0}
          decimalScale={3}
          {...form.getInputProps(`${key}.height`)}
        />
      </Group>
      {form.errors[key] && (
        <Text size="sm" c="red" role="alert">
          {form.errors[key]}
        </Text>
      )}
    </Stack>
  );
  const digital = form.values.kind === 'digital';
  return (
    <Modal opened onClose={onClose} title={press ? `Edit ${press.name}` : 'New press'} size="xl">
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
            <Select
              label="Kind"
              allowDeselect={false}
              data={[
                { value: 'offset', label: 'Offset' },
                { value: 'digital', label: 'Digital' },
              ]}
              {...form.getInputProps('kind')}
            />
            <Select
              label="Department"
              clearable
              data={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
              {...form.getInputProps('departmentId')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {sheet('minSheet', 'Smallest sheet')}
            {sheet('maxSheet', 'Largest sheet')}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <NumberInput
              label="Margin (in)"
              description="Each edge, gripper included"
              min={0}
              decimalScale={3}
              {...form.getInputProps('marginIn')}
            />
            <NumberInput
              label="Colours (units)"
              min={1}
              max={12}
              allowDecimal={false}
              {...form.getInputProps('colours')}
            />
            <NumberInput label="Make-ready (minutes)" min={0} {...form.getInputProps('makeReadyMinutes')} />
            <NumberInput
              label="Make-ready sheets"
              description={digital ? 'Once per job' : 'Per pass'}
              min={0}
              allowDecimal={false}
              {...form.getInputProps('makeReadySheets')}
            />
            <NumberInput label="Sheets per hour" min={0} {...form.getInputProps('sheetsPerHour')} />
            <NumberInput
              label="Hours a day (planning)"
              description="Blank: its department's whole day"
              min={0}
              max={24}
              decimalScale={2}
              {...form.getInputProps('hoursPerDay')}
            />
            <NumberInput
              label="Hourly rate ($)"
              min={0}
              decimalScale={2}
              {...form.getInputProps('hourlyRateCents')}
            />
            <NumberInput
              label="Plate ($ each)"
              min={0}
              decimalScale={2}
              {...form.getInputProps('plateCents')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <NumberInput
              label="Colour click ($)"
              description="Per printed side"
              min={0}
              decimalScale={4}
              {...form.getInputProps('clickColourCents')}
            />
            <NumberInput
              label="Mono click ($)"
              description="Per printed side"
              min={0}
              decimalScale={4}
              {...form.getInputProps('clickMonoCents')}
            />
            <Switch
              mt="lg"
              label="Perfecting (both sides in one pass)"
              {...form.getInputProps('perfecting', { type: 'checkbox' })}
            />
            <Switch mt="lg" label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={savePress.isPending}>
              Save press
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
