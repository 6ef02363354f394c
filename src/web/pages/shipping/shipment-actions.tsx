import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { carrierLabels, type Shipment, type ShipmentStatus } from '../../../shared/shipping';
import { shipmentStatusMoves } from '../../../shared/status-machines';
import { reportError, saved } from '../../app/feedback';
import { useUpdateShipment } from '../../data/shipping';
import { TrackingInput } from './tracking-input';

type Step = { to: ShipmentStatus; label: string; ask?: 'tracking' | 'proof' | 'reason' };

/**
 * Moves the shared machine allows that this screen does not offer as buttons: undoing a pack, going back to
 * planning or packing after an exception, and reporting an exception on a delivered shipment.
 */
const notOffered: Partial<Record<ShipmentStatus, ShipmentStatus[]>> = {
  packed: ['planned'],
  exception: ['planned', 'packed'],
  delivered: ['exception'],
};

/** The buttons for a shipment's next moves, in the order of the shared status machine. */
function stepsFor(s: Shipment): Step[] {
  const step = (to: ShipmentStatus): Step => {
    switch (to) {
      case 'shipped':
        return {
          to,
          label: s.carrier === 'pickup' ? 'Picked up' : 'Ship',
          ask: ['ups', 'fedex', 'usps', 'freight'].includes(s.carrier) ? 'tracking' : undefined,
        };
      case 'delivered':
        return { to, label: 'Delivered', ask: s.carrier === 'local' ? 'proof' : undefined };
      case 'exception':
        return { to, label: 'Exception', ask: 'reason' };
      case 'packed':
        return { to, label: 'Packed' };
      case 'planned':
        return { to, label: 'Planned' };
    }
  };
  const hidden = notOffered[s.status] ?? [];
  return shipmentStatusMoves[s.status].filter((to) => !hidden.includes(to)).map(step);
}

/** The next moves of a shipment, asking for the tracking number, proof of delivery or reason when needed. */
export function ShipmentActions({ shipment }: { shipment: Shipment }) {
  const [step, setStep] = useState<Step | null>(null);
  const [tracking, setTracking] = useState(shipment.trackingNumber ?? '');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const updateShipment = useUpdateShipment(shipment.id);
  const move = async (s: Step) => {
    setBusy(true);
    try {
      const updated = await updateShipment.mutateAsync(
        s.ask === 'tracking'
          ? { status: s.to, trackingNumber: tracking || null }
          : s.ask === 'proof'
            ? { status: s.to, proofOfDelivery: { receivedBy: text } }
            : s.ask === 'reason'
              ? { status: s.to, exceptionReason: text }
              : { status: s.to },
      );
      saved(`${updated.number} ${updated.status}`);
      setStep(null);
      setText('');
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
