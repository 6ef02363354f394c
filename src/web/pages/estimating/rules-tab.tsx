import { ActionIcon, Button, Card, Group, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { Segment, segmentLabels } from '../../../shared/accounts';
import type { EstimatingRules } from '../../../shared/estimating';
import { reportError, saved } from '../../app/feedback';
import { ErrorBox, Loading } from '../../app/ui';
import { useEstimatingRules, useSaveEstimatingRules } from '../../data/estimating';
import { num, toCents, toDollars, type Blank } from './money';

/** Bleed, gutter, the spoilage table, markups (shop and per segment), minimum charge and tax rate. */
export function RulesTab({ editable }: { editable: boolean }) {
  const rules = useEstimatingRules();
  if (rules.error) return <ErrorBox error={rules.error} />;
  if (!rules.data) return <Loading />;
  return <RulesForm rules={rules.data} editable={editable} />;
}

function RulesForm({ rules, editable }: { rules: EstimatingRules; editable: boolean }) {
  const saveRules = useSaveEstimatingRules();
  // API field names, so the server's errors land on the fields; the minimum charge is typed in dollars.
  const form = useForm({
    initialValues: {
      bleedIn: rules.bleedIn as Blank,
      gutterIn: rules.gutterIn as Blank,
      spoilage: rules.spoilage.map((r) => ({
        fromQuantity: r.fromQuantity as Blank,
        percent: r.percent as Blank,
      })),
      markupPercent: rules.markupPercent as Blank,
      segmentMarkups: Object.fromEntries(
        Segment.options.map((s) => [s, (rules.segmentMarkups[s] ?? '') as Blank]),
      ) as Record<Segment, Blank>,
      minimumChargeCents: toDollars(rules.minimumChargeCents),
      taxRatePercent: rules.taxRatePercent as Blank,
    },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      const next = await saveRules.mutateAsync({
        bleedIn: num(v.bleedIn),
        gutterIn: num(v.gutterIn),
        spoilage: v.spoilage.map((r) => ({ fromQuantity: num(r.fromQuantity), percent: num(r.percent) })),
        markupPercent: num(v.markupPercent),
        segmentMarkups: Object.fromEntries(
          Object.entries(v.segmentMarkups)
            .filter(([, m]) => m !== '')
            .map(([s, m]) => [s, Number(m)]),
        ),
        minimumChargeCents: toCents(v.minimumChargeCents),
        taxRatePercent: num(v.taxRatePercent),
      } as never);
      // The server sorts the spoilage rows; show them as kept.
      form.setFieldValue('spoilage', next.spoilage);
      form.resetDirty();
      saved('Estimating rules saved');
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <form onSubmit={submit}>
      <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack maw={760}>
          <Card withBorder>
            <Title order={4} mb="xs">
              Imposition
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label="Bleed (in)"
                description="Added on every edge of the piece"
                min={0}
                decimalScale={3}
                {...form.getInputProps('bleedIn')}
              />
              <NumberInput
                label="Gutter (in)"
                description="Between pieces on the sheet"
                min={0}
                decimalScale={3}
                {...form.getInputProps('gutterIn')}
              />
            </SimpleGrid>
          </Card>
          <Card withBorder>
            <Title order={4}>Run spoilage</Title>
            <Text size="sm" c="dimmed" mb="xs">
              The row with the largest “from quantity” not above the job’s quantity applies; one row starts at
              0. Make-ready sheets are the press’s own.
            </Text>
            {form.errors.spoilage && (
              <Text size="sm" c="red" role="alert" mb="xs">
                {form.errors.spoilage}
              </Text>
            )}
            <Stack gap="xs">
              {form.values.spoilage.map((_, i) => (
                <Group key={i} gap="xs" align="flex-start">
                  <NumberInput
                    label={`From quantity (row ${i + 1})`}
                    min={0}
                    allowDecimal={false}
                    thousandSeparator=","
                    w={200}
                    {...form.getInputProps(`spoilage.${i}.fromQuantity`)}
                  />
                  <NumberInput
                    label={`Spoilage % (row ${i + 1})`}
                    min={0}
                    max={100}
                    decimalScale={2}
                    w={180}
                    {...form.getInputProps(`spoilage.${i}.percent`)}
                  />
                  <ActionIcon
                    mt={28}
                    variant="subtle"
                    color="red"
                    aria-label={`Remove spoilage row ${i + 1}`}
                    disabled={form.values.spoilage.length === 1}
                    onClick={() => form.removeListItem('spoilage', i)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
            </Stack>
            <Button
              variant="subtle"
              size="xs"
              w="fit-content"
              mt="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => form.insertListItem('spoilage', { fromQuantity: '', percent: '' })}
            >
              Add a row
            </Button>
          </Card>
          <Card withBorder>
            <Title order={4} mb="xs">
              Price
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput
                label="Shop markup (%)"
                min={0}
                decimalScale={2}
                {...form.getInputProps('markupPercent')}
              />
              <NumberInput
                label="Minimum charge ($)"
                min={0}
                decimalScale={2}
                {...form.getInputProps('minimumChargeCents')}
              />
              <NumberInput
                label="Tax rate (%)"
                min={0}
                max={100}
                decimalScale={3}
                {...form.getInputProps('taxRatePercent')}
              />
            </SimpleGrid>
            <Text size="sm" fw={500} mt="md">
              Markup by client segment
            </Text>
            <Text size="sm" c="dimmed" mb="xs">
              Blank: the shop’s markup. An account’s own markup, set on the pricing screen, comes first.
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              {Segment.options.map((s) => (
                <NumberInput
                  key={s}
                  label={`${segmentLabels[s]} (%)`}
                  min={0}
                  decimalScale={2}
                  {...form.getInputProps(`segmentMarkups.${s}`)}
                />
              ))}
            </SimpleGrid>
          </Card>
          {editable && (
            <Group>
              <Button type="submit" loading={saveRules.isPending}>
                Save rules
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}
