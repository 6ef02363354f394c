import { Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { DeliveryEstimateRequest } from '../../../shared/planning';
import type { Body } from '../../data/http';
import { useDeliveryEstimate } from '../../data/planning';

/** Items as the form holds them; the server checks them (an unfinished one just gives no answer yet). */
type Item = { productType: string; quantity?: number; spec?: unknown };

/**
 * "When can we deliver?": the earliest due date the items' routes fit the shop's current load, under the due
 * date while the AM enters a job, and a warning when the chosen date is earlier.
 */
export function DeliveryHint({ items, dueDate }: { items: Item[]; dueDate: string }) {
  const ready = items.filter((i) => i.productType && (i.quantity ?? 0) > 0);
  const [debounced] = useDebouncedValue(ready, 600);
  const body = { items: debounced } as Body<typeof DeliveryEstimateRequest>;
  const estimate = useDeliveryEstimate(debounced.length ? body : null);
  if (!estimate.data) return null;
  const earliest = estimate.data.earliestDueDate;
  const tooSoon = !!dueDate && dueDate < earliest;
  return (
    <Text size="sm" c={tooSoon ? 'orange' : 'dimmed'} role="status" aria-label="Earliest delivery">
      Earliest delivery with today’s load: {earliest}
      {tooSoon ? ' — the due date above is sooner: the job would start at risk' : ''}
    </Text>
  );
}
