import { useState } from 'react';
import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useAccount, useAccountPick } from '../../data/accounts';

/** A client account: its cost centres and shipping addresses feed the portal, user and checkout forms. */
export { useAccount };

/** A searchable account select (GET /accounts?q=); keeps the chosen account in the options. */
export function AccountPicker({
  value,
  onChange,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const [search, setSearch] = useState('');
  const [term] = useDebouncedValue(search, 200);
  const accounts = useAccountPick(term);
  const chosen = useAccount(value);
  const options = (accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }));
  if (chosen.data && !options.some((o) => o.value === chosen.data.id))
    options.unshift({ value: chosen.data.id, label: chosen.data.name });
  return (
    <Select
      searchable
      data={options}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage="No account found"
      value={value}
      onChange={onChange}
      {...props}
    />
  );
}

/** Dollars typed in a form ↔ cents in the API. */
export const toCents = (v: number | string | null | undefined) =>
  v === '' || v === null || v === undefined ? null : Math.round(Number(v) * 100);
export const toDollars = (c: number | null | undefined) => (c === null || c === undefined ? '' : c / 100);
