import { useState } from 'react';
import {
  Alert,
  Button,
  Group,
  Modal,
  Radio,
  SegmentedControl,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { Quote } from '../../../shared/quotes';
import { useAccount } from '../../data/accounts';
import { useRecordQuoteAnswer } from '../../data/quotes';
import { problemErrors } from './problem-errors';
import { QuantityChoice, choicesBody, type Choices } from './quantity-choice';

const channels = [
  { value: 'phone', label: 'Phone' },
  { value: 'email', label: 'E-mail' },
  { value: 'in_person', label: 'In person' },
];

/**
 * Records the client's answer taken by phone, e-mail or in person: accept (one quantity per item, options may
 * be left out, the PO when the account requires one) or decline with a reason; who answered and how.
 */
export function AnswerDialog({
  quote,
  opened,
  onClose,
}: {
  quote: Quote;
  opened: boolean;
  onClose: () => void;
}) {
  const [decision, setDecision] = useState<'accept' | 'decline'>('accept');
  const [name, setName] = useState(quote.contact?.name ?? '');
  const [channel, setChannel] = useState<'phone' | 'email' | 'in_person'>('phone');
  const [choices, setChoices] = useState<Choices>({});
  const [clientPo, setClientPo] = useState('');
  const [reason, setReason] = useState('');
  const account = useAccount(quote.account.id);
  const poRequired = account.data?.poRequired ?? false;
  const record = useRecordQuoteAnswer(quote.id);
  const errors = problemErrors(record.error);
  const submit = () =>
    record.mutate(
      decision === 'accept'
        ? {
            decision,
            name,
            channel,
            choices: choicesBody(quote.items, choices),
            clientPo: clientPo.trim() || null,
          }
        : { decision, name, channel, reason },
      { onSuccess: onClose },
    );

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Record the answer to ${quote.number} v${quote.version}`}
      size="lg"
    >
      <Stack>
        <SegmentedControl
          aria-label="Answer"
          data={[
            { value: 'accept', label: 'Accepted' },
            { value: 'decline', label: 'Declined' },
          ]}
          value={decision}
          onChange={(v) => setDecision(v as 'accept' | 'decline')}
        />
        <Group grow align="flex-start">
          <TextInput
            label="Who answered"
            withAsterisk
            value={name}
            error={errors.name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Radio.Group label="How" value={channel} onChange={(v) => setChannel(v as typeof channel)}>
            <Group mt={8}>
              {channels.map((c) => (
                <Radio key={c.value} value={c.value} label={c.label} />
              ))}
            </Group>
          </Radio.Group>
        </Group>
        {decision === 'accept' ? (
          <>
            {quote.items.map((item) => (
              <QuantityChoice
                key={item.id}
                item={item}
                value={choices[item.id]}
                error={errors[`choices.${item.position - 1}`]}
                onChange={(q) => setChoices({ ...choices, [item.id]: q })}
              />
            ))}
            {poRequired && (
              <TextInput
                label="Client PO number"
                description={`${quote.account.name} requires a PO with every order`}
                withAsterisk
                required
                value={clientPo}
                error={errors.clientPo}
                onChange={(e) => setClientPo(e.currentTarget.value)}
              />
            )}
          </>
        ) : (
          <Textarea
            label="Why the client declined"
            withAsterisk
            autosize
            minRows={3}
            value={reason}
            error={errors.reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
        )}
        {record.error && (
          <Alert color="red" role="alert" title="Not recorded" style={{ whiteSpace: 'pre-line' }}>
            {record.error.message}
          </Alert>
        )}
        <Group>
          <Button
            loading={record.isPending}
            color={decision === 'decline' ? 'red' : undefined}
            onClick={submit}
          >
            {decision === 'accept' ? 'Record acceptance' : 'Record decline'}
          </Button>
          <Button variant="subtle" onClick={onClose}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
