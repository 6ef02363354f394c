import { Group, Radio, Stack, Text } from '@mantine/core';
import type { ClientQuote } from '../../../shared/quotes';
import { count, dollars, money } from '../estimating/money';

type Item = ClientQuote['items'][number];

/** The chosen quantity of each item by its id: a number, or null for an option left out. */
export type Choices = Record<string, number | null>;

export const choicesBody = (items: Item[], choices: Choices) =>
  items.map((i) => ({ itemId: i.id, quantity: choices[i.id] ?? null }));

/**
 * One item's quantities as radios (price, postage, tax, total, each), and "Leave out" for an option. Used by
 * the client's page and by staff recording an answer.
 */
export function QuantityChoice({
  item,
  value,
  onChange,
  error,
}: {
  item: Item;
  value: number | null | undefined;
  onChange: (quantity: number | null) => void;
  error?: string;
}) {
  const name = `${item.position}. ${item.description}${item.optional ? ' (option)' : ''}`;
  return (
    <Radio.Group
      label={name}
      error={error}
      value={value === undefined ? null : value === null ? 'none' : String(value)}
      onChange={(v) => onChange(v === 'none' ? null : Number(v))}
    >
      <Stack gap="xs" mt="xs">
        {item.quantities.map((q) => (
          <Radio.Card
            key={q.quantity}
            value={String(q.quantity)}
            p="sm"
            radius="md"
            aria-label={`${count.format(q.quantity)} for ${money(q.totalCents)}`}
          >
            <Group wrap="nowrap" align="flex-start">
              <Radio.Indicator />
              <div style={{ flex: 1 }}>
                <Group justify="space-between" gap="xs">
                  <Text fw={600}>{count.format(q.quantity)}</Text>
                  <Text fw={600}>{money(q.totalCents)}</Text>
                </Group>
                <Text size="xs" c="dimmed">
                  Price {money(q.priceCents)} · postage {money(q.postageCents)} · tax {money(q.taxCents)} ·{' '}
                  {dollars(q.unitCents, 4)} each
                </Text>
              </div>
            </Group>
          </Radio.Card>
        ))}
        {item.optional && (
          <Radio.Card value="none" p="sm" radius="md" aria-label={`Leave out ${item.description}`}>
            <Group wrap="nowrap">
              <Radio.Indicator />
              <Text>Leave out</Text>
            </Group>
          </Radio.Card>
        )}
      </Stack>
    </Radio.Group>
  );
}
