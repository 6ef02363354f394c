import { useState } from 'react';
import {
  Button,
  Card,
  FileInput,
  Group,
  Image,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { PaperSize, ShopProfile } from '../../../shared/shop';
import { reportError, saved } from '../../app/feedback';
import { readBase64 } from '../../app/files';
import { useUser } from '../../app/auth';
import { can } from '../../../shared/permissions';
import { dateTime, ErrorBox, Loading, PageHeader } from '../../app/ui';
import { useRemoveShopLogo, useSaveShopProfile, useSetShopLogo, useShopProfile } from '../../data/shop';

type Values = { name: string; address: string; phone: string; email: string; paperSize: PaperSize };

function ProfileForm({ profile, editable }: { profile: ShopProfile; editable: boolean }) {
  const save = useSaveShopProfile();
  const form = useForm<Values>({
    initialValues: {
      name: profile.name,
      address: profile.address,
      phone: profile.phone ?? '',
      email: profile.email ?? '',
      paperSize: profile.paperSize,
    },
  });
  return (
    <form
      onSubmit={form.onSubmit(async (v) => {
        try {
          await save.mutateAsync({ ...v, phone: v.phone || null, email: v.email || null });
          saved('Shop profile saved: documents print it from now on');
        } catch (err) {
          reportError(err, form as never);
        }
      })}
    >
      <Stack>
        <TextInput label="Shop name" required disabled={!editable} {...form.getInputProps('name')} />
        <Textarea
          label="Address"
          description="As it prints: one line per line"
          autosize
          minRows={3}
          disabled={!editable}
          {...form.getInputProps('address')}
        />
        <SimpleGrid cols={2}>
          <TextInput label="Phone" disabled={!editable} {...form.getInputProps('phone')} />
          <TextInput label="E-mail" disabled={!editable} {...form.getInputProps('email')} />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="paper-size-label">
            Paper size
          </Text>
          <SegmentedControl
            aria-labelledby="paper-size-label"
            disabled={!editable}
            data={[
              { value: 'letter', label: 'Letter (8.5 × 11 in)' },
              { value: 'a4', label: 'A4 (210 × 297 mm)' },
            ]}
            {...form.getInputProps('paperSize')}
          />
        </Stack>
        {editable && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

function LogoCard({ profile, editable }: { profile: ShopProfile; editable: boolean }) {
  const setLogo = useSetShopLogo();
  const removeLogo = useRemoveShopLogo();
  const [file, setFile] = useState<File | null>(null);
  const upload = async () => {
    if (!file) return;
    try {
      await setLogo.mutateAsync({ filename: file.name, contentBase64: await readBase64(file) });
      saved('Logo uploaded');
      setFile(null);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Logo
      </Text>
      {profile.logoUrl ? (
        <Image src={profile.logoUrl} alt={`${profile.name} logo`} h={80} w="auto" fit="contain" mb="sm" />
      ) : (
        <Text c="dimmed" size="sm" mb="sm">
          No logo: documents print the shop&apos;s name only.
        </Text>
      )}
      {editable && (
        <Stack>
          <FileInput
            label="PNG or JPEG, up to 2 MB"
            accept="image/png,image/jpeg"
            value={file}
            onChange={setFile}
            clearable
          />
          <Group justify="flex-end">
            {profile.logoUrl && (
              <Button
                variant="default"
                loading={removeLogo.isPending}
                onClick={() => removeLogo.mutate(undefined, { onError: (err) => reportError(err) })}
              >
                Remove logo
              </Button>
            )}
            <Button onClick={upload} disabled={!file} loading={setLogo.isPending}>
              Upload logo
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}

/** The shop's own profile: what purchase orders, packing slips, bills of lading, tickets and reports print. */
export function ShopProfilePage() {
  const profile = useShopProfile();
  const editable = can(useUser().role, 'shop.profile.edit');
  if (profile.error) return <ErrorBox error={profile.error} />;
  if (!profile.data) return <Loading />;
  return (
    <>
      <PageHeader
        title="Shop profile"
        sub={
          profile.data.updatedAt
            ? `Printed on purchase orders, packing slips, bills of lading, job tickets and reports · saved ${dateTime(profile.data.updatedAt)} by ${profile.data.updatedBy ?? '—'}`
            : 'Printed on purchase orders, packing slips, bills of lading, job tickets and reports'
        }
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder>
          <ProfileForm key={profile.data.updatedAt ?? 'new'} profile={profile.data} editable={editable} />
        </Card>
        <LogoCard profile={profile.data} editable={editable} />
      </SimpleGrid>
    </>
  );
}
