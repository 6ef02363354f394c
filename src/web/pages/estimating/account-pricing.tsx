import { useState } from 'react';
import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { segmentLabels } from '../../../shared/accounts';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { saved } from '../../app/feedback';
import { useAccount } from '../../data/accounts';
import { useAccountMarkup, useEstimatingRules, useSaveAccountMarkup } from '../../data/estimating';
import { AccountSelect } from '../reports/lookup-selects';

/**
 * The account a price is for (optional), with the markup that applies to it (its own, else its segment's,
 * else the shop's) and its tax status; an estimator who edits the cost model can set the account's own markup.
 */
export function AccountPricing({
  accountId,
  onChange,
}: {
  accountId: string | null;
  onChange: (id: string | null) => void;
}) {
  const rules = useEstimatingRules();
  const account = useAccount(accountId);
  const own = useAccountMarkup(accountId);
  const a = accountId ? account.data : undefined;
  let markup: string | null = null;
  if (rules.data && !accountId) markup = `The shop's markup, ${rules.data.markupPercent} %`;
  else if (rules.data && a && own.data) {
    const segment = rules.data.segmentMarkups[a.segment];
    markup =
      own.data.markupPercent !== null
        ? `The account's own markup, ${own.data.markupPercent} %`
        : segment !== undefined
          ? `The ${segmentLabels[a.segment]} segment's markup, ${segment} %`
          : `The shop's markup, ${rules.data.markupPercent} % (${segmentLabels[a.segment]} has none of its own)`;
  }
  const today = new Date().toISOString().slice(0, 10);
  const tax = !rules.data
    ? null
    : a?.taxExempt && (!a.taxExemptExpiresOn || a.taxExemptExpiresOn >= today)
      ? `Tax-exempt${a.taxExemptExpiresOn ? ` (certificate valid to ${a.taxExemptExpiresOn})` : ''}: no tax`
      : `Taxed at ${rules.data.taxRatePercent} %${a?.taxExempt ? ` (the exemption lapsed on ${a.taxExemptExpiresOn})` : ''}`;
  return (
    <Stack gap="xs">
      <AccountSelect label="Account" required={false} value={accountId} onChange={onChange} />
      {markup && (
        <Text size="sm" aria-label="Markup that applies">
          {markup}
        </Text>
      )}
      {tax && (
        <Text size="sm" aria-label="Tax">
          {tax}
        </Text>
      )}
      {accountId && own.data && (
        <OwnMarkup
          key={`${accountId}-${own.data.markupPercent}`}
          accountId={accountId}
          current={own.data.markupPercent}
        />
      )}
    </Stack>
  );
}

function OwnMarkup({ accountId, current }: { accountId: string; current: number | null }) {
  const editable = can(useUser().role, 'estimating.edit');
  const save = useSaveAccountMarkup(accountId);
  const [value, setValue] = useState<number | ''>(current ?? '');
  const [error, setError] = useState<string | null>(null);
  if (!editable) return null;
  const submit = async () => {
    try {
      setError(null);
      await save.mutateAsync({ markupPercent: value === '' ? null : value });
      saved(value === '' ? "The account's own markup is cleared" : "The account's markup is saved");
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Group align="flex-end" gap="xs">
      <NumberInput
        label="Account's own markup (%)"
        description="Blank: the segment's or the shop's"
        min={0}
        decimalScale={2}
        w={240}
        value={value}
        error={error}
        onChange={(v) => setValue(v === '' ? '' : Number(v))}
      />
      <Button variant="default" onClick={() => void submit()} loading={save.isPending}>
        Save markup
      </Button>
    </Group>
  );
}
