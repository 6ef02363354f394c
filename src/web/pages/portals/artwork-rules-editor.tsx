import {
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
} from '@mantine/core';
import { ArtworkRules, PreflightCheck, preflightCheckLabels, type Severity } from '../../../shared/artwork';

/**
 * A print-on-demand product's artwork rules: whether the buyer uploads a PDF, the bleed, pages, resolution and
 * colour it must have, and which findings block the order or only warn.
 */
export function ArtworkRulesEditor(props: {
  value: ArtworkRules | null;
  onChange: (rules: ArtworkRules | null) => void;
}) {
  const { value, onChange } = props;
  const set = (patch: Partial<ArtworkRules>) => onChange({ ...value!, ...patch });
  return (
    <Stack gap="sm">
      <Switch
        label="The buyer uploads their own artwork (a PDF, checked before it can be ordered)"
        checked={value !== null}
        onChange={(e) => onChange(e.currentTarget.checked ? ArtworkRules.parse({}) : null)}
      />
      {value && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label="Bleed (in, each side)"
              min={0}
              max={1}
              step={0.0625}
              decimalScale={4}
              value={value.bleedIn}
              onChange={(v) => set({ bleedIn: Number(v) || 0 })}
            />
            <NumberInput
              label="Least resolution (ppi)"
              min={72}
              max={1200}
              allowDecimal={false}
              value={value.minPpi}
              onChange={(v) => set({ minPpi: Number(v) || 300 })}
            />
            <NumberInput
              label="Pages (empty: any)"
              min={1}
              max={500}
              allowDecimal={false}
              value={value.pages ?? ''}
              onChange={(v) => set({ pages: v === '' ? null : Number(v) })}
            />
          </SimpleGrid>
          <Group>
            <Checkbox
              label="Artwork is required to order"
              checked={value.required}
              onChange={(e) => set({ required: e.currentTarget.checked })}
            />
            <Checkbox
              label="The press prints CMYK (RGB is a finding)"
              checked={value.cmykOnly}
              onChange={(e) => set({ cmykOnly: e.currentTarget.checked })}
            />
          </Group>
          <Text size="sm" fw={500}>
            When a check fails
          </Text>
          {PreflightCheck.options.map((check) => (
            <Group key={check} justify="space-between" wrap="wrap" gap="xs">
              <Text size="sm">{preflightCheckLabels[check]}</Text>
              <SegmentedControl
                size="xs"
                aria-label={`${preflightCheckLabels[check]}: when it fails`}
                data={[
                  { value: 'block', label: 'Blocks the order' },
                  { value: 'warn', label: 'Warns' },
                ]}
                value={value.severity[check]}
                onChange={(v) => set({ severity: { ...value.severity, [check]: v as Severity } })}
              />
            </Group>
          ))}
        </>
      )}
    </Stack>
  );
}
