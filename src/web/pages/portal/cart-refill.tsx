import { useState } from 'react';
import { ActionIcon, Alert, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconRepeat, IconTrash } from '@tabler/icons-react';
import { useLocation, useNavigate } from 'react-router';
import type { CartRefilled } from '../../../shared/portal-account';
import { reportError, saved } from '../../app/feedback';
import {
  useDeleteSavedCart,
  useReorder,
  useRestoreCart,
  useSaveCart,
  useSavedCarts,
} from '../../data/portal-account';
import { dateOnly } from './order-bits';
import { usePortal } from './portal-auth';

type Skipped = CartRefilled['skipped'];

/** "Order again": the order's lines go into the cart at today's prices; the cart says what was left out. */
export function ReorderButton({ orderId }: { orderId: string }) {
  const { slug, to } = usePortal();
  const navigate = useNavigate();
  const reorder = useReorder(slug);
  return (
    <Button
      variant="light"
      leftSection={<IconRepeat size={16} />}
      loading={reorder.isPending}
      onClick={() =>
        reorder.mutate(orderId, {
          onSuccess: (r) => navigate(to('/cart'), { state: { skipped: r.skipped } }),
          onError: (e) => reportError(e),
        })
      }
    >
      Order again
    </Button>
  );
}

/** What a reorder or a restore could not put back, shown once on the cart. */
export function SkippedNotice() {
  const skipped = (useLocation().state as { skipped?: Skipped } | null)?.skipped;
  if (!skipped?.length) return null;
  return (
    <Alert color="orange" title="Not everything could be added" role="status">
      <Stack gap={2}>
        {skipped.map((s) => (
          <Text key={s.sku} size="sm">
            {s.reason}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

/** Save the cart under a name, and the saved carts to restore (replacing the cart) or delete. */
export function SavedCarts({ cartHasLines }: { cartHasLines: boolean }) {
  const { slug, to } = usePortal();
  const navigate = useNavigate();
  const list = useSavedCarts(slug);
  const save = useSaveCart(slug);
  const restore = useRestoreCart(slug);
  const remove = useDeleteSavedCart(slug);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  return (
    <Card withBorder padding="sm" component="section" aria-label="Saved carts">
      <Stack gap="xs">
        <Text fw={600}>Saved carts</Text>
        {cartHasLines && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!name.trim()) return setError('Give the cart a name');
              save.mutate(name.trim(), {
                onSuccess: (c) => {
                  saved(`Cart saved as “${c.name}”`);
                  setName('');
                  setError(null);
                },
                onError: (err) => setError(err instanceof Error ? err.message : String(err)),
              });
            }}
          >
            <Group align="flex-start" gap="xs" wrap="nowrap">
              <TextInput
                aria-label="Name for this cart"
                placeholder="Name, e.g. Monthly restock"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={error}
                maxLength={80}
                style={{ flex: 1 }}
              />
              <Button type="submit" variant="default" loading={save.isPending}>
                Save cart
              </Button>
            </Group>
          </form>
        )}
        {!items.length ? (
          <Text size="sm" c="dimmed">
            No saved carts yet.
          </Text>
        ) : (
          items.map((c) => (
            <Group key={c.id} justify="space-between" wrap="nowrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} truncate>
                  {c.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {c.lines} {c.lines === 1 ? 'line' : 'lines'}, {c.units.toLocaleString()} items · saved{' '}
                  {dateOnly(c.savedAt)}
                </Text>
              </div>
              <Group gap={4} wrap="nowrap">
                <Button
                  size="compact-sm"
                  variant="light"
                  aria-label={`Restore ${c.name}`}
                  loading={restore.isPending && restore.variables === c.id}
                  onClick={() => {
                    if (cartHasLines && !window.confirm(`Replace your cart with “${c.name}”?`)) return;
                    restore.mutate(c.id, {
                      onSuccess: (r) =>
                        navigate(to('/cart'), { replace: true, state: { skipped: r.skipped } }),
                      onError: (e) => reportError(e),
                    });
                  }}
                >
                  Restore
                </Button>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Delete saved cart ${c.name}`}
                  onClick={() => {
                    if (window.confirm(`Delete the saved cart “${c.name}”?`))
                      remove.mutate(c.id, { onError: (e) => reportError(e) });
                  }}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Group>
          ))
        )}
      </Stack>
    </Card>
  );
}
