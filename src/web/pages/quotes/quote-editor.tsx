import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { productTypeName } from '../../../shared/jobs';
import { useProductTypeOptions } from '../../data/departments';
import type { Quote } from '../../../shared/quotes';
import { useContacts } from '../../data/accounts';
import { useSaveQuote } from '../../data/quotes';
import { EstimateItemFields } from '../estimating/estimate-item-fields';
import { AccountSelect } from '../reports/lookup-selects';
import { problemErrors } from './problem-errors';
import { emptyQuote, emptyQuoteItem, quoteDraft, toQuoteInput, type QuoteDraft } from './quote-draft';

/** The active product types, plus an item's own type when it is retired (so a revision still shows it). */
const withCurrent = (options: { value: string; label: string }[], current: string) =>
  options.some((o) => o.value === current)
    ? options
    : [...options, { value: current, label: productTypeName(current) }];
const proofs = [
  { value: 'pdf', label: 'PDF proof' },
  { value: 'hard_copy', label: 'Hard-copy proof' },
  { value: 'none', label: 'No proof' },
];

/** The errors under `items.{i}.`, keyed by the item's own paths. */
const itemErrorsOf = (errors: Record<string, string>, i: number) =>
  Object.fromEntries(
    Object.entries(errors).flatMap(([path, message]) => {
      const prefix = `items.${i}`;
      if (path === prefix) return [['', message]];
      return path.startsWith(`${prefix}.`) ? [[path.slice(prefix.length + 1), message]] : [];
    }),
  );

/**
 * A quote's editor: the account and contact, title, validity, turnaround, terms and notes, and items priced by
 * the estimating engine. Saving a quote the client has seen makes a new version (the screen says so first).
 */
export function QuoteEditor({
  quote,
  accountId = null,
  onSaved,
  onCancel,
}: {
  quote?: Quote;
  accountId?: string | null;
  onSaved: (saved: Quote) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState<QuoteDraft>(() => (quote ? quoteDraft(quote) : emptyQuote(accountId)));
  const save = useSaveQuote(quote?.id);
  const contacts = useContacts(draft.accountId);
  const productTypes = useProductTypeOptions();
  const errors = problemErrors(save.error);
  const set = <K extends keyof QuoteDraft>(key: K, v: QuoteDraft[K]) => setDraft({ ...draft, [key]: v });
  const setItem = (i: number, next: QuoteDraft['items'][number]) =>
    set(
      'items',
      draft.items.map((x, j) => (j === i ? next : x)),
    );
  const revising = quote && quote.status !== 'draft';
  const submit = () => save.mutate(toQuoteInput(draft), { onSuccess: onSaved });

  return (
    <Stack>
      <Card withBorder>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {quote ? (
              <TextInput label="Account" value={quote.account.name} readOnly />
            ) : (
              <AccountSelect
                label="Account"
                required
                value={draft.accountId}
                onChange={(id) => setDraft({ ...draft, accountId: id, contactId: null })}
              />
            )}
            <Select
              label="Contact"
              description="Who gets the quote by e-mail (the account's primary contact if none)"
              placeholder={draft.accountId ? 'Primary contact' : 'Choose the account first'}
              clearable
              disabled={!draft.accountId}
              data={(contacts.data?.items ?? []).map((c) => ({
                value: c.id,
                label: `${c.firstName} ${c.lastName}${c.emails[0] ? ` <${c.emails[0]}>` : ''}`,
              }))}
              value={draft.contactId}
              error={errors.contactId}
              onChange={(id) => set('contactId', id)}
            />
          </SimpleGrid>
          {errors.accountId && (
            <Alert color="red" role="alert">
              Account: {errors.accountId}
            </Alert>
          )}
          <TextInput
            label="Title"
            placeholder="Spring brochures"
            withAsterisk
            value={draft.title}
            error={errors.title}
            onChange={(e) => set('title', e.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              type="date"
              label="Valid until"
              withAsterisk
              value={draft.validUntil}
              error={errors.validUntil}
              onChange={(e) => set('validUntil', e.currentTarget.value)}
            />
            <NumberInput
              label="Turnaround (working days)"
              description="From acceptance to delivery: the job's due date"
              min={1}
              max={250}
              allowDecimal={false}
              value={draft.turnaroundDays}
              error={errors.turnaroundDays}
              onChange={(v) => set('turnaroundDays', v === '' ? '' : Number(v))}
            />
          </SimpleGrid>
          <Textarea
            label="Terms"
            autosize
            minRows={2}
            value={draft.terms}
            error={errors.terms}
            onChange={(e) => set('terms', e.currentTarget.value)}
          />
          <Textarea
            label="Notes for the client"
            autosize
            minRows={2}
            value={draft.clientNotes}
            error={errors.clientNotes}
            onChange={(e) => set('clientNotes', e.currentTarget.value)}
          />
          <Textarea
            label="Internal notes"
            description="Staff only: never on the letter or the client's page"
            autosize
            minRows={2}
            value={draft.internalNotes}
            error={errors.internalNotes}
            onChange={(e) => set('internalNotes', e.currentTarget.value)}
          />
        </Stack>
      </Card>
      {draft.items.map((item, i) => (
        <Card withBorder key={i} component="section" aria-label={`Item ${i + 1}`}>
          <Group justify="space-between" mb="xs">
            <Title order={4}>Item {i + 1}</Title>
            {draft.items.length > 1 && (
              <Button
                variant="subtle"
                color="red"
                size="xs"
                leftSection={<IconTrash size={14} />}
                onClick={() =>
                  set(
                    'items',
                    draft.items.filter((_, j) => j !== i),
                  )
                }
              >
                Remove item {i + 1}
              </Button>
            )}
          </Group>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label="Product type"
                allowDeselect={false}
                data={withCurrent(productTypes, item.productType)}
                value={item.productType}
                error={errors[`items.${i}.productType`]}
                onChange={(v) => v && setItem(i, { ...item, productType: v as typeof item.productType })}
              />
              <Select
                label="Proof"
                allowDeselect={false}
                data={proofs}
                value={item.proof}
                onChange={(v) => v && setItem(i, { ...item, proof: v as typeof item.proof })}
              />
              <Checkbox
                mt={{ base: 0, sm: 30 }}
                label="An option (the client may leave it out)"
                checked={item.optional}
                onChange={(e) => setItem(i, { ...item, optional: e.currentTarget.checked })}
              />
            </SimpleGrid>
            <EstimateItemFields
              label={`Item ${i + 1}`}
              value={item}
              errors={itemErrorsOf(errors, i)}
              onChange={(next) => setItem(i, { ...item, ...next })}
            />
          </Stack>
        </Card>
      ))}
      {revising && (
        <Alert color="yellow" title="This makes a new version">
          {quote.number} v{quote.version} has been sent to the client. Saving keeps it as revised (its link
          stops working) and makes version {quote.version + 1}, which you then send again.
        </Alert>
      )}
      {save.error && (
        <Alert color="red" title="The quote was not saved" role="alert" style={{ whiteSpace: 'pre-line' }}>
          {save.error.message}
        </Alert>
      )}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          disabled={draft.items.length >= 20}
          onClick={() => set('items', [...draft.items, emptyQuoteItem()])}
        >
          Add an item
        </Button>
        <Button onClick={submit} loading={save.isPending}>
          {revising ? `Save as version ${quote.version + 1}` : 'Save quote'}
        </Button>
        {onCancel && (
          <Button variant="subtle" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </Group>
    </Stack>
  );
}
