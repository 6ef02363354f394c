import { Anchor, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { carrierLabels, type Shipment } from '../../../shared/shipping';
import { dateTime } from '../../app/ui';
import { shippingLinks } from '../../data/shipping';
import { ShipmentStatusBadge } from '../purchasing/badges';
import { ShipmentActions } from './shipment-actions';

/** Shipments with their carrier, tracking link, documents and next moves. */
export function ShipmentsTable({ shipments, showJob = true }: { shipments: Shipment[]; showJob?: boolean }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label="Shipments" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Shipment</Table.Th>
            {showJob && <Table.Th>Job</Table.Th>}
            <Table.Th>Carrier</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Documents</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shipments.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {s.number}
                </Text>
                <Text size="xs" c="dimmed">
                  {s.packages.length} pkg · {s.totalWeightLb} lb · planned {s.plannedDate ?? '—'}
                </Text>
              </Table.Td>
              {showJob && (
                <Table.Td>
                  <Anchor component={Link} to={`/jobs/${s.job.id}`} size="sm">
                    {s.job.number}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {s.account.name}
                  </Text>
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm">
                  {carrierLabels[s.carrier]}
                  {s.service ? ` · ${s.service}` : ''}
                </Text>
                {s.trackingNumber &&
                  (s.trackingUrl ? (
                    <Anchor href={s.trackingUrl} target="_blank" rel="noreferrer" size="xs">
                      {s.trackingNumber}
                    </Anchor>
                  ) : (
                    <Text size="xs">{s.trackingNumber}</Text>
                  ))}
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {s.address.city}, {s.address.region}
                </Text>
                <Text size="xs" c="dimmed">
                  {s.address.line1}
                </Text>
              </Table.Td>
              <Table.Td>
                <ShipmentStatusBadge status={s.status} />
                {s.exceptionReason && (
                  <Text size="xs" c="red">
                    {s.exceptionReason}
                  </Text>
                )}
                {s.proofOfDelivery && (
                  <Text size="xs" c="dimmed">
                    Signed by {s.proofOfDelivery.receivedBy}, {dateTime(s.proofOfDelivery.at)}
                  </Text>
                )}
                {s.shippedAt && s.status === 'shipped' && (
                  <Text size="xs" c="dimmed">
                    Shipped {dateTime(s.shippedAt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <Anchor href={shippingLinks.packingSlip(s.id)} target="_blank" size="xs">
                    Packing slip
                  </Anchor>
                  {s.carrier === 'freight' && (
                    <Anchor href={shippingLinks.billOfLading(s.id)} target="_blank" size="xs">
                      Bill of lading
                    </Anchor>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <ShipmentActions shipment={s} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
