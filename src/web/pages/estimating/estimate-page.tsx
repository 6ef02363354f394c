import { useState } from 'react';
import { Alert, Button, Card, Group, Stack, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { ApiError } from '../../app/api';
import { PageHeader } from '../../app/ui';
import { useEstimate } from '../../data/estimating';
import { AccountPricing } from './account-pricing';
import {
  EstimateItemFields,
  emptyEstimateItem,
  toEstimateItem,
  type EstimateItemDraft,
} from './estimate-item-fields';
import { EstimateResult } from './estimate-result';

/** The server's field errors of each item, keyed by the item's own paths (`body.items.0.flatSize.width`). */
function itemErrors(err: unknown, count: number): Record<string, string>[] {
  const out = Array.from({ length: count }, () => ({}) as Record<string, string>);
  if (!(err instanceof ApiError)) return out;
  for (const e of err.problem.errors ?? []) {
    const m = /^(?:body\.)?items\.(\d+)\.?(.*)$/.exec(e.path);
    if (m && out[Number(m[1])]) out[Number(m[1])]![m[2] ?? ''] ??= e.message;
  }
  return out;
}

/** "Price a job": an account (optional) and items at up to five quantities, priced by the estimating engine. */
export function EstimatePage() {
  const [accountId, setAccountId] = useState<string | null>(null);
  const [items, setItems] = useState<EstimateItemDraft[]>([emptyEstimateItem()]);
  const estimate = useEstimate();
  const errors = itemErrors(estimate.error, items.length);
  const price = () => estimate.mutate({ accountId, items: items.map(toEstimateItem) });

  return (
    <>
      <PageHeader
        title="Price a job"
        sub="Prices come from the cost model (Admin → Estimating); nothing here is saved."
      />
      <Stack>
        <Card withBorder>
          <AccountPricing accountId={accountId} onChange={setAccountId} />
        </Card>
        {items.map((item, i) => (
          <Card withBorder key={i} component="section" aria-label={`Item ${i + 1}`}>
            <Group justify="space-between" mb="xs">
              <Title order={4}>Item {i + 1}</Title>
              {items.length > 1 && (
                <Button
                  variant="subtle"
                  color="red"
                  size="xs"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => setItems(items.filter((_, j) => j !== i))}
                >
                  Remove item {i + 1}
                </Button>
              )}
            </Group>
            <EstimateItemFields
              label={`Item ${i + 1}`}
              value={item}
              errors={errors[i]}
              onChange={(next) => setItems(items.map((x, j) => (j === i ? next : x)))}
            />
          </Card>
        ))}
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} />}
            disabled={items.length >= 20}
            onClick={() => setItems([...items, emptyEstimateItem()])}
          >
            Add an item
          </Button>
          <Button onClick={price} loading={estimate.isPending}>
            Price
          </Button>
        </Group>
        {estimate.error && (
          <Alert color="red" title="Cannot price this" role="alert" style={{ whiteSpace: 'pre-line' }}>
            {estimate.error.message}
          </Alert>
        )}
        {estimate.data && !estimate.error && <EstimateResult estimate={estimate.data} />}
      </Stack>
    </>
  );
}
