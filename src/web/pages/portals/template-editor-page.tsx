import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Link } from 'react-router';
import {
  Alert,
  Anchor,
  Box,
  Button,
  FileButton,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { Imposition, Placement, type VdpTemplate } from '../../../shared/vdp';
import { reportError, saved } from '../../app/feedback';
import { readBase64 } from '../../app/files';
import { ErrorBox, Loading, PageHeader } from '../../app/ui';
import { usePortalAdmin, usePortalProducts } from '../../data/portals';
import { useTemplateChange, useVdpFonts, useVdpTemplate, vdpApi } from '../../data/vdp';
import { DesignCanvas } from './design-canvas';
import { ImpositionFields, PlacementFields } from './placement-fields';
import { VdpFonts } from './vdp-fonts';

/**
 * The variable-data template of a product: the client's PDF design (shown with pdf.js), the product's fields
 * placed on it as boxes (by mouse, or by typing the numbers), fonts, fitting rules and the press sheet; a
 * preview with sample values renders exactly as a buyer's proof will.
 */
export function TemplateEditorPage() {
  const { id = '', productId = '' } = useParams();
  const portal = usePortalAdmin(id);
  const products = usePortalProducts(id);
  const template = useVdpTemplate(id, productId);
  const product = products.data?.items.find((p) => p.id === productId);
  if (portal.error || products.error || template.error)
    return <ErrorBox error={portal.error ?? products.error ?? template.error} />;
  if (!portal.data || !products.data || !template.data) return <Loading />;
  if (!product) return <Text>This portal has no such product.</Text>;
  return (
    <Stack>
      <PageHeader
        title={`Template: ${product.name}`}
        sub={
          <Anchor component={Link} to={`/portals/${id}/products`}>
            {portal.data.name} · products
          </Anchor>
        }
      />
      <TemplateEditor
        key={template.data.template?.version ?? 0}
        portalId={id}
        productId={productId}
        fields={product.fields}
        template={template.data.template}
      />
      <VdpFonts />
    </Stack>
  );
}

type Field = { name: string; label: string };

function TemplateEditor({
  portalId,
  productId,
  fields,
  template,
}: {
  portalId: string;
  productId: string;
  fields: Field[];
  template: VdpTemplate | null;
}) {
  const fonts = useVdpFonts();
  const [placements, setPlacements] = useState<Placement[]>(template?.placements ?? []);
  const [imposition, setImposition] = useState<Imposition>(template?.imposition ?? Imposition.parse({}));
  const [selected, setSelected] = useState<number | null>(null);
  const [side, setSide] = useState(0);
  const [bytes, setBytes] = useState<ArrayBuffer | null>(null);
  const [sample, setSample] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<string | null>(null);
  const upload = useTemplateChange(portalId, productId, async (file: File) =>
    vdpApi.uploadDesign(portalId, productId, { filename: file.name, contentBase64: await readBase64(file) }),
  );
  const save = useTemplateChange(portalId, productId, () =>
    vdpApi.save(portalId, productId, { placements, imposition }),
  );
  const remove = useTemplateChange(portalId, productId, () => vdpApi.remove(portalId, productId));

  useEffect(() => {
    if (!template) return;
    let live = true;
    vdpApi.design(portalId, productId).then((b) => live && setBytes(b), reportError);
    return () => {
      live = false;
    };
  }, [portalId, productId, template]);

  const label = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  const unplaced = fields.filter((f) => !placements.some((p) => p.field === f.name));
  const page = template?.pages[side] ?? template?.pages[0];
  const change = (i: number, p: Placement) => setPlacements((all) => all.map((x, j) => (j === i ? p : x)));
  const add = (name: string) => {
    const next = Placement.parse({
      field: name,
      page: side,
      x: 18,
      y: 18 + 18 * placements.length,
      width: 180,
      size: 10,
    });
    setPlacements((all) => [...all, next]);
    setSelected(placements.length);
  };
  const run = async (what: Promise<unknown>, message: string) => {
    try {
      await what;
      saved(message);
    } catch (err) {
      reportError(err);
    }
  };
  const showPreview = async () => {
    try {
      const blob = await vdpApi.preview(portalId, productId, sample);
      setPreview(URL.createObjectURL(blob));
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <Stack>
      <Group>
        <FileButton
          onChange={(f) => f && void run(upload.mutateAsync(f), 'Design uploaded')}
          accept="application/pdf,.pdf"
        >
          {(props) => (
            <Button {...props} leftSection={<IconUpload size={16} />} loading={upload.isPending}>
              {template ? 'Replace the design (PDF)' : 'Upload the client’s design (PDF)'}
            </Button>
          )}
        </FileButton>
        {template && (
          <Text size="sm" c="dimmed">
            {template.designName} · version {template.version} ·{' '}
            {template.pages.length === 2 ? 'front and back' : 'one side'} ·{' '}
            {Math.round(template.pages[0]!.width)} × {Math.round(template.pages[0]!.height)} pt
          </Text>
        )}
      </Group>
      {!template || !page ? (
        <Alert color="blue">
          Upload the client’s design: a PDF of one page, or two (front and back), 15 MB at most. Then place
          the product’s fields on it.
        </Alert>
      ) : (
        <>
          {template.pages.length > 1 && (
            <SegmentedControl
              w={220}
              aria-label="Side"
              data={[
                { value: '0', label: 'Front' },
                { value: '1', label: 'Back' },
              ]}
              value={String(side)}
              onChange={(v) => setSide(Number(v))}
            />
          )}
          <Text size="sm" c="dimmed">
            Choose a field, then click the design where its box starts, drag the box, or move it with the
            arrow keys (Shift: 10 pt). Positions are in points from the top-left corner.
          </Text>
          <DesignCanvas
            bytes={bytes}
            page={page}
            pageIndex={side}
            boxes={placements
              .map((p, index) => ({ index, placement: p, label: label(p.field) }))
              .filter((b) => b.placement.page === side)}
            selected={selected}
            onSelect={setSelected}
            onMove={(i, x, y) => change(i, { ...placements[i]!, x, y })}
          />
          {unplaced.length > 0 && (
            <Select
              label="Place a field"
              placeholder="Choose a field"
              w={260}
              data={unplaced.map((f) => ({ value: f.name, label: f.label }))}
              value={null}
              onChange={(v) => v && add(v)}
            />
          )}
          <Stack gap="xs">
            {placements.map((p, i) => (
              <PlacementFields
                key={p.field}
                label={label(p.field)}
                placement={p}
                fonts={fonts.data?.items ?? []}
                pages={template.pages.length}
                selected={selected === i}
                onSelect={() => setSelected(i)}
                onChange={(next) => change(i, next)}
                onRemove={() => {
                  setPlacements((all) => all.filter((_, j) => j !== i));
                  setSelected(null);
                }}
              />
            ))}
          </Stack>
          <Text fw={600}>Print-ready sheet</Text>
          <ImpositionFields value={imposition} onChange={setImposition} />
          <Group>
            <Button
              onClick={() => void run(save.mutateAsync(undefined), 'Template saved')}
              loading={save.isPending}
            >
              Save template
            </Button>
            <Button
              variant="subtle"
              color="red"
              onClick={() => void run(remove.mutateAsync(undefined), 'Template removed')}
              loading={remove.isPending}
            >
              Remove template
            </Button>
          </Group>
          <Text fw={600}>Preview with sample values</Text>
          <Group align="flex-end">
            {fields.map((f) => (
              <TextInput
                key={f.name}
                label={`Sample ${f.label}`}
                value={sample[f.name] ?? ''}
                onChange={(e) => setSample((s) => ({ ...s, [f.name]: e.currentTarget.value }))}
              />
            ))}
            <Button variant="light" onClick={() => void showPreview()}>
              Preview the saved template
            </Button>
          </Group>
          {preview && (
            <Box
              component="iframe"
              src={`${preview}#toolbar=0&view=FitH`}
              title="Template preview"
              w="100%"
              h={360}
              style={{ border: '1px solid var(--mantine-color-gray-3)' }}
            />
          )}
        </>
      )}
    </Stack>
  );
}
