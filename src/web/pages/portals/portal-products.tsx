import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Group, Modal, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { productKindLabels, type Portal, type Product } from '../../../shared/portals';
import { ErrorBox, Loading } from '../../app/ui';
import { usePortalProducts } from '../../data/portals';
import { money } from '../portal/order-bits';
import { ProductForm } from './product-form';

/** The portal's products: what each is, its price, what can be ordered now; the product editor. */
export function PortalProductsTab({ portal }: { portal: Portal }) {
  const products = usePortalProducts(portal.id);
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const all = products.data?.items ?? [];
  return (
    <>
      <Group justify="flex-end" mb="sm">
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          New product
        </Button>
      </Group>
      {products.error ? (
        <ErrorBox error={products.error} />
      ) : !products.data ? (
        <Loading />
      ) : !all.length ? (
        <Text c="dimmed">No products yet.</Text>
      ) : (
        <Table aria-label="Products" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>SKU</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Categories</Table.Th>
              <Table.Th ta="right">Price</Table.Th>
              <Table.Th ta="right">Available</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {all.map((p) => (
              <Table.Tr key={p.id} c={p.active ? undefined : 'dimmed'}>
                <Table.Td>
                  <Anchor component="button" type="button" onClick={() => setEditing(p)} size="sm">
                    {p.sku}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {p.name}
                  {!p.active && (
                    <Badge color="gray" size="sm" ml="xs">
                      Inactive
                    </Badge>
                  )}
                  {p.restricted && (
                    <Badge color="orange" size="sm" ml="xs" variant="light">
                      Restricted
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {productKindLabels[p.kind]}
                  {p.kind === 'variable_data' && (
                    <Anchor
                      component={Link}
                      to={`/portals/${portal.id}/products/${p.id}/template`}
                      size="sm"
                      ml="xs"
                    >
                      Template
                    </Anchor>
                  )}
                </Table.Td>
                <Table.Td>{p.categories.join(', ')}</Table.Td>
                <Table.Td ta="right">
                  {p.pricedByEngine ? 'Estimating engine' : money(p.unitPriceCents)}
                  {p.priceBreaks.length > 0 && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      +{p.priceBreaks.length} breaks
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {p.available === null ? 'Made to order' : p.available.toLocaleString()}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New product' : `Edit ${editing?.sku ?? ''}`}
        size="xl"
      >
        {editing && (
          <ProductForm
            portal={portal}
            product={editing === 'new' ? undefined : editing}
            products={all}
            onSaved={() => setEditing(null)}
          />
        )}
      </Modal>
    </>
  );
}
