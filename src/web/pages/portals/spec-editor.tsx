import { Group, NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import type { ItemSpec } from '../../../shared/jobs';

/** The print spec fields a portal product fills into its job, flat for a form. */
export type SpecValues = {
  width: number | string;
  height: number | string;
  unit: 'in' | 'mm';
  stock: string;
  weight: string;
  finish: string;
  front: number | string;
  back: number | string;
  fold: string;
  binding: string;
  laminate: string;
};

export const specValues = (s: ItemSpec | undefined): SpecValues => ({
  width: s?.finishedSize?.width ?? '',
  height: s?.finishedSize?.height ?? '',
  unit: s?.finishedSize?.unit ?? 'in',
  stock: s?.stock?.name ?? '',
  weight: s?.stock?.weight ?? '',
  finish: s?.stock?.finish ?? '',
  front: s?.inks?.front ?? 4,
  back: s?.inks?.back ?? 0,
  fold: s?.finishing?.fold ?? '',
  binding: s?.finishing?.binding ?? '',
  laminate: s?.finishing?.laminate ?? '',
});

const text = (s: string) => (s.trim() ? s.trim() : undefined);

/** Back to the shared ItemSpec shape; empty parts are left out. */
export function toSpec(v: SpecValues): ItemSpec {
  const stock = { name: text(v.stock), weight: text(v.weight), finish: text(v.finish) };
  const finishing = { fold: text(v.fold), binding: text(v.binding), laminate: text(v.laminate) };
  return {
    ...(v.width !== '' && v.height !== ''
      ? { finishedSize: { width: Number(v.width), height: Number(v.height), unit: v.unit } }
      : {}),
    ...(Object.values(stock).some(Boolean) ? { stock } : {}),
    inks: { front: Number(v.front) || 0, back: Number(v.back) || 0, spots: [] },
    ...(Object.values(finishing).some(Boolean) ? { finishing } : {}),
  };
}

/** Size, stock, inks and finishing of a print-on-demand or variable-data product. */
export function SpecEditor({ value, onChange }: { value: SpecValues; onChange: (next: SpecValues) => void }) {
  const set =
    <K extends keyof SpecValues>(k: K) =>
    (v: SpecValues[K]) =>
      onChange({ ...value, [k]: v });
  const input = (k: 'stock' | 'weight' | 'finish' | 'fold' | 'binding' | 'laminate') => ({
    value: value[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(k)(e.currentTarget.value),
  });
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }}>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <NumberInput label="Width" decimalScale={3} min={0} value={value.width} onChange={set('width')} />
        <NumberInput label="Height" decimalScale={3} min={0} value={value.height} onChange={set('height')} />
      </Group>
      <Select
        label="Unit"
        allowDeselect={false}
        data={['in', 'mm']}
        value={value.unit}
        onChange={(v) => set('unit')((v ?? 'in') as 'in' | 'mm')}
      />
      <NumberInput label="Ink front" min={0} max={8} value={value.front} onChange={set('front')} />
      <NumberInput label="Ink back" min={0} max={8} value={value.back} onChange={set('back')} />
      <TextInput label="Stock" placeholder="14pt C2S" {...input('stock')} />
      <TextInput label="Weight" placeholder="100# cover" {...input('weight')} />
      <TextInput label="Finish" placeholder="Matte" {...input('finish')} />
      <TextInput label="Fold" {...input('fold')} />
      <TextInput label="Binding" {...input('binding')} />
      <TextInput label="Laminate" {...input('laminate')} />
    </SimpleGrid>
  );
}
