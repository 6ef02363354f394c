import { useState } from 'react';
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { productTypeLabels, type Job } from '../../../shared/jobs';
import { Carrier, carrierLabels } from '../../../shared/shipping';
import { reportError, saved } from '../../app/feedback';
import { useAccount } from '../../data/accounts';
import { useCreateShipment } from '../../data/shipping';
import { TrackingInput } from './tracking-input';

type PackageRow = {
  weightLb: number | string;
  lengthIn: number | string;
  widthIn: number | string;
  heightIn: number | string;
};
const emptyPackage: PackageRow = { weightLb: '', lengthIn: '', widthIn: '', heightIn: '' };
const num = (v: number | string) => (v === '' ? null : Number(v));

/** Plans a shipment of the job: carrier, address (the account's shipping addresses to pick from), packages, items. */
export function NewShipmentButton({ job }: { job: Job }) {
  const [opened, setOpened] = useState(false);
  const account = useAccount(opened ? job.account.id : null);
  const createShipment = useCreateShipment();
  const form = useForm({
    initialValues: {
      carrier: 'ups' as Carrier,
      service: '',
      trackingNumber: '',
      address: {
        name: job.account.name,
        attention: '',
        line1: '',
        line2: '',
        city: '',
        region: '',
        postalCode: '',
      },
      packages: [{ ...emptyPackage }],
      items: job.items.map((i) => ({ itemId: i.id, quantity: i.quantity as number | string, include: true })),
      notifyClient: true,
      pallets: 1 as number | string,
      freightClass: '',
    },
  });
  const addresses = (account.data?.addresses ?? []).filter((a) => a.kind === 'shipping');
  const useAddress = (id: string | null) => {
    const a = addresses.find((x) => x.id === id);
    if (!a) return;
    form.setFieldValue('address', {
      name: job.account.name,
      attention: a.attention ?? '',
      line1: a.line1,
      line2: a.line2 ?? '',
      city: a.city,
      region: a.region,
      postalCode: a.postalCode,
    });
  };
  const submit = form.onSubmit(async (v) => {
    try {
      const s = await createShipment.mutateAsync({
        jobId: job.id,
        carrier: v.carrier,
        service: v.service || null,
        trackingNumber: v.trackingNumber || null,
        address: { ...v.address, attention: v.address.attention || null, line2: v.address.line2 || null },
        packages: v.packages.map((p) => ({
          // Left empty, it goes as null and the server's 400 puts "required" on the field.
          weightLb: num(p.weightLb) as number,
          lengthIn: num(p.lengthIn),
          widthIn: num(p.widthIn),
          heightIn: num(p.heightIn),
        })),
        items: v.items
          .filter((i) => i.include)
          .map((i) => ({ itemId: i.itemId, quantity: Number(i.quantity) })),
        notifyClient: v.notifyClient,
        ...(v.carrier === 'freight'
          ? { freight: { pallets: Number(v.pallets) || 1, freightClass: v.freightClass || null } }
          : {}),
      });
      saved(`${s.number} planned`);
      setOpened(false);
      form.reset();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <>
      <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setOpened(true)}>
        New shipment
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Ship ${job.number}`} size="lg">
        <form onSubmit={submit}>
          <Stack>
            <SimpleGrid cols={2}>
              <Select
                label="Carrier"
                allowDeselect={false}
                data={Carrier.options.map((c) => ({ value: c, label: carrierLabels[c] }))}
                {...form.getInputProps('carrier')}
              />
              <TextInput
                label="Service"
                placeholder="Ground, 2nd Day Air…"
                {...form.getInputProps('service')}
              />
            </SimpleGrid>
            {form.values.carrier !== 'pickup' && form.values.carrier !== 'local' && (
              <TrackingInput
                carrier={form.values.carrier}
                value={form.values.trackingNumber}
                onChange={(v) => form.setFieldValue('trackingNumber', v)}
                error={form.errors.trackingNumber as string | undefined}
              />
            )}
            {form.values.carrier === 'freight' && (
              <SimpleGrid cols={2}>
                <NumberInput label="Pallets" min={1} {...form.getInputProps('pallets')} />
                <TextInput
                  label="Freight class"
                  placeholder="e.g. 60"
                  {...form.getInputProps('freightClass')}
                />
              </SimpleGrid>
            )}
            <Text fw={600} size="sm">
              Ship to
            </Text>
            {addresses.length > 0 && (
              <Select
                label="Saved address"
                placeholder="Pick one of the account's shipping addresses"
                data={addresses.map((a) => ({ value: a.id, label: `${a.label ?? a.line1}, ${a.city}` }))}
                onChange={useAddress}
              />
            )}
            <SimpleGrid cols={2}>
              <TextInput label="Company" {...form.getInputProps('address.name')} />
              <TextInput label="Attention" {...form.getInputProps('address.attention')} />
              <TextInput label="Address line 1" required {...form.getInputProps('address.line1')} />
              <TextInput label="Address line 2" {...form.getInputProps('address.line2')} />
              <TextInput label="City" required {...form.getInputProps('address.city')} />
              <Group grow>
                <TextInput label="State" required {...form.getInputProps('address.region')} />
                <TextInput label="ZIP" required {...form.getInputProps('address.postalCode')} />
              </Group>
            </SimpleGrid>
            <Text fw={600} size="sm">
              Packages
            </Text>
            {form.values.packages.map((_, i) => (
              <Group key={i} gap="xs" align="flex-end">
                <NumberInput
                  label="Weight (lb)"
                  required
                  w={110}
                  min={0.1}
                  decimalScale={2}
                  {...form.getInputProps(`packages.${i}.weightLb`)}
                />
                <NumberInput
                  label="L (in)"
                  w={80}
                  min={0}
                  {...form.getInputProps(`packages.${i}.lengthIn`)}
                />
                <NumberInput label="W (in)" w={80} min={0} {...form.getInputProps(`packages.${i}.widthIn`)} />
                <NumberInput
                  label="H (in)"
                  w={80}
                  min={0}
                  {...form.getInputProps(`packages.${i}.heightIn`)}
                />
                {form.values.packages.length > 1 && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove package ${i + 1}`}
                    onClick={() => form.removeListItem('packages', i)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
            ))}
            <Button
              variant="subtle"
              size="xs"
              w="fit-content"
              onClick={() => form.insertListItem('packages', { ...emptyPackage })}
            >
              Add a package
            </Button>
            <Text fw={600} size="sm">
              Items in this shipment
            </Text>
            {job.items.map((item, i) => (
              <Group key={item.id} gap="xs">
                <Checkbox
                  label={`${item.position}. ${productTypeLabels[item.productType]}${item.description ? ` — ${item.description}` : ''}`}
                  {...form.getInputProps(`items.${i}.include`, { type: 'checkbox' })}
                />
                <NumberInput
                  aria-label={`Quantity of item ${item.position}`}
                  w={110}
                  min={1}
                  {...form.getInputProps(`items.${i}.quantity`)}
                />
              </Group>
            ))}
            <Checkbox
              label="E-mail the client the tracking link when it ships"
              {...form.getInputProps('notifyClient', { type: 'checkbox' })}
            />
            <Group justify="flex-end">
              <Button type="submit">Plan shipment</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
