import {
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { ContactRole, CreateContact, PreferredChannel, type Contact } from '../../../shared/accounts';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useSaveContact } from '../../data/accounts';
import { humanize } from '../../app/ui';

type Values = {
  firstName: string;
  lastName: string;
  title: string;
  emails: string[];
  phone: string;
  roles: string[];
  preferredChannel: string;
  isPrimary: boolean;
  notes: string;
};

const blank = (s: string) => (s.trim() === '' ? null : s.trim());
const toBody = (v: Values) => ({
  firstName: v.firstName,
  lastName: v.lastName,
  title: blank(v.title),
  emails: v.emails,
  phones: v.phone.trim() ? [{ number: v.phone.trim(), label: 'work' }] : [],
  roles: v.roles,
  preferredChannel: v.preferredChannel,
  isPrimary: v.isPrimary,
  notes: blank(v.notes),
});

/** Add or change a contact of an account. */
export function ContactForm(props: {
  accountId: string;
  contact?: Contact;
  opened: boolean;
  onClose(): void;
}) {
  const c = props.contact;
  const saveContact = useSaveContact(props.accountId, c?.id);
  const form = useForm<Values>({
    initialValues: {
      firstName: c?.firstName ?? '',
      lastName: c?.lastName ?? '',
      title: c?.title ?? '',
      emails: c?.emails ?? [],
      phone: c?.phones[0]?.number ?? '',
      roles: c?.roles ?? [],
      preferredChannel: c?.preferredChannel ?? 'email',
      isPrimary: c?.isPrimary ?? false,
      notes: c?.notes ?? '',
    },
    validate: zodValidate(CreateContact, (v: Values) => toBody(v)),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      // The form was validated against CreateContact with the same body; parsing gives the typed request.
      await saveContact.mutateAsync(CreateContact.parse(toBody(values)));
      saved(c ? 'Contact saved' : `Added ${values.firstName} ${values.lastName}`);
      if (!c) form.reset();
      props.onClose();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={c ? `Edit ${c.name}` : 'New contact'}
      size="lg"
    >
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput label="First name" withAsterisk data-autofocus {...form.getInputProps('firstName')} />
            <TextInput label="Last name" withAsterisk {...form.getInputProps('lastName')} />
            <TextInput label="Title" {...form.getInputProps('title')} />
            <TextInput label="Phone" {...form.getInputProps('phone')} />
          </SimpleGrid>
          <TagsInput
            label="E-mail addresses"
            description="Press Enter after each"
            {...form.getInputProps('emails')}
            error={form.errors.emails ?? form.errors['emails.0']}
          />
          <SimpleGrid cols={2}>
            <MultiSelect
              label="Role at the client"
              data={ContactRole.options.map((r) => ({ value: r, label: humanize(r) }))}
              {...form.getInputProps('roles')}
            />
            <Select
              label="Preferred channel"
              allowDeselect={false}
              data={PreferredChannel.options.map((r) => ({ value: r, label: humanize(r) }))}
              {...form.getInputProps('preferredChannel')}
            />
          </SimpleGrid>
          <Checkbox label="Primary contact" {...form.getInputProps('isPrimary', { type: 'checkbox' })} />
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit">{c ? 'Save' : 'Add contact'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
