import { useRef, useState } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from 'react-router';
import { Checkout, type Order } from '../../../shared/portals';
import { ApiError } from '../../app/api';
import { reportError, zodValidate } from '../../app/feedback';
import { useCheckout } from '../../data/portal';
import { ErrorBox, Loading } from '../../app/ui';
import { DecisionText, money } from './order-bits';
import { usePortal, usePortalSession } from './portal-auth';
import { useCart } from './use-cart';

const blank = (s: string) => (s.trim() ? s.trim() : null);

type Values = {
  costCentreId: string | null;
  mode: 'saved' | 'new';
  shipToAddressId: string | null;
  shipTo: {
    name: string;
    attention: string;
    line1: string;
    line2: string;
    city: string;
    region: string;
    postalCode: string;
    phone: string;
  };
  neededBy: string;
  notes: string;
  clientPo: string;
};

function toBody(v: Values) {
  return {
    costCentreId: v.costCentreId ?? '',
    ...(v.mode === 'saved'
      ? { shipToAddressId: v.shipToAddressId ?? undefined }
      : {
          shipTo: {
            name: blank(v.shipTo.name),
            attention: blank(v.shipTo.attention),
            line1: v.shipTo.line1,
            line2: blank(v.shipTo.line2),
            city: v.shipTo.city,
            region: v.shipTo.region,
            postalCode: v.shipTo.postalCode,
            phone: blank(v.shipTo.phone),
          },
        }),
    neededBy: blank(v.neededBy),
    notes: blank(v.notes),
    clientPo: blank(v.clientPo),
  };
}

function Placed({ order }: { order: Order }) {
  const { to } = usePortal();
  const waiting = order.status === 'pending_approval';
  return (
    <Stack maw={640}>
      <Title order={2}>Thank you — order {order.number} is placed</Title>
      <Alert
        color={waiting ? 'yellow' : 'teal'}
        title={waiting ? 'Waiting for approval' : 'Approved'}
        role="status"
      >
        <Stack gap={4}>
          <Text size="sm">
            {order.lines.length} line{order.lines.length === 1 ? '' : 's'} · {money(order.totalCents)} ·
            charged to {order.costCentre.name}
          </Text>
          {waiting ? (
            <Text size="sm">An approver has been asked to decide; you will get an e-mail either way.</Text>
          ) : (
            <Text size="sm">It goes straight to the print shop.</Text>
          )}
          <DecisionText order={order} />
        </Stack>
      </Alert>
      <Group>
        <Button component={Link} to={to(`/orders/${order.id}`)}>
          See the order
        </Button>
        <Anchor component={Link} to={to()}>
          Back to the catalogue
        </Anchor>
      </Group>
    </Stack>
  );
}

/** Checkout: cost centre, ship-to, dates and references; the server decides whether it needs approval. */
export function CheckoutPage() {
  const { to, slug } = usePortal();
  const session = usePortalSession();
  const checkout = useCheckout(slug);
  const { cart, loading, error } = useCart();
  const [placed, setPlaced] = useState<Order | null>(null);
  const [stockProblem, setStockProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per checkout attempt: a double click or a retry after a lost answer sends the same key,
  // so the server makes one order. Changing the form starts a new attempt.
  const attempt = useRef<string | null>(null);
  const canNew = session.portal.allowNewAddresses;
  const form = useForm<Values>({
    initialValues: {
      costCentreId: session.costCentres.length === 1 ? session.costCentres[0]!.id : null,
      mode: session.addresses.length || !canNew ? 'saved' : 'new',
      shipToAddressId: session.addresses.length === 1 ? session.addresses[0]!.id : null,
      shipTo: {
        name: '',
        attention: '',
        line1: '',
        line2: '',
        city: '',
        region: '',
        postalCode: '',
        phone: '',
      },
      neededBy: '',
      notes: '',
      clientPo: '',
    },
    validate: zodValidate(Checkout, toBody as never),
    onValuesChange: () => {
      attempt.current = null;
    },
  });
  if (placed) return <Placed order={placed} />;
  if (error) return <ErrorBox error={error} />;
  if (loading || !cart) return <Loading />;
  if (!cart.lines.length) {
    return (
      <Text c="dimmed">
        Your cart is empty.{' '}
        <Anchor component={Link} to={to()}>
          Go to the catalogue
        </Anchor>
      </Text>
    );
  }

  const submit = form.onSubmit(async (v) => {
    attempt.current ??= crypto.randomUUID();
    setBusy(true);
    setStockProblem(null);
    try {
      // Validated against Checkout with the same body; parsing gives the typed request.
      const order = await checkout.mutateAsync({
        ...Checkout.parse(toBody(v)),
        idempotencyKey: attempt.current,
      });
      attempt.current = null;
      setPlaced(order);
      window.scrollTo(0, 0);
    } catch (err) {
      if (err instanceof ApiError && err.problem.code === 'INSUFFICIENT_STOCK') {
        attempt.current = null;
        setStockProblem(err.problem.detail);
      } else {
        // A definite refusal needs a changed form (a new attempt); a lost answer keeps the key for the retry.
        if (err instanceof ApiError && err.problem.status >= 400 && err.problem.status < 500)
          attempt.current = null;
        reportError(err, form as never);
      }
    } finally {
      setBusy(false);
    }
  });

  return (
    <form onSubmit={submit}>
      <Stack>
        <Title order={2}>Checkout</Title>
        {stockProblem && (
          <Alert color="red" title="Not enough stock" role="alert">
            {stockProblem}{' '}
            <Anchor component={Link} to={to('/cart')}>
              Change the cart
            </Anchor>
          </Alert>
        )}
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack>
              <Select
                label="Cost centre"
                withAsterisk
                data={session.costCentres.map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }))}
                {...form.getInputProps('costCentreId')}
              />
              <Stack gap="xs">
                <Text fw={500} size="sm">
                  Ship to
                </Text>
                {canNew && session.addresses.length > 0 && (
                  <SegmentedControl
                    data={[
                      { value: 'saved', label: 'Saved address' },
                      { value: 'new', label: 'New address' },
                    ]}
                    {...form.getInputProps('mode')}
                  />
                )}
                {form.values.mode === 'saved' ? (
                  <Radio.Group
                    aria-label="Saved address"
                    {...form.getInputProps('shipToAddressId')}
                    error={form.errors.shipToAddressId ?? form.errors.shipTo}
                  >
                    <Stack gap="xs">
                      {session.addresses.map((a) => (
                        <Radio.Card key={a.id} value={a.id} p="sm" radius="sm">
                          <Group wrap="nowrap" align="flex-start">
                            <Radio.Indicator />
                            <div>
                              <Text size="sm" fw={600}>
                                {a.label ?? a.line1}
                              </Text>
                              <Text size="sm" c="dimmed">
                                {a.line1}, {a.city}, {a.region} {a.postalCode}
                              </Text>
                            </div>
                          </Group>
                        </Radio.Card>
                      ))}
                    </Stack>
                  </Radio.Group>
                ) : (
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="Name or company" {...form.getInputProps('shipTo.name')} />
                    <TextInput label="Attention" {...form.getInputProps('shipTo.attention')} />
                    <TextInput label="Address line 1" withAsterisk {...form.getInputProps('shipTo.line1')} />
                    <TextInput label="Address line 2" {...form.getInputProps('shipTo.line2')} />
                    <TextInput label="City" withAsterisk {...form.getInputProps('shipTo.city')} />
                    <Group grow gap="xs" align="flex-start">
                      <TextInput label="State" withAsterisk {...form.getInputProps('shipTo.region')} />
                      <TextInput label="ZIP" withAsterisk {...form.getInputProps('shipTo.postalCode')} />
                    </Group>
                    <TextInput label="Phone" type="tel" {...form.getInputProps('shipTo.phone')} />
                  </SimpleGrid>
                )}
              </Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label="Needed by" type="date" {...form.getInputProps('neededBy')} />
                <TextInput label="Your PO number" {...form.getInputProps('clientPo')} />
              </SimpleGrid>
              <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Card withBorder>
              <Text fw={600} mb="xs">
                Your order
              </Text>
              <Stack gap={6}>
                {cart.lines.map((l) => (
                  <Group key={l.id} justify="space-between" wrap="nowrap" gap="xs">
                    <Text size="sm" style={{ minWidth: 0 }}>
                      {l.quantity.toLocaleString()} × {l.product.name}
                    </Text>
                    {session.portal.showPrices && <Text size="sm">{money(l.amountCents)}</Text>}
                  </Group>
                ))}
              </Stack>
              {session.portal.showPrices && cart.totalCents !== null && (
                <Group
                  justify="space-between"
                  mt="sm"
                  pt="sm"
                  style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
                >
                  <Text fw={600}>Total</Text>
                  <Text fw={700}>{money(cart.totalCents)}</Text>
                </Group>
              )}
              {session.user.spendingLimitCents !== null && (
                <Text size="xs" c="dimmed" mt="sm">
                  Your spending limit is {money(session.user.spendingLimitCents)} an order; the shop checks
                  budgets and limits when you place it and tells you if an approver must decide.
                </Text>
              )}
              <Button type="submit" fullWidth mt="md" loading={busy}>
                Place order
              </Button>
            </Card>
          </Grid.Col>
        </Grid>
      </Stack>
    </form>
  );
}
