import { useState } from 'react';
import { Button, Group, TextInput } from '@mantine/core';
import type { InventoryItem } from '../../../shared/portals';
import { reportError, saved } from '../../app/feedback';
import { useEditInventoryItem } from '../../data/pick-list';

/** The item's bin location, changed in place by the warehouse (pick lists walk the bins in order). */
export function BinLocation({ item }: { item: InventoryItem }) {
  const edit = useEditInventoryItem(item.id);
  const [value, setValue] = useState(item.location ?? '');
  const changed = value.trim() !== (item.location ?? '');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        edit.mutate(
          { location: value.trim() || null },
          {
            onSuccess: (i) => saved(i.location ? `${i.sku} is in bin ${i.location}` : `${i.sku} has no bin`),
            onError: (err) => reportError(err),
          },
        );
      }}
    >
      <Group align="flex-end" gap="xs">
        <TextInput
          label="Bin location"
          placeholder="e.g. A-03-2"
          value={value}
          maxLength={60}
          onChange={(e) => setValue(e.currentTarget.value)}
          w={180}
        />
        <Button type="submit" variant="default" disabled={!changed} loading={edit.isPending}>
          Save bin
        </Button>
      </Group>
    </form>
  );
}
