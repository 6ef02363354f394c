import {
  Button,
  ColorInput,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { ImageUpload } from './image-upload';
import { useForm } from '@mantine/form';
import { BudgetPeriod, PortalInput, type Portal } from '../../../shared/portals';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useSavePortal } from '../../data/portals';
import { humanize } from '../../app/ui';
import { AccountPicker, toCents, toDollars, useAccount } from './account-picker';

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const initial = (p?: Portal) => ({
  accountId: p?.account.id ?? (null as string | null),
  slug: p?.slug ?? '',
  name: p?.name ?? '',
  welcomeText: p?.welcomeText ?? '',
  logoUrl: p?.logoUrl ?? '',
  primaryColour: p?.primaryColour ?? '#1f6feb',
  showPrices: p?.showPrices ?? true,
  active: p?.active ?? true,
  approvalAbove: toDollars(p?.approvalAboveCents) as number | string,
  budgetPeriod: p?.budgetPeriod ?? 'month',
  fiscalYearStartMonth: String(p?.fiscalYearStartMonth ?? 1),
  shipToAddressIds: p?.shipToAddressIds ?? [],
  allowNewAddresses: p?.allowNewAddresses ?? true,
  cutoffTime: p?.cutoffTime ?? '',
  budgets: Object.fromEntries(
    (p?.budgets ?? []).map((b) => [b.costCentreId, toDollars(b.amountCents)]),
  ) as Record<string, number | string>,
});
type Values = ReturnType<typeof initial>;

const toInput = (v: Values) => ({
  accountId: v.accountId ?? '',
  slug: v.slug,
  name: v.name,
  welcomeText: v.welcomeText.trim() || null,
  logoUrl: v.logoUrl.trim() || null,
  primaryColour: v.primaryColour,
  showPrices: v.showPrices,
  active: v.active,
  approvalAboveCents: toCents(v.approvalAbove),
  budgetPeriod: v.budgetPeriod,
  fiscalYearStartMonth: Number(v.fiscalYearStartMonth),
  shipToAddressIds: v.shipToAddressIds,
  allowNewAddresses: v.allowNewAddresses,
  cutoffTime: v.cutoffTime || null,
  budgets: Object.entries(v.budgets)
    .filter(([, amount]) => amount !== '' && amount !== null)
    .map(([costCentreId, amount]) => ({ costCentreId, amountCents: toCents(amount)! })),
});

/** A portal's settings: account, address, branding, prices, approval rule, budgets, addresses, cut-off. */
export function PortalForm({ portal, onSaved }: { portal?: Portal; onSaved?: (p: Portal) => void }) {
  const savePortal = useSavePortal(portal?.id);
  const form = useForm({
    initialValues: initial(portal),
    validate: zodValidate(PortalInput, toInput as never),
  });
  const account = useAccount(form.values.accountId);
  const shipping = (account.data?.addresses ?? []).filter((a) => a.kind === 'shipping');
  const centres = account.data?.costCentres ?? [];
  const submit = form.onSubmit(async (v) => {
    try {
      const p = await savePortal.mutateAsync(toInput(v));
      saved(`${p.name} saved`);
      form.resetDirty();
      onSaved?.(p);
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <form onSubmit={submit}>
      <Stack>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <AccountPicker
            label="Client account"
            withAsterisk
            disabled={Boolean(portal)}
            value={form.values.accountId}
            error={form.errors.accountId}
            onChange={(id) => {
              form.setFieldValue('accountId', id);
              form.setFieldValue('shipToAddressIds', []);
              form.setFieldValue('budgets', {});
            }}
          />
          <TextInput label="Portal name" withAsterisk {...form.getInputProps('name')} />
          <TextInput
            label="Address"
            withAsterisk
            leftSection={<Text size="xs">/p/</Text>}
            leftSectionWidth={34}
            description="Lower-case letters, digits and dashes"
            {...form.getInputProps('slug')}
          />
          <ColorInput
            label="Colour"
            format="hex"
            swatches={['#1f6feb', '#0b7a3e', '#b42318', '#6941c6', '#c4320a', '#0e7490', '#1d2939']}
            {...form.getInputProps('primaryColour')}
          />
          <TextInput label="Logo URL" placeholder="https://…/logo.png" {...form.getInputProps('logoUrl')} />
          {portal && (
            <ImageUpload label="Logo" url={`/portals/${portal.id}/logo`} current={portal.logoFile} />
          )}
          <TextInput
            label="Order cut-off time"
            type="time"
            description="Later orders count from the next working day"
            {...form.getInputProps('cutoffTime')}
          />
        </SimpleGrid>
        <Textarea label="Welcome text" autosize minRows={2} {...form.getInputProps('welcomeText')} />
        <Group>
          <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
          <Switch label="Show prices" {...form.getInputProps('showPrices', { type: 'checkbox' })} />
          <Switch
            label="Buyers may enter new addresses"
            {...form.getInputProps('allowNewAddresses', { type: 'checkbox' })}
          />
        </Group>
        <MultiSelect
          label="Ship-to addresses buyers may pick"
          description={
            form.values.accountId
              ? shipping.length
                ? 'None chosen: any of the account’s shipping addresses'
                : 'The account has no shipping addresses yet'
              : 'Choose the account first'
          }
          data={shipping.map((a) => ({
            value: a.id,
            label: `${a.label ? `${a.label}: ` : ''}${a.line1}, ${a.city} ${a.region}`,
          }))}
          {...form.getInputProps('shipToAddressIds')}
        />
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <NumberInput
            label="Approval above"
            description="Orders over this total wait for an approver; empty: no such rule"
            prefix="$"
            min={0}
            decimalScale={2}
            thousandSeparator
            {...form.getInputProps('approvalAbove')}
          />
          <Select
            label="Budget period"
            allowDeselect={false}
            data={BudgetPeriod.options.map((p) => ({ value: p, label: humanize(p) }))}
            {...form.getInputProps('budgetPeriod')}
          />
          {form.values.budgetPeriod === 'fiscal_year' && (
            <Select
              label="Fiscal year starts in"
              allowDeselect={false}
              data={months.map((m, i) => ({ value: String(i + 1), label: m }))}
              {...form.getInputProps('fiscalYearStartMonth')}
            />
          )}
        </SimpleGrid>
        <div>
          <Text size="sm" fw={500}>
            Budgets per cost centre ({humanize(form.values.budgetPeriod)})
          </Text>
          <Text size="xs" c="dimmed" mb="xs">
            An order that takes a cost centre over its budget waits for an approver. Empty: no budget.
          </Text>
          {!centres.length ? (
            <Text size="sm" c="dimmed">
              {form.values.accountId ? 'The account has no cost centres.' : 'Choose the account first.'}
            </Text>
          ) : (
            <Table aria-label="Budgets" maw={560}>
              <Table.Tbody>
                {centres.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      {c.name}{' '}
                      <Text span c="dimmed" size="xs">
                        {c.code}
                      </Text>
                    </Table.Td>
                    <Table.Td w={200}>
                      <NumberInput
                        aria-label={`Budget of ${c.name}`}
                        prefix="$"
                        min={0}
                        decimalScale={2}
                        thousandSeparator
                        value={form.values.budgets[c.id] ?? ''}
                        onChange={(v) => form.setFieldValue('budgets', { ...form.values.budgets, [c.id]: v })}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </div>
        <Group justify="flex-end">
          <Button type="submit">{portal ? 'Save settings' : 'Create portal'}</Button>
        </Group>
      </Stack>
    </form>
  );
}
