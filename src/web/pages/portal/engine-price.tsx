import { Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useProductPrice } from '../../data/portal-prices';
import { money } from '../estimating/money';

/**
 * The price of the quantity the buyer typed, for a product the estimating engine prices: asked of the server
 * (the shop's cost model stays there) once typing pauses.
 */
export function EnginePrice({
  slug,
  productId,
  quantity,
}: {
  slug: string;
  productId: string;
  quantity: number | null;
}) {
  const [settled] = useDebouncedValue(quantity, 300);
  const price = useProductPrice(slug, productId, settled);
  if (quantity === null) return null;
  if (price.isLoading || settled !== quantity) return <Loader size="xs" aria-label="Pricing the quantity" />;
  if (!price.data || price.data.amountCents === null) return null;
  const { amountCents } = price.data;
  return (
    <Text fw={700} size="lg" aria-live="polite">
      {money(amountCents)}{' '}
      <Text span size="sm" c="dimmed" fw={400}>
        for {quantity.toLocaleString('en-US')} ({money(amountCents / quantity)} each)
      </Text>
    </Text>
  );
}
