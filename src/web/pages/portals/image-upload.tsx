import { useRef, useState } from 'react';
import { Button, Group, Image, Progress, Stack, Text } from '@mantine/core';
import { IconTrash, IconUpload } from '@tabler/icons-react';
import type { UploadedFile } from '../../../shared/artwork';
import { reportError, saved } from '../../app/feedback';
import { usePortalImage } from '../../data/uploads';

/**
 * Uploads a portal's logo or a product's image (PNG, JPEG or WebP; the server checks and resizes it), shows the
 * stored copy and removes it. `url` is the upload route (PUT to replace, DELETE to remove).
 */
export function ImageUpload(props: { label: string; url: string; current: UploadedFile | null }) {
  const { label, url, current } = props;
  const image = usePortalImage(url);
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);

  const send = async (file: File) => {
    setProgress(0);
    try {
      await image.upload(file, setProgress);
      saved(`${label} uploaded`);
    } catch (err) {
      reportError(err);
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  };
  const remove = async () => {
    try {
      await image.remove();
      saved(`${label} removed`);
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {current && <Image src={current.url} alt={label} h={80} w="auto" fit="contain" bg="gray.1" />}
      <input
        ref={input}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        aria-label={`${label} file`}
        style={{ display: 'none' }}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void send(file);
        }}
      />
      <Group gap="xs">
        <Button
          size="xs"
          variant="default"
          leftSection={<IconUpload size={14} />}
          loading={progress !== null}
          onClick={() => input.current?.click()}
        >
          {current ? `Replace ${label.toLowerCase()}` : `Upload ${label.toLowerCase()}`}
        </Button>
        {current && (
          <Button
            size="xs"
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={14} />}
            onClick={remove}
          >
            Remove
          </Button>
        )}
      </Group>
      {progress !== null && <Progress value={progress} aria-label={`${label} upload progress`} />}
      <Text size="xs" c="dimmed">
        PNG, JPEG or WebP up to 10 MB; shown instead of the URL.
      </Text>
    </Stack>
  );
}
