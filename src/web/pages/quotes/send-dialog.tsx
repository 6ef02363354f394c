import { useState } from 'react';
import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { Quote } from '../../../shared/quotes';
import { useSendQuote, type SendQuoteResult } from '../../data/quotes';
import { day } from './quote-bits';

/** Sends the quote to its contact with an optional message; afterwards shows the link the client got. */
export function SendQuoteDialog({
  quote,
  opened,
  onClose,
}: {
  quote: Quote;
  opened: boolean;
  onClose: () => void;
}) {
  const [message, setMessage] = useState('');
  const [result, setResult] = useState<SendQuoteResult | null>(null);
  const send = useSendQuote(quote.id);
  const close = () => {
    setResult(null);
    setMessage('');
    send.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`Send ${quote.number} v${quote.version}`}>
      {result ? (
        <Stack>
          <Text size="sm">
            Sent to {quote.contact?.name} ({quote.contact?.email}). The link works until{' '}
            {day(result.expiresAt)}.
          </Text>
          <TextInput
            label="The client's link"
            value={result.link}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
          />
          <Group>
            <CopyButton value={result.link}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? 'Copied' : 'Copy link'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">
            {quote.contact?.email
              ? `An e-mail to ${quote.contact.name} <${quote.contact.email}> with the quote and a link to accept or decline it.`
              : 'The quote has no contact with an e-mail address: edit it and choose one.'}
            {quote.status === 'sent' && ' Sending again makes a new link; the old one stops working.'}
          </Text>
          <Textarea
            label="Message (optional)"
            autosize
            minRows={3}
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
          />
          {send.error && (
            <Alert color="red" role="alert" title="Not sent">
              {send.error.message}
            </Alert>
          )}
          <Group>
            <Button
              loading={send.isPending}
              onClick={() => send.mutate({ message: message.trim() || null }, { onSuccess: setResult })}
            >
              Send
            </Button>
            <Button variant="subtle" onClick={close}>
              Cancel
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
