import {
  ActionIcon,
  Button,
  Checkbox,
  Divider,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import {
  accountOwnerRoles,
  CreateAccount,
  segmentLabels,
  statusLabels,
  type Account,
  type Contact,
} from '../../../shared/accounts';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useSaveAccount } from '../../data/accounts';
import { useActiveUsers } from '../../data/users';

type Address = Account['addresses'][number];
type FormAddress = Omit<Address, 'id' | 'label' | 'attention' | 'line2'> & {
  id?: string;
  label: string;
  attention: string;
  line2: string;
};
type FormValues = {
  name: string;
  segment: string;
  status: string;
  ownerId: string | null;
  poRequired: boolean;
  taxExempt: boolean;
  taxExemptCertificate: string;
  taxExemptExpiresOn: string;
  paymentTerms: string;
  tags: string[];
  notes: string;
  addresses: FormAddress[];
  costCentres: { id?: string; name: string; code: string; budgetOwnerContactId: string | null }[];
};

const blank = (s: string) => (s.trim() === '' ? null : s.trim());

/** The request body from the form's values: empty text becomes null, the shape of CreateAccount. */
function toBody(v: FormValues) {
  return {
    ...v,
    taxExemptCertificate: blank(v.taxExemptCertificate),
    taxExemptExpiresOn: blank(v.taxExemptExpiresOn),
    paymentTerms: blank(v.paymentTerms),
    notes: blank(v.notes),
    addresses: v.addresses.map((a) => ({
      ...a,
      label: blank(a.label),
      attention: blank(a.attention),
      line2: blank(a.line2),
    })),
    costCentres: v.costCentres.map((c) => ({ ...c, budgetOwnerContactId: c.budgetOwnerContactId || null })),
  };
}

function fromAccount(a?: Account): FormValues {
  return {
    name: a?.name ?? '',
    segment: a?.segment ?? 'corporate',
    status: a?.status ?? 'active',
    ownerId: a?.owner?.id ?? null,
    poRequired: a?.poRequired ?? false,
    taxExempt: a?.taxExempt ?? false,
    taxExemptCertificate: a?.taxExemptCertificate ?? '',
    taxExemptExpiresOn: a?.taxExemptExpiresOn ?? '',
    paymentTerms: a?.paymentTerms ?? '',
    tags: a?.tags ?? [],
    notes: a?.notes ?? '',
    addresses: (a?.addresses ?? []).map((d) => ({
      ...d,
      label: d.label ?? '',
      attention: d.attention ?? '',
      line2: d.line2 ?? '',
    })),
    costCentres: (a?.costCentres ?? []).map((c) => ({ ...c })),
  };
}

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** Create or edit an account, its addresses and cost centres, with the same rules the server applies. */
export function AccountForm(props: {
  opened: boolean;
  onClose(): void;
  account?: Account;
  contacts?: Contact[];
  onSaved?(a: Account): void;
}) {
  const me = useUser();
  const choosesOwner = can(me.role, 'account.owner.choose');
  // Owners are account managers and managers; an account manager's new account is their own.
  const users = useActiveUsers(choosesOwner);
  const owners = (users.data?.items ?? [])
    .filter((u) => (accountOwnerRoles as readonly string[]).includes(u.role))
    .map((u) => ({ value: u.id, label: u.name }));
  const saveAccount = useSaveAccount(props.account?.id);
  const form = useForm<FormValues>({
    initialValues: fromAccount(props.account),
    validate: zodValidate(CreateAccount, (v: FormValues) => toBody(v)),
  });
  const editing = Boolean(props.account);

  const submit = form.onSubmit(async (values) => {
    try {
      // The form was validated against CreateAccount with the same body; parsing gives the typed request.
      const account = await saveAccount.mutateAsync(CreateAccount.parse(toBody(values)));
      saved(editing ? 'Account saved' : `Created ${account.name}`);
      if (!editing) form.reset();
      props.onClose();
      props.onSaved?.(account);
    } catch (err) {
      reportError(err, form as never);
    }
  });

  const addAddress = (kind: 'billing' | 'shipping') =>
    form.insertListItem('addresses', {
      kind,
      label: '',
      attention: '',
      line1: '',
      line2: '',
      city: '',
      region: '',
      postalCode: '',
      country: 'US',
      isDefault: !form.values.addresses.some((a) => a.kind === kind),
    });

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={editing ? `Edit ${props.account!.name}` : 'New account'}
      size="xl"
    >
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={3}>
            <TextInput label="Account name" withAsterisk data-autofocus {...form.getInputProps('name')} />
            <Select
              label="Segment"
              data={options(segmentLabels)}
              allowDeselect={false}
              {...form.getInputProps('segment')}
            />
            <Select
              label="Status"
              data={options(statusLabels)}
              allowDeselect={false}
              {...form.getInputProps('status')}
            />
            {choosesOwner ? (
              <Select
                label="Account manager"
                placeholder="Nobody yet"
                clearable
                searchable
                data={owners}
                {...form.getInputProps('ownerId')}
              />
            ) : (
              <TextInput
                label="Account manager"
                readOnly
                value={editing ? (props.account!.owner?.name ?? 'Nobody yet') : me.name}
                description={editing ? undefined : 'Accounts you create are yours'}
              />
            )}
            <TextInput label="Payment terms" placeholder="Net 30" {...form.getInputProps('paymentTerms')} />
            <TagsInput label="Tags" {...form.getInputProps('tags')} />
          </SimpleGrid>
          <Group>
            <Checkbox
              label="PO number required on every job"
              {...form.getInputProps('poRequired', { type: 'checkbox' })}
            />
            <Checkbox label="Tax exempt" {...form.getInputProps('taxExempt', { type: 'checkbox' })} />
          </Group>
          {form.values.taxExempt && (
            <SimpleGrid cols={2}>
              <TextInput label="Exemption certificate" {...form.getInputProps('taxExemptCertificate')} />
              <DateInput
                label="Certificate expires"
                placeholder="Pick a date"
                valueFormat="YYYY-MM-DD"
                clearable
                {...form.getInputProps('taxExemptExpiresOn')}
                value={form.values.taxExemptExpiresOn || null}
                onChange={(v) => form.setFieldValue('taxExemptExpiresOn', v ?? '')}
              />
            </SimpleGrid>
          )}
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
          <Divider label="Addresses" labelPosition="left" />
          {form.values.addresses.map((a, i) => (
            <Group key={a.id ?? `new-${i}`} align="flex-end" gap="xs" wrap="nowrap">
              <Text size="sm" w={70} fw={500}>
                {a.kind === 'billing' ? 'Billing' : 'Shipping'}
              </Text>
              <TextInput label="Street" {...form.getInputProps(`addresses.${i}.line1`)} />
              <TextInput label="Line 2" w={110} {...form.getInputProps(`addresses.${i}.line2`)} />
              <TextInput label="City" w={130} {...form.getInputProps(`addresses.${i}.city`)} />
              <TextInput label="State" w={70} {...form.getInputProps(`addresses.${i}.region`)} />
              <TextInput label="ZIP" w={90} {...form.getInputProps(`addresses.${i}.postalCode`)} />
              <Checkbox
                label="Default"
                mb={8}
                {...form.getInputProps(`addresses.${i}.isDefault`, { type: 'checkbox' })}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                mb={4}
                aria-label="Remove address"
                onClick={() => form.removeListItem('addresses', i)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          {form.errors.addresses && (
            <Text c="red" size="sm">
              {form.errors.addresses}
            </Text>
          )}
          <Group>
            <Button variant="light" size="xs" onClick={() => addAddress('billing')}>
              Add billing address
            </Button>
            <Button variant="light" size="xs" onClick={() => addAddress('shipping')}>
              Add shipping address
            </Button>
          </Group>
          <Divider label="Cost centres / departments of the client" labelPosition="left" />
          {form.values.costCentres.map((c, i) => (
            <Group key={c.id ?? `new-${i}`} align="flex-end" gap="xs">
              <TextInput label="Name" {...form.getInputProps(`costCentres.${i}.name`)} />
              <TextInput label="Code" w={120} {...form.getInputProps(`costCentres.${i}.code`)} />
              <Select
                label="Budget owner"
                clearable
                w={200}
                data={(props.contacts ?? []).map((p) => ({ value: p.id, label: p.name }))}
                {...form.getInputProps(`costCentres.${i}.budgetOwnerContactId`)}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                mb={4}
                aria-label="Remove cost centre"
                onClick={() => form.removeListItem('costCentres', i)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="light"
              size="xs"
              onClick={() =>
                form.insertListItem('costCentres', { name: '', code: '', budgetOwnerContactId: null })
              }
            >
              Add cost centre
            </Button>
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              {editing ? 'Save' : 'Create account'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
