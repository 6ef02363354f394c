import { ActionIcon, Badge, FileButton, Button, Group, Stack, Text } from '@mantine/core';
import { IconTrash, IconUpload } from '@tabler/icons-react';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { reportError, saved } from '../../app/feedback';
import { readBase64 } from '../../app/files';
import { useRemoveFont, useUploadFont, useVdpFonts } from '../../data/vdp';

/** The shop's fonts for templates: the bundled DejaVu family, and TTF/OTF files an admin uploads or removes. */
export function VdpFonts() {
  const user = useUser();
  const fonts = useVdpFonts();
  const upload = useUploadFont();
  const remove = useRemoveFont();
  const mayEdit = can(user.role, 'shop.profile.edit');
  const onFile = async (file: File | null) => {
    if (!file) return;
    try {
      const font = await upload.mutateAsync({ filename: file.name, contentBase64: await readBase64(file) });
      saved(`${font.name} added (${font.glyphCount} glyphs)`);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600}>The shop’s fonts</Text>
        {mayEdit && (
          <FileButton onChange={(f) => void onFile(f)} accept=".ttf,.otf,font/ttf,font/otf">
            {(props) => (
              <Button
                {...props}
                size="xs"
                variant="light"
                leftSection={<IconUpload size={14} />}
                loading={upload.isPending}
              >
                Upload a font (TTF/OTF)
              </Button>
            )}
          </FileButton>
        )}
      </Group>
      <Group gap="xs">
        {(fonts.data?.items ?? []).map((f) => (
          <Badge
            key={f.id}
            variant={f.bundled ? 'light' : 'outline'}
            rightSection={
              mayEdit && !f.bundled ? (
                <ActionIcon
                  size="xs"
                  variant="transparent"
                  aria-label={`Remove the font ${f.name}`}
                  onClick={() =>
                    remove.mutateAsync(f.id).then(
                      () => saved(`${f.name} removed`),
                      (err: unknown) => reportError(err),
                    )
                  }
                >
                  <IconTrash size={12} />
                </ActionIcon>
              ) : undefined
            }
          >
            {f.name}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}
