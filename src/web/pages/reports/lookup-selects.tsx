import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useAccount, useAccountPick } from '../../data/accounts';
import { useDepartments } from '../../data/departments';
import { useAllVendors } from '../../data/purchasing';
import { useUsers } from '../../data/users';

/** The options of each lookup: every user, department or vendor (at most 200). */
function useLookup(kind: 'user' | 'department' | 'vendor') {
  const users = useUsers(kind === 'user');
  const departments = useDepartments(kind === 'department');
  const vendors = useAllVendors(kind === 'vendor');
  return { user: users, department: departments, vendor: vendors }[kind];
}

/** A select of users, departments or vendors for a report parameter. */
export function LookupSelect(props: {
  kind: 'user' | 'department' | 'vendor';
  label: string;
  required: boolean;
  value: string | null;
  onChange: (v: string | null) => void;
}) {
  const list = useLookup(props.kind);
  return (
    <Select
      label={props.label}
      placeholder={props.required ? 'Choose…' : 'All'}
      withAsterisk={props.required}
      clearable={!props.required}
      searchable
      data={(list.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
      value={props.value}
      onChange={props.onChange}
      w={220}
    />
  );
}

/** A searchable account select for a report parameter; keeps the chosen account among the options. */
export function AccountSelect(props: {
  label: string;
  required: boolean;
  value: string | null;
  onChange: (v: string | null) => void;
}) {
  const [search, setSearch] = useState('');
  const [term] = useDebouncedValue(search, 200);
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const found = useAccountPick(term);
  const current = useAccount(chosen?.value !== props.value ? props.value : null);
  const options = (found.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }));
  const selected =
    chosen?.value === props.value
      ? chosen
      : current.data
        ? { value: current.data.id, label: current.data.name }
        : null;
  if (selected && !options.some((o) => o.value === selected.value)) options.unshift(selected);
  return (
    <Select
      label={props.label}
      placeholder="Search accounts"
      withAsterisk={props.required}
      clearable={!props.required}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      nothingFoundMessage="No account found"
      data={options}
      value={props.value}
      onChange={(v, option) => {
        setChosen(option ? { value: option.value, label: option.label } : null);
        props.onChange(v);
      }}
      w={260}
    />
  );
}
