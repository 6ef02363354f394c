import {
  ActionIcon,
  ColorInput,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { Imposition, Placement, ShopFont } from '../../../shared/vdp';

/** The numbers of one placed field, typed (the keyboard way to place it): position, box, font, fitting rule. */
export function PlacementFields({
  label,
  placement,
  fonts,
  pages,
  selected,
  onChange,
  onRemove,
  onSelect,
}: {
  label: string;
  placement: Placement;
  fonts: ShopFont[];
  pages: number;
  selected: boolean;
  onChange: (p: Placement) => void;
  onRemove: () => void;
  onSelect: () => void;
}) {
  const set =
    <K extends keyof Placement>(key: K) =>
    (value: Placement[K]) =>
      onChange({ ...placement, [key]: value });
  const num = (key: 'x' | 'y' | 'width' | 'size' | 'minSize' | 'maxLines', name: string, min = 0) => (
    <NumberInput
      label={`${label}: ${name}`}
      aria-label={`${label} ${name}`}
      size="xs"
      w={110}
      min={min}
      decimalScale={key === 'maxLines' ? 0 : 1}
      value={placement[key]}
      onChange={(v) => typeof v === 'number' && set(key)(v)}
      onFocus={onSelect}
    />
  );
  return (
    <Paper withBorder p="xs" bg={selected ? 'blue.0' : undefined} onClick={onSelect}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Text fw={600} size="sm">
            {label}
          </Text>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove ${label} from the design`}
            onClick={onRemove}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
        <Group gap="xs" align="flex-end">
          {num('x', 'x (pt)')}
          {num('y', 'y (pt)')}
          {num('width', 'box width (pt)', 4)}
          {num('size', 'size (pt)', 3)}
          {pages > 1 && (
            <Select
              label={`${label}: side`}
              size="xs"
              w={110}
              data={[
                { value: '0', label: 'Front' },
                { value: '1', label: 'Back' },
              ]}
              value={String(placement.page)}
              onChange={(v) => v && set('page')(Number(v))}
              allowDeselect={false}
            />
          )}
        </Group>
        <Group gap="xs" align="flex-end">
          <Select
            label={`${label}: font`}
            size="xs"
            w={200}
            data={fonts.map((f) => ({ value: f.id, label: f.name }))}
            value={placement.fontId}
            onChange={(v) => v && set('fontId')(v)}
            allowDeselect={false}
          />
          <ColorInput
            label={`${label}: colour`}
            size="xs"
            w={130}
            format="hex"
            value={placement.colour}
            onChange={(v) => /^#[0-9a-fA-F]{6}$/.test(v) && set('colour')(v)}
          />
          <SegmentedControl
            size="xs"
            aria-label={`${label}: alignment`}
            data={[
              { value: 'left', label: 'Left' },
              { value: 'center', label: 'Centre' },
              { value: 'right', label: 'Right' },
            ]}
            value={placement.align}
            onChange={(v) => set('align')(v as Placement['align'])}
          />
        </Group>
        <Group gap="xs" align="flex-end">
          <Select
            label={`${label}: long text`}
            size="xs"
            w={200}
            data={[
              { value: 'shrink', label: 'Shrink to fit' },
              { value: 'wrap', label: 'Wrap to lines' },
            ]}
            value={placement.fit}
            onChange={(v) => v && set('fit')(v as Placement['fit'])}
            allowDeselect={false}
          />
          {placement.fit === 'shrink'
            ? num('minSize', 'smallest size (pt)', 3)
            : num('maxLines', 'lines at most', 1)}
        </Group>
      </Stack>
    </Paper>
  );
}

/** The press sheet and spacing of the print-ready PDF. */
export function ImpositionFields({
  value,
  onChange,
}: {
  value: Imposition;
  onChange: (v: Imposition) => void;
}) {
  const field = (key: keyof Imposition, label: string, step: number) => (
    <NumberInput
      label={label}
      size="xs"
      w={150}
      min={0}
      step={step}
      decimalScale={2}
      value={value[key]}
      onChange={(v) => typeof v === 'number' && onChange({ ...value, [key]: v })}
    />
  );
  return (
    <Group gap="xs" align="flex-end">
      {field('sheetWidthIn', 'Sheet width (in)', 1)}
      {field('sheetHeightIn', 'Sheet height (in)', 1)}
      {field('bleedPt', 'Bleed in the design (pt)', 1)}
      {field('gutterPt', 'Gutter (pt)', 1)}
    </Group>
  );
}
