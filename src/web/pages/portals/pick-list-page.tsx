import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconBarcode, IconFileTypePdf } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import type { PickLine } from '../../../shared/pick-list';
import { reportError, saved } from '../../app/feedback';
import { ErrorBox, Loading, PageHeader } from '../../app/ui';
import { pickListApi, usePickActions, usePickList } from '../../data/pick-list';
import { useOrders } from '../../data/portals';

/** Choose approved orders for one pick list (a batch), or open the list of one. */
function ChooseOrders({ onOpen }: { onOpen: (ids: string[]) => void }) {
  const list = useOrders({ status: 'approved', limit: 50 });
  const [chosen, setChosen] = useState<string[]>([]);
  if (list.error) return <ErrorBox error={list.error} />;
  if (list.loading) return <Loading />;
  if (!list.items.length) return <Text c="dimmed">No approved orders are waiting to be picked.</Text>;
  return (
    <Stack>
      <Checkbox.Group value={chosen} onChange={setChosen} label="Approved orders to pick">
        <Stack gap="xs" mt="xs">
          {list.items.map((o) => (
            <Checkbox
              key={o.id}
              value={o.id}
              label={`${o.number} · ${o.account.name} · ${o.lines.length} lines · ${o.buyer.name}`}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      <Group>
        <Button disabled={!chosen.length} onClick={() => onOpen(chosen)}>
          Pick list of {chosen.length || 'the chosen'} {chosen.length === 1 ? 'order' : 'orders'}
        </Button>
        <Button variant="default" onClick={() => onOpen(list.items.map((o) => o.id))}>
          All {list.items.length} approved
        </Button>
      </Group>
    </Stack>
  );
}

function Scan({ orders }: { orders: string[] }) {
  const { scan } = usePickActions(orders);
  const [code, setCode] = useState('');
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!code.trim()) return;
        scan.mutate(code.trim(), {
          onSuccess: ({ ticked: t }) => {
            setSaid({
              ok: true,
              text: `Ticked ${t.quantity} × ${t.itemSku} at ${t.location ?? 'no bin'} for ${t.orderNumber}`,
            });
            setCode('');
          },
          onError: (err) => {
            setSaid({ ok: false, text: err instanceof Error ? err.message : String(err) });
            setCode('');
          },
        });
      }}
    >
      <Stack gap={4}>
        <TextInput
          label="Scan or type a SKU"
          description="A barcode scanner types the code and presses Enter"
          leftSection={<IconBarcode size={16} />}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          autoFocus
          maw={360}
        />
        {said && (
          <Text size="sm" c={said.ok ? 'teal' : 'red'} role="status">
            {said.text}
          </Text>
        )}
      </Stack>
    </form>
  );
}

function Lines({ orders, lines }: { orders: string[]; lines: PickLine[] }) {
  const { tick } = usePickActions(orders);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>Picked</Table.Th>
            <Table.Th>Bin</Table.Th>
            <Table.Th>SKU</Table.Th>
            <Table.Th>Item</Table.Th>
            <Table.Th ta="right">Qty</Table.Th>
            <Table.Th>Order</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={`${l.orderLineId}:${l.productId}`}>
              <Table.Td>
                <Checkbox
                  aria-label={`Picked ${l.quantity} ${l.itemSku} for ${l.orderNumber}`}
                  checked={l.picked}
                  disabled={l.pickedBy === 'confirmed' || tick.isPending}
                  onChange={(e) =>
                    tick.mutate(
                      {
                        orderId: l.orderId,
                        orderLineId: l.orderLineId,
                        productId: l.productId,
                        picked: e.currentTarget.checked,
                      },
                      { onError: (err) => reportError(err) },
                    )
                  }
                />
              </Table.Td>
              <Table.Td fw={600}>{l.location ?? '—'}</Table.Td>
              <Table.Td>{l.itemSku}</Table.Td>
              <Table.Td>
                {l.name}
                {l.kit && (
                  <Text size="xs" c="dimmed">
                    in kit {l.kit.sku} {l.kit.name} × {l.kit.quantity}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">
                {l.quantity.toLocaleString()} {l.unit}
              </Table.Td>
              <Table.Td>{l.orderNumber}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The warehouse's pick list: walk the bins in order, tick or scan each line, then confirm the orders picked. */
export function PickListPage() {
  const [params, setParams] = useSearchParams();
  const orders = (params.get('orders') ?? '').split(',').filter(Boolean);
  const list = usePickList(orders);
  const { confirm } = usePickActions(orders);
  if (!orders.length)
    return (
      <>
        <PageHeader
          title="Pick list"
          sub="Choose the approved orders to pick together; the list walks the bins in order"
        />
        <ChooseOrders onOpen={(ids) => setParams({ orders: ids.join(',') })} />
      </>
    );
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  const l = list.data;
  const done = l.lines.filter((x) => x.picked).length;
  const open = l.orders.some((o) => o.status === 'approved');
  return (
    <>
      <PageHeader
        title="Pick list"
        sub={l.orders.map((o, i) => (
          <span key={o.id}>
            {i > 0 && ', '}
            <Anchor component={Link} to={`/orders/${o.id}`} size="sm">
              {o.number}
            </Anchor>{' '}
            {o.account}
          </span>
        ))}
      >
        <Button
          component="a"
          href={pickListApi.pdfUrl(orders)}
          target="_blank"
          variant="default"
          leftSection={<IconFileTypePdf size={16} />}
        >
          PDF
        </Button>
      </PageHeader>
      <Stack>
        {open && <Scan orders={orders} />}
        <Group>
          <Badge color={l.complete ? 'teal' : 'gray'} variant="light">
            {done} of {l.lines.length} picked
          </Badge>
        </Group>
        {l.lines.length ? (
          <Card withBorder padding="xs">
            <Lines orders={orders} lines={l.lines} />
          </Card>
        ) : (
          <Alert color="gray">Nothing to pick from stock: these orders' lines are printed, not picked.</Alert>
        )}
        {open ? (
          <Button
            w="fit-content"
            disabled={!l.complete}
            loading={confirm.isPending}
            onClick={() =>
              confirm.mutate(undefined, {
                onSuccess: () => saved('Picked: the stock has left the shelves'),
                onError: (err) => reportError(err),
              })
            }
          >
            Confirm picked
          </Button>
        ) : (
          <Text c="teal">These orders are picked.</Text>
        )}
      </Stack>
    </>
  );
}
