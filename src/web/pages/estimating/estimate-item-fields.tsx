import { useState } from 'react';
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Material } from '../../../shared/purchasing';
import { useEstimatingOperations, usePaperPick } from '../../data/estimating';
import type { EstimateItemDraft } from './estimate-item-draft';
import { dollars, type Blank } from './money';

// The quote screen takes the draft model from here too, with the fields.
export { emptyEstimateItem, toEstimateItem, type EstimateItemDraft } from './estimate-item-draft';
import { perLabels } from './operations-tab';

const paperLabel = (m: Material) => {
  const size =
    m.spec.width && m.spec.height ? `${m.spec.width}×${m.spec.height} ${m.spec.sizeUnit}` : 'no size';
  const cost = m.unitCostCents === null ? 'no cost' : `${dollars(m.unitCostCents * 1000)}/M`;
  return `${m.name} (${m.sku}) — ${size}, ${cost}`;
};

/**
 * The specs of one item to price: size, inks, paper (catalogue or typed), operations, outside services,
 * postage and up to five quantities. `errors` are the server's, keyed by the item's API field paths
 * (`flatSize.width`, `paper.costPerThousandCents`, `quantities`…).
 */
export function EstimateItemFields({
  value,
  onChange,
  errors = {},
  label = 'Item',
  forProduct = false,
}: {
  value: EstimateItemDraft;
  onChange: (next: EstimateItemDraft) => void;
  errors?: Record<string, string>;
  label?: string;
  /** A portal product's specs: no description, postage or quantities (the product and the order give them). */
  forProduct?: boolean;
}) {
  const operations = useEstimatingOperations();
  const [search, setSearch] = useState('');
  const [term] = useDebouncedValue(search, 200);
  const papers = usePaperPick(term);
  const set = <K extends keyof EstimateItemDraft>(key: K, v: EstimateItemDraft[K]) =>
    onChange({ ...value, [key]: v });
  const err = (path: string) => errors[path];
  const paperOptions = (papers.data?.items ?? []).map((m) => ({ value: m.id, label: paperLabel(m) }));
  if (value.paper.materialId && !paperOptions.some((o) => o.value === value.paper.materialId))
    paperOptions.unshift({ value: value.paper.materialId, label: value.paper.materialLabel });
  // The server numbers the quantities it was sent, blanks left out.
  const sent = value.quantities.flatMap((q, i) => (q === '' ? [] : [i]));
  const active = (operations.data?.items ?? []).filter((o) => o.active || value.operationIds.includes(o.id));

  return (
    <Stack gap="sm">
      {!forProduct && (
        <TextInput
          label="Description"
          placeholder="Tri-fold brochure"
          value={value.description}
          error={err('description')}
          onChange={(e) => set('description', e.currentTarget.value)}
        />
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <NumberInput
          label="Flat width"
          min={0}
          decimalScale={3}
          value={value.flatSize.width}
          error={err('flatSize.width') ?? err('flatSize')}
          onChange={(v) => set('flatSize', { ...value.flatSize, width: v as Blank })}
        />
        <NumberInput
          label="Flat height"
          min={0}
          decimalScale={3}
          value={value.flatSize.height}
          error={err('flatSize.height')}
          onChange={(v) => set('flatSize', { ...value.flatSize, height: v as Blank })}
        />
        <Select
          label="Unit"
          allowDeselect={false}
          data={[
            { value: 'in', label: 'inches' },
            { value: 'mm', label: 'mm' },
          ]}
          value={value.flatSize.unit}
          onChange={(u) => u && set('flatSize', { ...value.flatSize, unit: u as 'in' | 'mm' })}
        />
        <NumberInput
          label="Flats per copy"
          description="Sheets of pages per copy"
          min={1}
          allowDecimal={false}
          value={value.flatsPerCopy}
          error={err('flatsPerCopy')}
          onChange={(v) => set('flatsPerCopy', v as Blank)}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <NumberInput
          label="Inks front"
          min={0}
          max={8}
          allowDecimal={false}
          value={value.inks.front}
          error={err('inks.front') ?? err('inks')}
          onChange={(v) => set('inks', { ...value.inks, front: v as Blank })}
        />
        <NumberInput
          label="Inks back"
          min={0}
          max={8}
          allowDecimal={false}
          value={value.inks.back}
          error={err('inks.back')}
          onChange={(v) => set('inks', { ...value.inks, back: v as Blank })}
        />
        <TagsInput
          label="Spot colours"
          description="Type a name, then Enter"
          placeholder="PMS 286"
          value={value.inks.spots}
          error={err('inks.spots')}
          onChange={(spots) => set('inks', { ...value.inks, spots })}
          style={{ gridColumn: 'span 2' }}
        />
      </SimpleGrid>

      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Paper
        </Text>
        <SegmentedControl
          w="fit-content"
          aria-label={`${label} paper source`}
          data={[
            { value: 'catalogue', label: 'From the catalogue' },
            { value: 'typed', label: 'Typed' },
          ]}
          value={value.paper.source}
          onChange={(s) => set('paper', { ...value.paper, source: s as 'catalogue' | 'typed' })}
        />
        {value.paper.source === 'catalogue' ? (
          <Select
            label="Catalogue paper"
            placeholder="Search papers by name or SKU"
            searchable
            clearable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            nothingFoundMessage="No paper found"
            data={paperOptions}
            value={value.paper.materialId}
            error={err('paper.materialId') ?? err('paper')}
            onChange={(id, option) =>
              set('paper', { ...value.paper, materialId: id, materialLabel: option?.label ?? '' })
            }
          />
        ) : (
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <TextInput
              label="Paper name"
              placeholder="100 lb gloss text"
              value={value.paper.name}
              error={err('paper.name') ?? err('paper')}
              onChange={(e) => set('paper', { ...value.paper, name: e.currentTarget.value })}
            />
            <NumberInput
              label="Sheet width (in)"
              min={0}
              decimalScale={3}
              value={value.paper.width}
              error={err('paper.width')}
              onChange={(v) => set('paper', { ...value.paper, width: v as Blank })}
            />
            <NumberInput
              label="Sheet height (in)"
              min={0}
              decimalScale={3}
              value={value.paper.height}
              error={err('paper.height')}
              onChange={(v) => set('paper', { ...value.paper, height: v as Blank })}
            />
            <NumberInput
              label="Price per 1,000 sheets ($)"
              min={0}
              decimalScale={2}
              thousandSeparator=","
              value={value.paper.costPerThousand}
              error={err('paper.costPerThousandCents')}
              onChange={(v) => set('paper', { ...value.paper, costPerThousand: v as Blank })}
            />
          </SimpleGrid>
        )}
      </Stack>

      <Checkbox.Group
        label="Operations"
        description={active.length ? undefined : 'No finishing or mailing operations in the cost model'}
        value={value.operationIds}
        error={err('operationIds')}
        onChange={(ids) => set('operationIds', ids)}
      >
        <Group mt={4} gap="md">
          {active.map((o) => (
            <Checkbox
              key={o.id}
              value={o.id}
              label={o.name}
              description={`${dollars(o.setupCents)} + ${dollars(o.rateCents, 4)} ${perLabels[o.per]}`}
            />
          ))}
        </Group>
      </Checkbox.Group>

      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Outside services
        </Text>
        {value.outside.map((o, i) => (
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              label={`Service ${i + 1}`}
              placeholder="Foil stamping by a trade shop"
              style={{ flex: 1 }}
              value={o.description}
              error={err(`outside.${i}.description`)}
              onChange={(e) =>
                set(
                  'outside',
                  value.outside.map((x, j) => (j === i ? { ...x, description: e.currentTarget.value } : x)),
                )
              }
            />
            <NumberInput
              label={`Cost ${i + 1} ($)`}
              min={0}
              decimalScale={2}
              w={130}
              value={o.cost}
              error={err(`outside.${i}.costCents`)}
              onChange={(v) =>
                set(
                  'outside',
                  value.outside.map((x, j) => (j === i ? { ...x, cost: v as Blank } : x)),
                )
              }
            />
            <ActionIcon
              mt={28}
              variant="subtle"
              color="red"
              aria-label={`Remove service ${i + 1}`}
              onClick={() =>
                set(
                  'outside',
                  value.outside.filter((_, j) => j !== i),
                )
              }
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="xs"
          w="fit-content"
          leftSection={<IconPlus size={14} />}
          disabled={value.outside.length >= 10}
          onClick={() => set('outside', [...value.outside, { description: '', cost: '' }])}
        >
          Add an outside service
        </Button>
      </Stack>

      {!forProduct && (
        <>
          <NumberInput
            label="Postage per piece ($)"
            description="Passed through: not marked up or taxed"
            min={0}
            decimalScale={4}
            maw={220}
            value={value.postagePerPiece}
            error={err('postageCentsPerPiece')}
            onChange={(v) => set('postagePerPiece', v as Blank)}
          />
          <Stack gap={4}>
            <SimpleGrid cols={{ base: 2, sm: 5 }}>
              {value.quantities.map((q, i) => (
                <NumberInput
                  key={i}
                  label={`Quantity ${i + 1}`}
                  min={1}
                  allowDecimal={false}
                  thousandSeparator=","
                  value={q}
                  error={err(`quantities.${sent.indexOf(i)}`)}
                  onChange={(v) =>
                    set(
                      'quantities',
                      value.quantities.map((x, j) => (j === i ? (v as Blank) : x)),
                    )
                  }
                />
              ))}
            </SimpleGrid>
            {err('quantities') && (
              <Text size="sm" c="red" role="alert">
                {err('quantities')}
              </Text>
            )}
          </Stack>
        </>
      )}
    </Stack>
  );
}
