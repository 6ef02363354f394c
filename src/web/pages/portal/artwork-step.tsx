import { useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Group, List, Progress, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX, IconUpload } from '@tabler/icons-react';
import type { ArtworkRules, ArtworkUpload } from '../../../shared/artwork';
import { preflightCheckLabels } from '../../../shared/artwork';
import type { Product } from '../../../shared/portals';
import { reportError } from '../../app/feedback';
import { uploadFile } from '../../data/uploads';
import { usePortal, usePortalSession } from './portal-auth';

/** What the product page needs to know of the buyer's artwork before "Add to cart". */
export type ArtworkChoice = { upload: ArtworkUpload | null; warningsAccepted: boolean };

/** Whether the artwork lets the line go into the cart, and if not, why (for the button's hint). */
export function artworkProblem(rules: ArtworkRules | null, choice: ArtworkChoice): string | null {
  if (!rules) return null;
  if (!choice.upload) return rules.required ? 'Upload your artwork first' : null;
  if (choice.upload.report.blocked) return 'Your artwork did not pass the check: upload a corrected PDF';
  if (choice.upload.report.findings.length && !choice.warningsAccepted) return 'Confirm the warnings first';
  return null;
}

const inches = (n: number) => `${n} in`;

function Report({ upload }: { upload: ArtworkUpload }) {
  const r = upload.report;
  const ok = !r.findings.length;
  return (
    <Stack gap="xs" aria-live="polite">
      <Group gap="xs">
        {r.blocked ? (
          <Badge color="red" leftSection={<IconCircleX size={14} />}>
            Cannot be printed as it is
          </Badge>
        ) : ok ? (
          <Badge color="green" leftSection={<IconCircleCheck size={14} />}>
            Ready to print
          </Badge>
        ) : (
          <Badge color="orange" leftSection={<IconAlertTriangle size={14} />}>
            Printable, with warnings
          </Badge>
        )}
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {upload.name}
        </Text>
      </Group>
      <Text size="sm">
        {r.pages} page{r.pages === 1 ? '' : 's'}, {inches(r.pageWidthIn)} × {inches(r.pageHeightIn)}
        {r.expectedWidthIn !== null &&
          ` (needed: ${inches(r.expectedWidthIn)} × ${inches(r.expectedHeightIn!)})`}
        {r.images.length > 0 && ` · ${r.images.length} image${r.images.length === 1 ? '' : 's'}`}
        {r.fonts.length > 0 && ` · ${r.fonts.length} font${r.fonts.length === 1 ? '' : 's'}`}
      </Text>
      {r.findings.length > 0 && (
        <List spacing="xs" size="sm" aria-label="Preflight findings">
          {r.findings.map((f, i) => (
            <List.Item
              key={i}
              icon={
                f.severity === 'block' ? (
                  <IconCircleX size={18} color="var(--mantine-color-red-7)" aria-label="Blocking" />
                ) : (
                  <IconAlertTriangle size={18} color="var(--mantine-color-orange-7)" aria-label="Warning" />
                )
              }
            >
              <Text span fw={600} size="sm">
                {preflightCheckLabels[f.check]}:
              </Text>{' '}
              {f.message}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/**
 * The buyer's artwork for a print-on-demand product: choose a PDF, watch it upload, read the preflight's
 * report in plain words. A blocking report keeps "Add to cart" off; warnings must be confirmed.
 */
export function ArtworkStep(props: {
  product: Product;
  value: ArtworkChoice;
  onChange: (c: ArtworkChoice) => void;
}) {
  const { product, value, onChange } = props;
  const { slug } = usePortal();
  const session = usePortalSession();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [checking, setChecking] = useState(false);
  const rules = product.artwork!;

  const send = async (file: File) => {
    setProgress(0);
    setChecking(false);
    try {
      const upload = await uploadFile<ArtworkUpload>({
        method: 'POST',
        url: `/portal/${slug}/catalog/${product.id}/artwork`,
        file,
        csrfToken: session.csrfToken,
        onProgress: (pct) => {
          setProgress(pct);
          if (pct >= 100) setChecking(true);
        },
      });
      onChange({ upload, warningsAccepted: false });
    } catch (err) {
      reportError(err);
    } finally {
      setProgress(null);
      setChecking(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Text fw={600}>Your artwork{rules.required ? '' : ' (optional)'}</Text>
        <Text size="sm" c="dimmed">
          A print-ready PDF{rules.pages ? ` of ${rules.pages} page${rules.pages === 1 ? '' : 's'}` : ''}
          {product.spec.finishedSize
            ? `, ${product.spec.finishedSize.width} × ${product.spec.finishedSize.height} ${product.spec.finishedSize.unit} plus ${rules.bleedIn} in bleed on each side`
            : ''}
          , fonts embedded, images at {rules.minPpi} ppi{rules.cmykOnly ? ' in CMYK' : ''}.
        </Text>
        <input
          ref={input}
          type="file"
          accept="application/pdf,.pdf"
          aria-label="Artwork PDF"
          style={{ display: 'none' }}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void send(file);
          }}
        />
        <Group>
          <Button
            variant={value.upload ? 'default' : 'filled'}
            leftSection={<IconUpload size={16} />}
            onClick={() => input.current?.click()}
            loading={progress !== null}
          >
            {value.upload ? 'Upload another PDF' : 'Upload artwork (PDF)'}
          </Button>
        </Group>
        {progress !== null && (
          <Stack gap={4}>
            <Progress value={progress} aria-label="Upload progress" animated={checking} />
            <Text size="xs" c="dimmed" aria-live="polite">
              {checking ? 'Checking your artwork…' : `Uploading… ${progress}%`}
            </Text>
          </Stack>
        )}
        {value.upload && <Report upload={value.upload} />}
        {value.upload && !value.upload.report.blocked && value.upload.report.findings.length > 0 && (
          <Checkbox
            label="I have read the warnings and want it printed as it is"
            checked={value.warningsAccepted}
            onChange={(e) => onChange({ ...value, warningsAccepted: e.currentTarget.checked })}
          />
        )}
        {value.upload?.report.blocked && (
          <Alert color="red" p="xs">
            Fix what is marked and upload the corrected PDF.
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
