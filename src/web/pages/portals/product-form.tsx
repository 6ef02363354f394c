import {
  ActionIcon,
  Button,
  Checkbox,
  Divider,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useProductTypeOptions } from '../../data/departments';
import {
  ProductInput,
  ProductKind,
  productKindLabels,
  type Portal,
  type Product,
} from '../../../shared/portals';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useAccountInventory, useSaveProduct } from '../../data/portals';
import { toCents, toDollars, useAccount } from './account-picker';
import { SpecEditor, specValues, toSpec } from './spec-editor';
import { ProductPricing } from './product-pricing';
import { ImageUpload } from './image-upload';
import { ArtworkRulesEditor } from './artwork-rules-editor';
import type { ArtworkRules } from '../../../shared/artwork';
import { draftOfEngineSpec, toEngineSpec, type EstimateItemDraft } from '../estimating/estimate-item-draft';

const initial = (p?: Product) => ({
  sku: p?.sku ?? '',
  name: p?.name ?? '',
  description: p?.description ?? '',
  kind: p?.kind ?? ('stocked' as ProductKind),
  categories: p?.categories ?? [],
  imageUrl: p?.imageUrl ?? '',
  unitPrice: toDollars(p?.unitPriceCents ?? 0) as number | string,
  priceBreaks: (p?.priceBreaks ?? []).map((b) => ({
    minQuantity: b.minQuantity as number | string,
    unitPrice: toDollars(b.unitPriceCents) as number | string,
  })),
  minQuantity: (p?.minQuantity ?? 1) as number | string,
  maxQuantity: (p?.maxQuantity ?? '') as number | string,
  multipleOf: (p?.multipleOf ?? 1) as number | string,
  visibleToCostCentreIds: p?.visibleToCostCentreIds ?? [],
  restricted: p?.restricted ?? false,
  activeFrom: p?.activeFrom ?? '',
  activeTo: p?.activeTo ?? '',
  active: p?.active ?? true,
  inventoryItemId: p?.inventoryItemId ?? (null as string | null),
  productType: p?.productType ?? (null as string | null),
  spec: specValues(p?.spec),
  fields: (p?.fields ?? []).map((f) => ({ ...f, maxLength: f.maxLength as number | string })),
  components: (p?.components ?? []).map((c) => ({
    productId: c.productId as string | null,
    quantity: c.quantity as number | string,
  })),
  engine: p?.engineSpec ? draftOfEngineSpec(p.engineSpec) : (null as EstimateItemDraft | null),
  artwork: p?.artwork ?? (null as ArtworkRules | null),
});
type Values = ReturnType<typeof initial>;

const printed = (k: ProductKind) => k === 'print_on_demand' || k === 'variable_data';

function toInput(v: Values) {
  return {
    sku: v.sku,
    name: v.name,
    description: v.description.trim() || null,
    kind: v.kind,
    categories: v.categories,
    imageUrl: v.imageUrl.trim() || null,
    unitPriceCents: toCents(v.unitPrice) ?? 0,
    priceBreaks: v.priceBreaks.map((b) => ({
      minQuantity: Number(b.minQuantity),
      unitPriceCents: toCents(b.unitPrice) ?? 0,
    })),
    minQuantity: Number(v.minQuantity) || 1,
    maxQuantity: v.maxQuantity === '' ? null : Number(v.maxQuantity),
    multipleOf: Number(v.multipleOf) || 1,
    visibleToCostCentreIds: v.visibleToCostCentreIds,
    restricted: v.restricted,
    activeFrom: v.activeFrom || null,
    activeTo: v.activeTo || null,
    active: v.active,
    inventoryItemId: v.kind === 'stocked' ? v.inventoryItemId : null,
    productType: printed(v.kind) ? v.productType : null,
    spec: printed(v.kind) ? toSpec(v.spec) : {},
    fields:
      v.kind === 'variable_data'
        ? v.fields.map((f) => ({
            name: f.name,
            label: f.label,
            required: f.required,
            maxLength: Number(f.maxLength) || 60,
          }))
        : [],
    components:
      v.kind === 'kit'
        ? v.components.map((c) => ({ productId: c.productId ?? '', quantity: Number(c.quantity) }))
        : [],
    engineSpec: v.kind === 'print_on_demand' && v.engine ? toEngineSpec(v.engine) : null,
    artwork: v.kind === 'print_on_demand' ? v.artwork : null,
  };
}

/**
 * The product editor for the four kinds: a stocked item picked from inventory, print on demand with its
 * spec and price breaks, variable data with the fields the buyer fills in, and kits of other products.
 */
export function ProductForm({
  portal,
  product,
  products,
  onSaved,
}: {
  portal: Portal;
  product?: Product;
  products: Product[];
  onSaved: (p: Product) => void;
}) {
  const account = useAccount(portal.account.id);
  const form = useForm({
    initialValues: initial(product),
    validate: zodValidate(ProductInput, toInput as never),
  });
  const kind = form.values.kind;
  const productTypes = useProductTypeOptions(form.values.productType);
  const items = useAccountInventory(portal.account.id, kind === 'stocked');
  const saveProduct = useSaveProduct(portal.id, product?.id);
  const submit = form.onSubmit(async (v) => {
    try {
      // Validated against ProductInput with the same body; parsing gives the typed request.
      const p = await saveProduct.mutateAsync(ProductInput.parse(toInput(v)));
      saved(`${p.sku} saved`);
      onSaved(p);
    } catch (err) {
      reportError(err, form as never);
    }
  });
  const otherProducts = products.filter((p) => p.id !== product?.id && p.kind !== 'kit');
  return (
    <form onSubmit={submit}>
      <Stack>
        <SegmentedControl
          aria-label="Kind"
          data={ProductKind.options.map((k) => ({ value: k, label: productKindLabels[k] }))}
          {...form.getInputProps('kind')}
        />
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <TextInput label="SKU" withAsterisk data-autofocus {...form.getInputProps('sku')} />
          <TextInput label="Name" withAsterisk {...form.getInputProps('name')} />
          <TagsInput label="Categories" placeholder="Enter to add" {...form.getInputProps('categories')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <TextInput label="Image URL" placeholder="https://…" {...form.getInputProps('imageUrl')} />
        </SimpleGrid>
        {product && (
          <ImageUpload
            label="Product image"
            url={`/portals/${product.portalId}/products/${product.id}/image`}
            current={product.imageFile}
          />
        )}

        {kind === 'stocked' && (
          <Select
            label="Inventory item"
            withAsterisk
            searchable
            description="Orders reserve and pick from this item's stock"
            nothingFoundMessage="No inventory item for this account: create it in Inventory first"
            data={(items.data?.items ?? []).map((i) => ({
              value: i.id,
              label: `${i.sku} · ${i.name} (${i.available.toLocaleString()} available)`,
            }))}
            {...form.getInputProps('inventoryItemId')}
          />
        )}
        {printed(kind) && (
          <>
            <Divider label="What the job prints" labelPosition="left" />
            <Select
              label="Product type"
              withAsterisk
              w={260}
              data={productTypes}
              {...form.getInputProps('productType')}
            />
            <SpecEditor value={form.values.spec} onChange={(s) => form.setFieldValue('spec', s)} />
            {kind === 'print_on_demand' && (
              <ArtworkRulesEditor
                value={form.values.artwork}
                onChange={(a) => form.setFieldValue('artwork', a)}
              />
            )}
          </>
        )}
        {kind === 'variable_data' && (
          <>
            <Divider label="Fields the buyer fills in" labelPosition="left" />
            {form.values.fields.map((_, i) => (
              <Group key={i} gap="xs" align="flex-end">
                <TextInput
                  label="Name"
                  placeholder="phone"
                  w={150}
                  {...form.getInputProps(`fields.${i}.name`)}
                />
                <TextInput
                  label="Label"
                  placeholder="Phone"
                  w={200}
                  {...form.getInputProps(`fields.${i}.label`)}
                />
                <NumberInput
                  label="Max length"
                  w={110}
                  min={1}
                  max={200}
                  {...form.getInputProps(`fields.${i}.maxLength`)}
                />
                <Checkbox
                  label="Required"
                  mb={8}
                  {...form.getInputProps(`fields.${i}.required`, { type: 'checkbox' })}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mb={4}
                  aria-label={`Remove field ${i + 1}`}
                  onClick={() => form.removeListItem('fields', i)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Button
              variant="subtle"
              size="xs"
              w="fit-content"
              leftSection={<IconPlus size={14} />}
              onClick={() =>
                form.insertListItem('fields', { name: '', label: '', required: false, maxLength: 60 })
              }
            >
              Add a field
            </Button>
          </>
        )}
        {kind === 'kit' && (
          <>
            <Divider label="Products in the kit" labelPosition="left" />
            {form.values.components.map((_, i) => (
              <Group key={i} gap="xs" align="flex-end">
                <Select
                  label="Product"
                  searchable
                  w={340}
                  data={otherProducts.map((p) => ({ value: p.id, label: `${p.sku} · ${p.name}` }))}
                  {...form.getInputProps(`components.${i}.productId`)}
                />
                <NumberInput
                  label="Quantity"
                  w={110}
                  min={1}
                  {...form.getInputProps(`components.${i}.quantity`)}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mb={4}
                  aria-label={`Remove component ${i + 1}`}
                  onClick={() => form.removeListItem('components', i)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Button
              variant="subtle"
              size="xs"
              w="fit-content"
              leftSection={<IconPlus size={14} />}
              onClick={() => form.insertListItem('components', { productId: null, quantity: 1 })}
            >
              Add a product
            </Button>
          </>
        )}

        <Divider label="Price and quantities" labelPosition="left" />
        <ProductPricing form={form} canUseEngine={kind === 'print_on_demand'} />

        <Divider label="Who sees it and when" labelPosition="left" />
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <MultiSelect
            label="Visible to cost centres"
            description="None chosen: everyone"
            data={(account.data?.costCentres ?? []).map((c) => ({
              value: c.id,
              label: `${c.name} (${c.code})`,
            }))}
            {...form.getInputProps('visibleToCostCentreIds')}
          />
          <TextInput label="Active from" type="date" {...form.getInputProps('activeFrom')} />
          <TextInput label="Active to" type="date" {...form.getInputProps('activeTo')} />
        </SimpleGrid>
        <Group>
          <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
          <Switch
            label="Restricted: every order needs an approver"
            {...form.getInputProps('restricted', { type: 'checkbox' })}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit">{product ? 'Save product' : 'Create product'}</Button>
        </Group>
      </Stack>
    </form>
  );
}
