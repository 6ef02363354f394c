import { useEffect, useState } from 'react';
import { Anchor, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Carrier } from '../../../shared/shipping';
import { shippingApi } from '../../data/shipping';

type Check = Awaited<ReturnType<typeof shippingApi.checkTracking>>;

/** A tracking number field that checks the carrier's format and check digit as the user types. */
export function TrackingInput({
  carrier,
  value,
  onChange,
  autoFocus,
  error,
}: {
  carrier: Carrier;
  value: string;
  onChange: (v: string) => void;
  autoFocus?: boolean;
  error?: string;
}) {
  const [debounced] = useDebouncedValue(value, 300);
  const [check, setCheck] = useState<Check | null>(null);
  useEffect(() => {
    if (!debounced.trim()) {
      setCheck(null);
      return;
    }
    let live = true;
    shippingApi
      .checkTracking({ carrier, trackingNumber: debounced })
      .then((c) => live && setCheck(c))
      .catch(() => live && setCheck(null));
    return () => {
      live = false;
    };
  }, [carrier, debounced]);
  const reference = carrier === 'freight' ? 'PRO number' : 'Tracking number';
  return (
    <TextInput
      label={reference}
      autoFocus={autoFocus}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error ?? (check && !check.ok ? check.message : undefined)}
      description={
        check?.ok && check.url ? (
          <Anchor href={check.url} target="_blank" rel="noreferrer" size="xs">
            Valid{check.service ? ` · ${check.service}` : ''} — open the carrier’s tracking page
          </Anchor>
        ) : undefined
      }
    />
  );
}
