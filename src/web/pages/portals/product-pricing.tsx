import { ActionIcon, Button, Group, NumberInput, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import {
  EstimateItemFields,
  emptyEstimateItem,
  type EstimateItemDraft,
} from '../estimating/estimate-item-fields';

type PricingValues = {
  unitPrice: number | string;
  priceBreaks: { minQuantity: number | string; unitPrice: number | string }[];
  minQuantity: number | string;
  maxQuantity: number | string;
  multipleOf: number | string;
  /** Print on demand priced by the estimating engine: its specs; null when priced by the table. */
  engine: EstimateItemDraft | null;
};

/** The server's errors under `engineSpec.…`, keyed as the item editor names its fields. */
const engineErrors = (errors: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(errors).flatMap(([path, message]) =>
      path.startsWith('engineSpec.') ? [[path.slice('engineSpec.'.length), String(message)]] : [],
    ),
  );

/**
 * A product's price and quantities: a unit price with price breaks, or — for print on demand — the specs the
 * estimating engine prices at whatever quantity the buyer orders (at the account's markup).
 */
export function ProductPricing<V extends PricingValues>({
  form,
  canUseEngine,
}: {
  form: UseFormReturnType<V>;
  canUseEngine: boolean;
}) {
  const f = form as unknown as UseFormReturnType<PricingValues>;
  const engine = canUseEngine ? f.values.engine : null;
  return (
    <>
      {canUseEngine && (
        <Switch
          label="Priced by the estimating engine"
          description="The engine prices the quantity the buyer orders from these specs and the shop's cost model"
          checked={engine !== null}
          onChange={(e) => f.setFieldValue('engine', e.currentTarget.checked ? emptyEstimateItem() : null)}
        />
      )}
      {engine && (
        <section aria-label="What the engine prices">
          <EstimateItemFields
            forProduct
            label="Product"
            value={engine}
            errors={engineErrors(f.errors)}
            onChange={(next) => f.setFieldValue('engine', next)}
          />
        </section>
      )}
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {!engine && (
          <NumberInput
            label="Unit price"
            prefix="$"
            min={0}
            decimalScale={2}
            fixedDecimalScale
            {...f.getInputProps('unitPrice')}
          />
        )}
        <NumberInput label="Minimum quantity" min={1} {...f.getInputProps('minQuantity')} />
        <NumberInput
          label="Maximum quantity"
          min={1}
          placeholder="No maximum"
          {...f.getInputProps('maxQuantity')}
        />
        <NumberInput label="In multiples of" min={1} {...f.getInputProps('multipleOf')} />
      </SimpleGrid>
      {!engine && (
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            Price breaks
          </Text>
          {f.values.priceBreaks.map((_, i) => (
            <Group key={i} gap="xs" align="flex-end">
              <NumberInput
                label="From quantity"
                w={140}
                min={1}
                {...f.getInputProps(`priceBreaks.${i}.minQuantity`)}
              />
              <NumberInput
                label="Unit price"
                prefix="$"
                w={140}
                min={0}
                decimalScale={2}
                fixedDecimalScale
                {...f.getInputProps(`priceBreaks.${i}.unitPrice`)}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                mb={4}
                aria-label={`Remove price break ${i + 1}`}
                onClick={() => f.removeListItem('priceBreaks', i)}
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
            onClick={() => f.insertListItem('priceBreaks', { minQuantity: '', unitPrice: '' })}
          >
            Add a price break
          </Button>
        </Stack>
      )}
    </>
  );
}
