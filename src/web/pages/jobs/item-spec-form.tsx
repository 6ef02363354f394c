import {
  Autocomplete,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { type Job } from '../../../shared/jobs';
import { useProductTypeOptions } from '../../data/departments';
import { useAllMaterials } from '../../data/purchasing';

/** One item's fields as the form holds them (text and numbers as typed; '' for "not given"). */
export type ItemValues = {
  productType: string;
  quantity: number | string;
  pages: number | string;
  description: string;
  finishedWidth: number | string;
  finishedHeight: number | string;
  flatWidth: number | string;
  flatHeight: number | string;
  unit: string;
  stockName: string;
  stockWeight: string;
  stockFinish: string;
  stockColour: string;
  inkFront: number | string;
  inkBack: number | string;
  spots: string[];
  fold: string;
  binding: string;
  laminate: string;
  operations: string[];
  mailClass: string;
  dropDate: string;
  pieces: number | string;
  proof: string;
  packaging: string;
  price: number | string;
};

const OPERATIONS = [
  { value: 'score', label: 'Score' },
  { value: 'perforate', label: 'Perforate' },
  { value: 'drill', label: 'Drill' },
  { value: 'dieCut', label: 'Die-cut' },
  { value: 'pad', label: 'Pad' },
  { value: 'number', label: 'Number' },
] as const;
const MAIL_CLASSES = [
  { value: 'first_class', label: 'First-Class' },
  { value: 'marketing', label: 'Marketing' },
  { value: 'periodicals', label: 'Periodicals' },
  { value: 'nonprofit', label: 'Nonprofit' },
];

export const newItemValues = (): ItemValues => ({
  productType: 'flat_sheet',
  quantity: 1000,
  pages: '',
  description: '',
  finishedWidth: '',
  finishedHeight: '',
  flatWidth: '',
  flatHeight: '',
  unit: 'in',
  stockName: '',
  stockWeight: '',
  stockFinish: '',
  stockColour: '',
  inkFront: 4,
  inkBack: 0,
  spots: [],
  fold: '',
  binding: '',
  laminate: '',
  operations: [],
  mailClass: '',
  dropDate: '',
  pieces: '',
  proof: 'pdf',
  packaging: '',
  price: '',
});

/** The form's values of an item the job already has. */
export function itemValuesOf(item: Job['items'][number]): ItemValues {
  const s = item.spec;
  const f = s.finishing ?? {};
  return {
    ...newItemValues(),
    productType: item.productType,
    quantity: item.quantity,
    pages: item.pages ?? '',
    description: item.description ?? '',
    finishedWidth: s.finishedSize?.width ?? '',
    finishedHeight: s.finishedSize?.height ?? '',
    flatWidth: s.flatSize?.width ?? '',
    flatHeight: s.flatSize?.height ?? '',
    unit: s.finishedSize?.unit ?? s.flatSize?.unit ?? 'in',
    stockName: s.stock?.name ?? '',
    stockWeight: s.stock?.weight ?? '',
    stockFinish: s.stock?.finish ?? '',
    stockColour: s.stock?.colour ?? '',
    inkFront: s.inks?.front ?? '',
    inkBack: s.inks?.back ?? '',
    spots: s.inks?.spots ?? [],
    fold: f.fold ?? '',
    binding: f.binding ?? '',
    laminate: f.laminate ?? '',
    operations: OPERATIONS.filter((o) => f[o.value]).map((o) => o.value),
    mailClass: s.mailing?.mailClass ?? '',
    dropDate: s.mailing?.dropDate ?? '',
    pieces: s.mailing?.pieces ?? '',
    proof: item.proof,
    packaging: item.packaging ?? '',
    price: item.priceCents === null ? '' : item.priceCents / 100,
  };
}

const num = (v: number | string) => (v === '' ? undefined : Number(v));
const text = (s: string) => s.trim() || undefined;
const size = (w: number | string, h: number | string, unit: string) =>
  w !== '' && h !== '' ? { width: Number(w), height: Number(h), unit } : undefined;

/** The item as the API takes it (`ItemInput`): every spec field the form holds. */
export function itemBodyOf(v: ItemValues) {
  const stock = {
    name: text(v.stockName),
    weight: text(v.stockWeight),
    finish: text(v.stockFinish),
    colour: text(v.stockColour),
  };
  const finishing = {
    fold: text(v.fold),
    binding: text(v.binding),
    laminate: text(v.laminate),
    ...Object.fromEntries(v.operations.map((o) => [o, true])),
  };
  const present = (o: Record<string, unknown>) =>
    Object.values(o).some((x) => x !== undefined) ? o : undefined;
  return {
    productType: v.productType,
    quantity: num(v.quantity),
    pages: num(v.pages) ?? null,
    description: text(v.description) ?? null,
    spec: {
      finishedSize: size(v.finishedWidth, v.finishedHeight, v.unit),
      flatSize: size(v.flatWidth, v.flatHeight, v.unit),
      stock: present(stock),
      // Inks only when some are given: an item without an ink spec keeps none.
      inks:
        v.inkFront !== '' || v.inkBack !== '' || v.spots.length
          ? { front: Number(v.inkFront) || 0, back: Number(v.inkBack) || 0, spots: v.spots }
          : undefined,
      finishing: present(finishing),
      mailing: v.mailClass
        ? { mailClass: v.mailClass, dropDate: text(v.dropDate), pieces: num(v.pieces) }
        : undefined,
    },
    proof: v.proof,
    packaging: text(v.packaging) ?? null,
    priceCents: v.price === '' ? null : Math.round(Number(v.price) * 100),
  };
}

/** What the fields need of a Mantine form: its input props by path (`items.0.quantity`, or `quantity`). */
type FormLike = { getInputProps(path: string, options?: { type?: 'input' | 'checkbox' }): object };

/**
 * Every field of an item's specification, in the order an estimator reads a spec sheet; the same fields on
 * the new-job form and in the item dialog of a job. Tab moves through them; nothing needs the mouse.
 */
export function ItemSpecFields({ form, path, label }: { form: FormLike; path?: string; label: string }) {
  const p = (k: keyof ItemValues) => form.getInputProps(path ? `${path}.${k}` : k);
  const materials = useAllMaterials();
  const stockNames = [...new Set((materials.data?.items ?? []).map((m) => m.name))];
  const productTypes = useProductTypeOptions((p('productType') as { value?: string }).value);
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 6 }} spacing="xs">
        <Select
          label="Product"
          allowDeselect={false}
          data={productTypes}
          aria-label={`Product of ${label}`}
          {...p('productType')}
        />
        <NumberInput label="Quantity" min={1} thousandSeparator {...p('quantity')} />
        <NumberInput label="Pages" min={1} {...p('pages')} />
        <NumberInput label="Finished width" decimalScale={3} {...p('finishedWidth')} />
        <NumberInput label="Finished height" decimalScale={3} {...p('finishedHeight')} />
        <Select label="Unit" allowDeselect={false} data={['in', 'mm']} {...p('unit')} />
        <NumberInput label="Flat width" decimalScale={3} {...p('flatWidth')} />
        <NumberInput label="Flat height" decimalScale={3} {...p('flatHeight')} />
        <Autocomplete
          label="Stock"
          placeholder="From the catalogue, or type"
          data={stockNames}
          {...p('stockName')}
        />
        <TextInput label="Weight" placeholder="100lb" {...p('stockWeight')} />
        <TextInput label="Finish" placeholder="Gloss" {...p('stockFinish')} />
        <TextInput label="Colour" placeholder="White" {...p('stockColour')} />
        <NumberInput label="Ink front" min={0} max={8} {...p('inkFront')} />
        <NumberInput label="Ink back" min={0} max={8} {...p('inkBack')} />
        <TagsInput label="Spot colours" placeholder="PMS 186 C, Enter" maxTags={8} {...p('spots')} />
        <TextInput label="Fold" placeholder="Tri-fold" {...p('fold')} />
        <TextInput label="Binding" placeholder="Saddle stitch" {...p('binding')} />
        <TextInput label="Laminate" {...p('laminate')} />
      </SimpleGrid>
      <Checkbox.Group label="Finishing operations" {...p('operations')}>
        <Group gap="md" mt={4}>
          {OPERATIONS.map((o) => (
            <Checkbox key={o.value} value={o.value} label={o.label} />
          ))}
        </Group>
      </Checkbox.Group>
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 6 }} spacing="xs">
        <Select label="Mailing" placeholder="Not mailed" clearable data={MAIL_CLASSES} {...p('mailClass')} />
        <TextInput label="Drop date" type="date" {...p('dropDate')} />
        <NumberInput label="Pieces" min={1} thousandSeparator {...p('pieces')} />
        <Select
          label="Proof"
          allowDeselect={false}
          data={[
            { value: 'pdf', label: 'PDF proof' },
            { value: 'hard_copy', label: 'Hard copy' },
            { value: 'none', label: 'No proof' },
          ]}
          {...p('proof')}
        />
        <TextInput label="Packaging" placeholder="Shrink-wrap in 100s" {...p('packaging')} />
        <NumberInput
          label="Price ($)"
          min={0}
          decimalScale={2}
          thousandSeparator
          prefix="$"
          {...p('price')}
        />
      </SimpleGrid>
      <TextInput label="Description" {...p('description')} />
      <Text size="xs" c="dimmed">
        Sizes use the unit chosen; leave a field empty when it does not apply.
      </Text>
    </>
  );
}
