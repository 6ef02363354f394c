import { Select, TextInput } from '@mantine/core';
import { useAccount, useContacts } from '../../data/accounts';
import { shipToOptions } from './ship-to';

type FormLike = { getInputProps(path: string): object };

/**
 * The job's fields that come from its account: contact, cost centre, client PO (marked required where the
 * account requires one) and ship-to; on the new-job form and in the job's Edit dialog.
 */
export function AccountLinkFields({ form, accountId }: { form: FormLike; accountId: string | null }) {
  const account = useAccount(accountId);
  const contacts = useContacts(accountId);
  const poRequired = Boolean(account.data?.poRequired);
  return (
    <>
      <Select
        label="Contact"
        clearable
        data={(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
        {...form.getInputProps('contactId')}
      />
      <Select
        label="Cost centre"
        clearable
        data={(account.data?.costCentres ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }))}
        {...form.getInputProps('costCentreId')}
      />
      <TextInput
        label={poRequired ? 'Client PO (required)' : 'Client PO'}
        withAsterisk={poRequired}
        {...form.getInputProps('clientPo')}
      />
      <Select
        label="Ship to"
        clearable
        data={shipToOptions(account.data?.addresses ?? [])}
        {...form.getInputProps('shipToAddressId')}
      />
    </>
  );
}
