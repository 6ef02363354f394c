import { useState } from 'react';
import { Checkbox, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { periodLabels, type CatalogueEntry, type Period } from '../../../shared/reports';
import { api, qs, type Page } from '../../app/api';

/** One parameter as the catalogue's JSON Schema describes it. */
type Prop = {
  type?: string;
  format?: string;
  enum?: string[];
  default?: unknown;
  title?: string;
  'x-lookup'?: 'account' | 'user' | 'department' | 'vendor';
  'x-labels'?: Record<string, string>;
};
type Schema = { properties?: Record<string, Prop>; required?: string[] };

export type Values = Record<string, unknown>;

/** The parameters' starting values: each one's default. */
export function defaults(entry: CatalogueEntry): Values {
  const props = (entry.parameters as Schema).properties ?? {};
  return Object.fromEntries(
    Object.entries(props)
      .filter(([, p]) => p.default !== undefined)
      .map(([k, p]) => [k, p.default]),
  );
}

/** Drops empty values (an unset optional parameter means "all"). */
export const clean = (values: Values): Values =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '' && v !== null && v !== undefined));

const lookups = {
  user: { path: '/users', label: (x: { name: string }) => x.name },
  department: { path: '/departments', label: (x: { name: string }) => x.name },
  vendor: { path: '/vendors', label: (x: { name: string }) => x.name },
} as const;

function LookupSelect(props: {
  kind: 'user' | 'department' | 'vendor';
  label: string;
  required: boolean;
  value: string | null;
  onChange: (v: string | null) => void;
}) {
  const { path, label } = lookups[props.kind];
  const list = useQuery({
    queryKey: ['report-lookup', props.kind],
    queryFn: () => api.get<Page<{ id: string; name: string }>>(`${path}${qs({ limit: 200 })}`),
  });
  return (
    <Select
      label={props.label}
      placeholder={props.required ? 'Choose…' : 'All'}
      withAsterisk={props.required}
      clearable={!props.required}
      searchable
      data={(list.data?.items ?? []).map((x) => ({ value: x.id, label: label(x) }))}
      value={props.value}
      onChange={props.onChange}
      w={220}
    />
  );
}

function AccountSelect(props: {
  label: string;
  required: boolean;
  value: string | null;
  onChange: (v: string | null) => void;
}) {
  const [search, setSearch] = useState('');
  const [term] = useDebouncedValue(search, 200);
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const found = useQuery({
    queryKey: ['accounts', 'pick', term],
    queryFn: () => api.get<Page<{ id: string; name: string }>>(`/accounts${qs({ q: term, limit: 20 })}`),
  });
  const current = useQuery({
    queryKey: ['account', props.value],
    queryFn: () => api.get<{ id: string; name: string }>(`/accounts/${props.value}`),
    enabled: Boolean(props.value) && chosen?.value !== props.value,
  });
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

/** The report's parameters as form fields, generated from its JSON Schema. */
export function ParamsForm({
  entry,
  values,
  onChange,
}: {
  entry: CatalogueEntry;
  values: Values;
  onChange: (values: Values) => void;
}) {
  const schema = entry.parameters as Schema;
  const required = new Set(schema.required ?? []);
  const set = (key: string, v: unknown) => onChange({ ...values, [key]: v });
  const fields = Object.entries(schema.properties ?? {}).map(([key, p]) => {
    const label = p.title ?? key;
    const value = values[key];
    if ((key === 'from' || key === 'to') && values.period !== 'custom') return null;
    if (p['x-lookup'] === 'account') {
      return (
        <AccountSelect
          key={key}
          label={label}
          required={required.has(key)}
          value={(value as string) ?? null}
          onChange={(v) => set(key, v)}
        />
      );
    }
    if (p['x-lookup']) {
      return (
        <LookupSelect
          key={key}
          kind={p['x-lookup']}
          label={label}
          required={required.has(key)}
          value={(value as string) ?? null}
          onChange={(v) => set(key, v)}
        />
      );
    }
    if (p.enum) {
      const labels = key === 'period' ? (periodLabels as Record<string, string>) : (p['x-labels'] ?? {});
      return (
        <Select
          key={key}
          label={label}
          data={p.enum.map((o) => ({ value: o, label: labels[o] ?? o }))}
          value={(value as string) ?? null}
          onChange={(v) => set(key, v ?? p.default)}
          allowDeselect={false}
          w={key === 'period' ? 230 : 200}
        />
      );
    }
    if (p.type === 'boolean') {
      return (
        <Checkbox
          key={key}
          label={label}
          checked={Boolean(value)}
          onChange={(e) => set(key, e.currentTarget.checked)}
          mb={8}
        />
      );
    }
    return (
      <TextInput
        key={key}
        label={label}
        type={p.format === 'date' ? 'date' : 'text'}
        withAsterisk={required.has(key) || (values.period === 'custom' && (key === 'from' || key === 'to'))}
        value={(value as string) ?? ''}
        onChange={(e) => set(key, e.currentTarget.value)}
        w={160}
      />
    );
  });
  return (
    <Group align="flex-end" gap="md">
      {fields}
    </Group>
  );
}

export const periodLabel = (p: unknown) => periodLabels[p as Period] ?? String(p);
