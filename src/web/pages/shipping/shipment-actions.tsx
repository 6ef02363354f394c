import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { carrierLabels, type Shipment, type ShipmentStatus } from '../../../shared/shipping';
import { api } from '../../app/api';
import { reportError, saved } from '../../app/feedback';
import { TrackingInput } from './tracking-input';

type Step = { to: ShipmentStatus; label: string; ask?: 'tracking' | 'proof' | 'reason' };

function stepsFor(s: Shipment): Step[] {
  const ship: Step = {
    to: 'shipped',
    label: s.carrier === 'pickup' ? 'Picked up' : 'Ship',
    ask: ['ups', 'fedex', 'usps', 'freight'].includes(s.carrier) ? 'tracking' : undefined,
  };
  const deliver: Step = {
    to: 'delivered',
    label: 'Delivered',
    ask: s.carrier === 'local' ? 'proof' : undefined,
  };
  const exception: Step = { to: 'exception', label: 'Exception', ask: 'reason' };
  switch (s.status) {
    case 'planned':
      return [{ to: 'packed', label: 'Packed' }, ship, exception];
    case 'packed':
      return [ship, exception];
    case 'shipped':
      return [deliver, exception];
    case 'exception':
      return [ship, deliver];
    case 'delivered':
      return [];
  }
}

/** The next moves of a shipment, asking for the tracking number, proof of delivery or reason when needed. */
export function ShipmentActions({ shipment, onChange }: { shipment: Shipment; onChange: () => void }) {
  const [step, setStep] = useState<Step | null>(null);
  const [tracking, setTracking] = useState(shipment.trackingNumber ?? '');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const move = async (s: Step) => {
    setBusy(true);
    try {
      const body =
        s.ask === 'tracking'
          ? { status: s.to, trackingNumber: tracking || null }
          : s.ask === 'proof'
            ? { status: s.to, proofOfDelivery: { receivedBy: text } }
            : s.ask === 'reason'
              ? { status: s.to, exceptionReason: text }
              : { status: s.to };
      const updated = await api.patch<Shipment>(`/shipments/${shipment.id}`, body);
      saved(`${updated.number} ${updated.status}`);
      setStep(null);
      setText('');
      onChange();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Group gap={4} wrap="nowrap">
        {stepsFor(shipment).map((s) => (
          <Button
            key={s.to}
            size="compact-xs"
            variant={s.to === 'exception' ? 'subtle' : 'light'}
            color={s.to === 'exception' ? 'red' : undefined}
            aria-label={`${s.label}: ${shipment.number}`}
            onClick={() => (s.ask ? setStep(s) : void move(s))}
          >
            {s.label}
          </Button>
        ))}
      </Group>
      <Modal opened={!!step} onClose={() => setStep(null)} title={`${step?.label}: ${shipment.number}`}>
        {step && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void move(step);
            }}
          >
            <Stack>
              {step.ask === 'tracking' && (
                <TrackingInput carrier={shipment.carrier} value={tracking} onChange={setTracking} autoFocus />
              )}
              {step.ask === 'proof' && (
                <TextInput
                  label="Received by"
                  description="Who signed for it"
                  required
                  autoFocus
                  value={text}
                  onChange={(e) => setText(e.currentTarget.value)}
                />
              )}
              {step.ask === 'reason' && (
                <TextInput
                  label="What went wrong"
                  required
                  autoFocus
                  value={text}
                  onChange={(e) => setText(e.currentTarget.value)}
                />
              )}
              {step.to === 'shipped' && shipment.notifyClient && (
                <Text size="sm" c="dimmed">
                  The client gets the shipping notice with the {carrierLabels[shipment.carrier]} tracking
                  link.
                </Text>
              )}
              <Group justify="flex-end">
                <Button type="submit" loading={busy}>
                  {step.label}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
