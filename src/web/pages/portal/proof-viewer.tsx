import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Box, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Product } from '../../../shared/portals';
import { portalApi } from '../../data/portal';
import { usePortal } from './portal-auth';

type Field = Product['fields'][number];

/** The required fields still empty: the proof waits for them. */
export const missingFields = (fields: Field[], values: Record<string, string>) =>
  fields.filter((f) => f.required && !values[f.name]?.trim());

/** A stable text of the values, to tell whether the proof on screen shows what is typed now. */
export const valuesKey = (values: Record<string, string>) =>
  JSON.stringify(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));

/**
 * The live PDF proof of a variable-data product, rendered by the server from the values typed so far.
 * It re-renders a moment after typing stops; `onShown` reports which values the proof on screen shows.
 */
export function ProofViewer({
  productId,
  fields,
  values,
  onShown,
  height = 420,
}: {
  productId: string;
  fields: Field[];
  values: Record<string, string>;
  onShown?: (key: string | null) => void;
  height?: number;
}) {
  const { slug } = usePortal();
  const [debounced] = useDebouncedValue(values, 600);
  const [pdf, setPdf] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shown = useRef(onShown);
  shown.current = onShown;
  const missing = missingFields(fields, debounced);
  const key = valuesKey(debounced);

  useEffect(() => {
    if (missing.length) {
      shown.current?.(null);
      return;
    }
    const abort = new AbortController();
    let objectUrl: string | null = null;
    setBusy(true);
    setError(null);
    portalApi
      .proof(slug, productId, debounced, abort.signal)
      .then((blob) => {
        objectUrl = URL.createObjectURL(blob);
        setPdf(objectUrl);
        shown.current?.(key);
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        setError(err instanceof Error ? err.message : String(err));
        shown.current?.(null);
      })
      .finally(() => {
        if (!abort.signal.aborted) setBusy(false);
      });
    return () => {
      abort.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
    // The values are compared by their text (`key`), not by object identity.
  }, [key, productId, missing.length]);

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600}>Proof</Text>
        <Group gap="xs">
          {busy && <Loader size="xs" aria-label="Updating the proof" />}
          {pdf && !busy && (
            <Anchor href={pdf} target="_blank" rel="noreferrer" size="sm">
              Open the proof
            </Anchor>
          )}
        </Group>
      </Group>
      {missing.length > 0 ? (
        <Center h={160} bg="gray.1" style={{ borderRadius: 8 }} p="md">
          <Text c="dimmed" size="sm" ta="center">
            Fill in {missing.map((f) => f.label).join(', ')} to see your proof.
          </Text>
        </Center>
      ) : error ? (
        <Alert color="red" title="The proof cannot be shown">
          {error}
        </Alert>
      ) : pdf ? (
        <Box
          component="iframe"
          src={`${pdf}#toolbar=0&navpanes=0&view=FitH`}
          title="Proof of your item"
          w="100%"
          h={height}
          style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, background: '#fff' }}
        />
      ) : (
        <Center h={160} bg="gray.1" style={{ borderRadius: 8 }}>
          <Loader size="sm" />
        </Center>
      )}
    </Stack>
  );
}
