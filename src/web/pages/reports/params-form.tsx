import { lazy, Suspense } from 'react';
import { Checkbox, Group, Select, TextInput } from '@mantine/core';
import { periodLabels, type CatalogueEntry, type Period } from '../../../shared/reports';

// Lookups (accounts, users, departments, vendors) call staff routes: loaded only by a report that has one,
// so the client portal's reports never load them.
const AccountSelect = lazy(() => import('./lookup-selects').then((m) => ({ default: m.AccountSelect })));
const LookupSelect = lazy(() => import('./lookup-selects').then((m) => ({ default: m.LookupSelect })));

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
      <Suspense fallback={null}>{fields}</Suspense>
    </Group>
  );
}

export const periodLabel = (p: unknown) => periodLabels[p as Period] ?? String(p);
