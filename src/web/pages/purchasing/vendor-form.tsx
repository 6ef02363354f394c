import {
  Button,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { VendorInput, type Vendor } from '../../../shared/purchasing';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useSaveVendor } from '../../data/purchasing';

const blankAddress = { line1: '', line2: '', city: '', region: '', postalCode: '' };
const orNull = (s: string) => (s.trim() ? s.trim() : null);

function toInput(v: ReturnType<typeof initial>) {
  const hasAddress = Object.values(v.address).some((x) => x.trim());
  return {
    name: v.name,
    email: v.email,
    contactName: orNull(v.contactName),
    phone: orNull(v.phone),
    terms: orNull(v.terms),
    leadTimeDays: Number(v.leadTimeDays),
    notes: orNull(v.notes),
    active: v.active,
    address: hasAddress ? { ...v.address, line2: orNull(v.address.line2) } : null,
  };
}

const initial = (v?: Vendor) => ({
  name: v?.name ?? '',
  email: v?.email ?? '',
  contactName: v?.contactName ?? '',
  phone: v?.phone ?? '',
  terms: v?.terms ?? 'Net 30',
  leadTimeDays: v?.leadTimeDays ?? 5,
  notes: v?.notes ?? '',
  active: v?.active ?? true,
  address: v?.address
    ? {
        line1: v.address.line1,
        line2: v.address.line2 ?? '',
        city: v.address.city,
        region: v.address.region,
        postalCode: v.address.postalCode,
      }
    : blankAddress,
});

/** Adds or changes a vendor: who they are, where purchase orders go, terms and lead time. */
export function VendorForm({
  vendor,
  opened,
  onClose,
  onSaved,
}: {
  vendor?: Vendor;
  opened: boolean;
  onClose: () => void;
  onSaved?: (v: Vendor) => void;
}) {
  const saveVendor = useSaveVendor(vendor?.id);
  const form = useForm({
    initialValues: initial(vendor),
    validate: zodValidate(VendorInput, toInput as never),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      const v = await saveVendor.mutateAsync(toInput(values));
      saved(`${v.name} saved`);
      onSaved?.(v);
      onClose();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title={vendor ? `Edit ${vendor.name}` : 'New vendor'} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
            <TextInput
              label="Purchase orders go to"
              description="E-mail address"
              required
              {...form.getInputProps('email')}
            />
            <TextInput label="Contact" {...form.getInputProps('contactName')} />
            <TextInput label="Phone" {...form.getInputProps('phone')} />
            <TextInput label="Terms" {...form.getInputProps('terms')} />
            <NumberInput label="Lead time (days)" min={0} max={365} {...form.getInputProps('leadTimeDays')} />
            <TextInput label="Address" {...form.getInputProps('address.line1')} />
            <TextInput label="Address line 2" {...form.getInputProps('address.line2')} />
            <TextInput label="City" {...form.getInputProps('address.city')} />
            <Group grow>
              <TextInput label="State" {...form.getInputProps('address.region')} />
              <TextInput label="ZIP" {...form.getInputProps('address.postalCode')} />
            </Group>
          </SimpleGrid>
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
          <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button type="submit">Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
