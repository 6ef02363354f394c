import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconShoppingCartPlus } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { productKindLabels, type Product } from '../../../shared/portals';
import { reportError, saved } from '../../app/feedback';
import { FavouriteStar } from './favourite-star';
import { useAddToCart, useApproveProof, useProduct, useProducts } from '../../data/portal';
import { ErrorBox, Loading } from '../../app/ui';
import { Availability, ProductImage } from './catalog';
import { money } from './order-bits';
import { can, usePortal, usePortalSession } from './portal-auth';
import { missingFields, ProofViewer, valuesKey } from './proof-viewer';
import { EnginePrice } from './engine-price';
import { firstQuantity, quantityHint, quantityProblem, unitPriceAt } from './quantity';
import { useCart } from './use-cart';
import { ArtworkStep, artworkProblem, type ArtworkChoice } from './artwork-step';

function PriceBreaks({ product, quantity }: { product: Product; quantity: number }) {
  if (product.unitPriceCents === null || !product.priceBreaks.length) return null;
  const rows = [
    { minQuantity: product.minQuantity, unitPriceCents: product.unitPriceCents },
    ...product.priceBreaks.filter((b) => b.minQuantity > product.minQuantity),
  ].sort((a, b) => a.minQuantity - b.minQuantity);
  const current = unitPriceAt(product, quantity);
  return (
    <Table aria-label="Price breaks" withTableBorder fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Quantity</Table.Th>
          <Table.Th ta="right">Each</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((b, i) => {
          const next = rows[i + 1];
          const on = quantity >= b.minQuantity && (!next || quantity < next.minQuantity);
          return (
            <Table.Tr key={b.minQuantity} fw={on && current === b.unitPriceCents ? 700 : undefined}>
              <Table.Td>
                {b.minQuantity.toLocaleString()}
                {next ? `–${(next.minQuantity - 1).toLocaleString()}` : '+'}
              </Table.Td>
              <Table.Td ta="right">{money(b.unitPriceCents)}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function KitContents({ product }: { product: Product }) {
  const { slug, to } = usePortal();
  const parts = useProducts(
    slug,
    product.components.map((c) => c.productId),
  );
  if (!product.components.length) return null;
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        In this kit
      </Text>
      <Stack gap={4}>
        {product.components.map((c, i) => {
          const p = parts[i]?.data;
          return (
            <Group key={c.productId} justify="space-between" wrap="nowrap">
              <Text size="sm">
                {c.quantity.toLocaleString()} ×{' '}
                {p ? (
                  <Anchor component={Link} to={to(`/catalog/${p.id}`)} size="sm">
                    {p.name}
                  </Anchor>
                ) : (
                  'Item'
                )}
              </Text>
              {p && <Availability product={p} />}
            </Group>
          );
        })}
      </Stack>
    </Card>
  );
}

/** A product: what it is, its prices, quantity rules, and for variable data the fields and live proof. */
export function ProductPage() {
  const { productId } = useParams();
  const { slug, to } = usePortal();
  const session = usePortalSession();
  const navigate = useNavigate();
  const { cart } = useCart();
  const product = useProduct(slug, productId);
  const addToCart = useAddToCart(slug);
  const approveProof = useApproveProof(slug);
  const [quantity, setQuantity] = useState<number | string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [proofShows, setProofShows] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [artwork, setArtwork] = useState<ArtworkChoice>({ upload: null, warningsAccepted: false });
  if (product.error) return <ErrorBox error={product.error} />;
  if (!product.data) return <Loading />;
  const p = product.data;
  const qty = quantity === null ? firstQuantity(p) : Number(quantity);
  const problem = quantity === '' ? 'Enter a quantity' : quantityProblem(p, qty);
  const short = p.available !== null && !problem && qty > p.available;
  const unit = unitPriceAt(p, qty);
  const vdp = p.kind === 'variable_data';
  const missing = vdp ? missingFields(p.fields, values) : [];
  const proofCurrent = vdp && proofShows === valuesKey(values);
  const orderable = can.order(session.user.role);
  const artworkBlock = artworkProblem(p.artwork, artwork);

  const add = async () => {
    setBusy(true);
    try {
      const before = new Set((cart?.lines ?? []).map((l) => l.id));
      const next = await addToCart.mutateAsync({
        productId: p.id,
        quantity: qty,
        values,
        artworkFileId: artwork.upload?.id ?? null,
        artworkWarningsAccepted: artwork.warningsAccepted,
      });
      if (vdp) {
        // The new line is the one that was not in the cart before (or, if the server merged it, the same values).
        const line =
          next.lines.find((l) => !before.has(l.id) && l.product.id === p.id) ??
          next.lines.find((l) => l.product.id === p.id && valuesKey(l.values) === valuesKey(values));
        if (line && !line.proofApproved) await approveProof.mutateAsync(line.id);
      }
      saved(`${p.name} is in your cart`);
      navigate(to('/cart'));
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Anchor component={Link} to={to()} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Catalogue
        </Group>
      </Anchor>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: vdp ? 5 : 6 }}>
          <Stack>
            {!vdp && (
              <Card withBorder p={0} style={{ overflow: 'hidden' }}>
                <ProductImage product={p} height={280} />
              </Card>
            )}
            <div>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Title order={2}>{p.name}</Title>
                <FavouriteStar productId={p.id} name={p.name} />
              </Group>
              <Group gap="xs" mt={4}>
                <Text size="sm" c="dimmed">
                  {p.sku} · {productKindLabels[p.kind]}
                </Text>
                {p.categories.map((c) => (
                  <Badge key={c} variant="outline" size="sm" color="gray">
                    {c}
                  </Badge>
                ))}
              </Group>
            </div>
            {p.description && <Text style={{ whiteSpace: 'pre-line' }}>{p.description}</Text>}
            <Group gap="sm">
              {p.pricedByEngine && (
                <EnginePrice slug={slug} productId={p.id} quantity={problem ? null : qty} />
              )}
              {p.unitPriceCents !== null && !p.pricedByEngine && (
                <Text fw={700} size="lg">
                  {money(unit)}{' '}
                  <Text span size="sm" c="dimmed" fw={400}>
                    each
                  </Text>
                </Text>
              )}
              <Availability product={p} />
              {p.restricted && (
                <Badge color="orange" variant="light">
                  Needs approval
                </Badge>
              )}
            </Group>
            <PriceBreaks product={p} quantity={problem ? 0 : qty} />
            <KitContents product={p} />
            {p.artwork && orderable && <ArtworkStep product={p} value={artwork} onChange={setArtwork} />}
            {vdp && orderable && (
              <Card withBorder>
                <Text fw={600} mb="xs">
                  Your details
                </Text>
                <Stack gap="sm">
                  {vdp &&
                    p.fields.map((f) => (
                      <TextInput
                        key={f.name}
                        label={f.label}
                        withAsterisk={f.required}
                        maxLength={f.maxLength}
                        value={values[f.name] ?? ''}
                        onChange={(e) => {
                          const v = e.currentTarget.value;
                          setValues((old) => ({ ...old, [f.name]: v }));
                          setChecked(false);
                        }}
                      />
                    ))}
                </Stack>
              </Card>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: vdp ? 7 : 6 }}>
          <Card withBorder>
            <Stack>
              {vdp && (
                <ProofViewer productId={p.id} fields={p.fields} values={values} onShown={setProofShows} />
              )}
              {orderable ? (
                <>
                  <NumberInput
                    label="Quantity"
                    description={quantityHint(p) || undefined}
                    min={p.minQuantity}
                    max={p.maxQuantity ?? undefined}
                    step={p.multipleOf}
                    thousandSeparator
                    allowDecimal={false}
                    allowNegative={false}
                    value={quantity ?? firstQuantity(p)}
                    onChange={setQuantity}
                    error={problem}
                    maw={240}
                  />
                  {short && (
                    <Alert color="orange" p="xs">
                      Only {p.available!.toLocaleString()} available now.
                    </Alert>
                  )}
                  {unit !== null && !problem && !p.pricedByEngine && (
                    <Text size="sm">
                      {qty.toLocaleString()} × {money(unit)} ={' '}
                      <Text span fw={700}>
                        {money(unit * qty)}
                      </Text>
                    </Text>
                  )}
                  {vdp && (
                    <Checkbox
                      label="I have checked the proof: names, spelling and numbers are right"
                      checked={checked}
                      disabled={!proofCurrent}
                      onChange={(e) => setChecked(e.currentTarget.checked)}
                    />
                  )}
                  <Button
                    leftSection={<IconShoppingCartPlus size={18} />}
                    onClick={add}
                    loading={busy}
                    disabled={
                      Boolean(problem) ||
                      short ||
                      missing.length > 0 ||
                      (vdp && !(checked && proofCurrent)) ||
                      Boolean(artworkBlock)
                    }
                  >
                    {vdp ? 'Approve proof and add to cart' : 'Add to cart'}
                  </Button>
                  {artworkBlock && (
                    <Text size="sm" c="dimmed">
                      {artworkBlock}
                    </Text>
                  )}
                </>
              ) : (
                <Text size="sm" c="dimmed">
                  You can look at the catalogue; ordering is for buyers and approvers.
                </Text>
              )}
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
