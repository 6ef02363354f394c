import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Collapse,
  Group,
  NumberInput,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Cart } from '../../../shared/portals';
import { reportError } from '../../app/feedback';
import { useApproveProof, useChangeCartLine, useRemoveCartLine } from '../../data/portal';
import { ErrorBox, Loading } from '../../app/ui';
import { money, valuesText } from './order-bits';
import { usePortal, usePortalSession } from './portal-auth';
import { ProofViewer } from './proof-viewer';
import { useCart } from './use-cart';
import { SavedCarts, SkippedNotice } from './cart-refill';
import { PunchOutNotice, ReturnToProcurement, useIsPunchOut } from './punchout-return';

type Line = Cart['lines'][number];

function CartLineCard({ line }: { line: Line }) {
  const { slug, to } = usePortal();
  const session = usePortalSession();
  const [quantity, setQuantity] = useState<number | string>(line.quantity);
  const [showProof, setShowProof] = useState(false);
  const [busy, setBusy] = useState(false);
  const vdp = line.product.kind === 'variable_data';
  const changeLine = useChangeCartLine(slug);
  const removeLine = useRemoveCartLine(slug);
  const approveProof = useApproveProof(slug);
  const run = async (work: () => Promise<Cart>) => {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      reportError(err);
      setQuantity(line.quantity);
    } finally {
      setBusy(false);
    }
  };
  const commit = () => {
    const q = Number(quantity);
    if (quantity === '' || q === line.quantity) return setQuantity(line.quantity);
    void run(() => changeLine.mutateAsync({ lineId: line.id, quantity: q }));
  };
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Anchor component={Link} to={to(`/catalog/${line.product.id}`)} fw={600}>
            {line.product.name}
          </Anchor>
          <Text size="xs" c="dimmed">
            {line.product.sku}
          </Text>
          {valuesText(line.values) && (
            <Text size="sm" c="dimmed">
              {valuesText(line.values)}
            </Text>
          )}
        </Stack>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Remove ${line.product.name}`}
          loading={busy}
          onClick={() => run(() => removeLine.mutateAsync(line.id))}
        >
          <IconTrash size={18} />
        </ActionIcon>
      </Group>
      <Group justify="space-between" align="flex-end" mt="xs">
        <NumberInput
          label="Quantity"
          aria-label={`Quantity of ${line.product.name}`}
          w={140}
          min={1}
          thousandSeparator
          allowDecimal={false}
          allowNegative={false}
          value={quantity}
          onChange={setQuantity}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
          }}
          disabled={busy}
        />
        {session.portal.showPrices && line.amountCents !== null && (
          <Stack gap={0} align="flex-end">
            <Text size="xs" c="dimmed">
              {money(line.unitPriceCents)} each
            </Text>
            <Text fw={700}>{money(line.amountCents)}</Text>
          </Stack>
        )}
      </Group>
      {line.artwork && (
        <Group gap="xs" mt="xs" wrap="nowrap">
          <Badge color="teal" variant="light">
            Artwork checked
          </Badge>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {line.artwork.name}
          </Text>
        </Group>
      )}
      {vdp && (
        <Stack gap="xs" mt="sm">
          <Group gap="xs">
            {line.proofApproved ? (
              <Badge color="teal" variant="light">
                Proof approved
              </Badge>
            ) : (
              <Badge color="orange" variant="light">
                Proof not approved
              </Badge>
            )}
            <Button variant="subtle" size="compact-sm" onClick={() => setShowProof((s) => !s)}>
              {showProof ? 'Hide proof' : 'View proof'}
            </Button>
            {!line.proofApproved && (
              <Button
                size="compact-sm"
                loading={busy}
                onClick={() => run(() => approveProof.mutateAsync(line.id))}
              >
                Approve proof
              </Button>
            )}
          </Group>
          <Collapse expanded={showProof}>
            {showProof && (
              <ProofViewer productId={line.product.id} fields={[]} values={line.values} height={320} />
            )}
          </Collapse>
        </Stack>
      )}
    </Card>
  );
}

/** The cart: change quantities, remove lines, approve outstanding proofs, go to checkout. */
export function CartPage() {
  const { to } = usePortal();
  const session = usePortalSession();
  const { cart, loading, error } = useCart();
  const punchOut = useIsPunchOut();
  if (error) return <ErrorBox error={error} />;
  if (loading || !cart) return <Loading />;
  const unapproved = cart.lines.filter((l) => l.product.kind === 'variable_data' && !l.proofApproved);
  return (
    <Stack maw={760}>
      <Title order={2}>Cart</Title>
      {punchOut && <PunchOutNotice />}
      <SkippedNotice />
      {!cart.lines.length ? (
        <Text c="dimmed">
          Your cart is empty.{' '}
          <Anchor component={Link} to={to()}>
            Go to the catalogue
          </Anchor>
        </Text>
      ) : (
        <>
          {cart.lines.map((l) => (
            <CartLineCard key={`${l.id}:${l.quantity}`} line={l} />
          ))}
          {unapproved.length > 0 && (
            <Alert color="orange">
              Approve the proof of {unapproved.map((l) => l.product.name).join(', ')} before checkout.
            </Alert>
          )}
          <Group justify="space-between">
            {session.portal.showPrices && cart.totalCents !== null ? (
              <Text size="lg">
                Total{' '}
                <Text span fw={700}>
                  {money(cart.totalCents)}
                </Text>
              </Text>
            ) : (
              <span />
            )}
            {punchOut ? (
              <ReturnToProcurement disabled={unapproved.length > 0} />
            ) : unapproved.length ? (
              <Button disabled>Checkout</Button>
            ) : (
              <Button component={Link} to={to('/checkout')}>
                Checkout
              </Button>
            )}
          </Group>
        </>
      )}
      <SavedCarts cartHasLines={cart.lines.length > 0} />
    </Stack>
  );
}
