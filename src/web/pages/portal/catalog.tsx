import { useMemo, useState } from 'react';
import {
  AspectRatio,
  Badge,
  Box,
  Card,
  Chip,
  Group,
  Image,
  ScrollArea,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPackage, IconSearch, IconStarFilled } from '@tabler/icons-react';
import { Link } from 'react-router';
import { productKindLabels, type Product } from '../../../shared/portals';
import { ErrorBox, LoadMore, Loading } from '../../app/ui';
import { useCatalog, useWholeCatalog } from '../../data/portal';
import { useFavourites } from '../../data/portal-account';
import { money } from './order-bits';
import { usePortal, usePortalSession } from './portal-auth';

/** "In stock: 40", "Out of stock" or "Made to order". */
export function Availability({ product }: { product: Product }) {
  if (product.available === null) {
    return (
      <Badge variant="light" color="gray" style={{ overflow: 'visible' }}>
        Made to order
      </Badge>
    );
  }
  if (product.available <= 0) {
    return (
      <Badge variant="light" color="red" style={{ overflow: 'visible' }}>
        Out of stock
      </Badge>
    );
  }
  return (
    <Badge variant="light" color="teal" style={{ overflow: 'visible' }}>
      {product.available.toLocaleString()} available
    </Badge>
  );
}

/** The price a buyer reads on a card: the unit price, or "from" the lowest price break. */
export function priceText(p: Product): string | null {
  if (p.unitPriceCents === null) return null;
  if (p.pricedByEngine) return 'Priced by quantity';
  const lowest = Math.min(p.unitPriceCents, ...p.priceBreaks.map((b) => b.unitPriceCents));
  return lowest < p.unitPriceCents ? `from ${money(lowest)} each` : `${money(p.unitPriceCents)} each`;
}

export function ProductImage({ product, height }: { product: Product; height?: number }) {
  // An uploaded image first; a typed URL is the older fallback.
  const src = product.imageFile?.url ?? product.imageUrl;
  return src ? (
    <Image src={src} alt="" h={height} fit="contain" bg="gray.1" />
  ) : (
    <Box
      bg="var(--mantine-color-brand-0)"
      h={height ?? '100%'}
      style={{ display: 'grid', placeItems: 'center' }}
      aria-hidden
    >
      <IconPackage size={40} color="var(--mantine-color-brand-light-color)" stroke={1.3} />
    </Box>
  );
}

function ProductCard({ product, starred }: { product: Product; starred: boolean }) {
  const { to } = usePortal();
  const price = priceText(product);
  return (
    <Card
      withBorder
      padding="sm"
      component={Link}
      to={to(`/catalog/${product.id}`)}
      style={{ textDecoration: 'none' }}
      aria-label={product.name}
    >
      <Card.Section>
        <AspectRatio ratio={4 / 3}>
          <ProductImage product={product} />
        </AspectRatio>
      </Card.Section>
      <Stack gap={4} mt="sm">
        <Text fw={600} lineClamp={2}>
          {starred && (
            <IconStarFilled
              size={14}
              aria-label="Favourite"
              color="var(--mantine-color-yellow-6)"
              style={{ marginRight: 4, verticalAlign: -1 }}
            />
          )}
          {product.name}
        </Text>
        <Text size="xs" c="dimmed">
          {product.sku} · {productKindLabels[product.kind]}
        </Text>
        <Group justify="space-between" gap="xs" mt={4}>
          {price ? (
            <Text size="sm" fw={600}>
              {price}
            </Text>
          ) : (
            <span />
          )}
          <Availability product={product} />
        </Group>
      </Stack>
    </Card>
  );
}

/** The portal's catalogue: what this user may order, searchable and by category. */
export function CatalogPage() {
  const { slug } = usePortal();
  const session = usePortalSession();
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q, 250);
  const [category, setCategory] = useState<string | null>(null);
  const [onlyFavourites, setOnlyFavourites] = useState(false);
  const favourites = useFavourites(slug);
  const starred = new Set(favourites.data?.productIds ?? []);
  const list = useCatalog(slug, {
    q: search,
    category: category ?? undefined,
    favourites: onlyFavourites ? 'true' : undefined,
    limit: 48,
  });
  // Categories come from the whole catalogue, so choosing one does not hide the others.
  const everything = useWholeCatalog(slug);
  const categories = useMemo(
    () => [...new Set((everything.data?.items ?? []).flatMap((p) => p.categories))].sort(),
    [everything.data],
  );
  return (
    <Stack>
      <div>
        <Title order={2}>Catalogue</Title>
        {session.portal.welcomeText && (
          <Text c="dimmed" size="sm" style={{ whiteSpace: 'pre-line' }}>
            {session.portal.welcomeText}
          </Text>
        )}
      </div>
      <TextInput
        placeholder="Search by name or SKU"
        aria-label="Search the catalogue"
        leftSection={<IconSearch size={16} />}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        maw={480}
        type="search"
      />
      <Chip checked={onlyFavourites} onChange={setOnlyFavourites} size="sm" w="fit-content">
        ★ Favourites
      </Chip>
      {categories.length > 0 && (
        <ScrollArea type="never" offsetScrollbars={false}>
          <Chip.Group
            value={category ?? 'all'}
            onChange={(v) => setCategory(v === 'all' ? null : (v as string))}
          >
            <Group gap="xs" wrap="nowrap" role="radiogroup" aria-label="Category">
              <Chip value="all" size="sm">
                All
              </Chip>
              {categories.map((c) => (
                <Chip key={c} value={c} size="sm">
                  {c}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </ScrollArea>
      )}
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : !list.items.length ? (
        <Text c="dimmed">
          {onlyFavourites && !search && !category
            ? 'No favourites yet: star a product on its page to find it here.'
            : search || category || onlyFavourites
              ? 'Nothing matches.'
              : 'There is nothing to order yet.'}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing={{ base: 'xs', sm: 'md' }}>
          {list.items.map((p) => (
            <ProductCard key={p.id} product={p} starred={starred.has(p.id)} />
          ))}
        </SimpleGrid>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
    </Stack>
  );
}
