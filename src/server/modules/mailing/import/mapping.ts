import { MailingField, MAX_CUSTOM_FIELDS, type MailingMapping } from '../../../../shared/mailing';
import { invalid, type FieldError } from '../../../platform/errors';

/** Lower-case letters and digits only: "ZIP+4" → "zip4", "Address Line 1" → "addressline1". */
const normalise = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const synonyms: Record<MailingField, string[]> = {
  fullName: ['name', 'fullname', 'contactname', 'recipient', 'recipientname', 'addressee', 'mailname'],
  firstName: ['first', 'firstname', 'fname', 'givenname', 'forename'],
  lastName: ['last', 'lastname', 'lname', 'surname', 'familyname'],
  company: ['company', 'companyname', 'organization', 'organisation', 'business', 'firm', 'org', 'agency'],
  address1: [
    'address',
    'address1',
    'addressline1',
    'addr1',
    'street',
    'streetaddress',
    'street1',
    'deliveryaddress',
    'mailingaddress',
    'line1',
  ],
  address2: ['address2', 'addressline2', 'addr2', 'street2', 'line2', 'suite', 'apt', 'unit', 'secondary'],
  city: ['city', 'town', 'cityname'],
  state: ['state', 'st', 'province', 'region', 'stateabbr'],
  zip: ['zip', 'zipcode', 'zip5', 'postalcode', 'postcode', 'postal', 'ziporpostalcode'],
  zip4: ['zip4', 'plus4', 'zipplus4', '4', 'zipext', 'zipextension'],
};

const byName = new Map<string, MailingField>();
for (const field of MailingField.options) {
  byName.set(normalise(field), field);
  for (const s of synonyms[field]) if (!byName.has(s)) byName.set(s, field);
}

/** Guesses the standard fields from the headers; every other named column is kept as a custom field. */
export function guessMapping(columns: string[]): MailingMapping {
  const fields: MailingMapping['fields'] = {};
  const used = new Set<string>();
  for (const column of columns) {
    const field = byName.get(normalise(column));
    if (field && !fields[field]) {
      fields[field] = column;
      used.add(column);
    }
  }
  // "Name" alongside First/Last is usually the full name; a lone first+last pair is enough.
  // The first named columns up to the limit; the user can choose others in the mapping.
  const custom = columns
    .filter((c) => !used.has(c) && !/^Column \d+$/.test(c) && c.length <= 200)
    .slice(0, MAX_CUSTOM_FIELDS);
  return { fields, custom };
}

/** Checks a chosen mapping against the file's columns: every named column must exist, and an address is needed. */
export function checkMapping(columns: string[], mapping: MailingMapping): void {
  const errors: FieldError[] = [];
  const known = new Set(columns);
  const seen = new Map<string, string>();
  for (const [field, column] of Object.entries(mapping.fields)) {
    if (!column) continue;
    if (!known.has(column))
      errors.push({ path: `mapping.fields.${field}`, message: `No column "${column}"` });
    else if (seen.has(column))
      errors.push({
        path: `mapping.fields.${field}`,
        message: `"${column}" already fills ${seen.get(column)}`,
      });
    else seen.set(column, field);
  }
  for (const [i, column] of mapping.custom.entries()) {
    if (!known.has(column)) errors.push({ path: `mapping.custom.${i}`, message: `No column "${column}"` });
  }
  if (!mapping.fields.address1)
    errors.push({ path: 'mapping.fields.address1', message: 'Choose the column with the street address' });
  if (!mapping.fields.zip && !(mapping.fields.city && mapping.fields.state))
    errors.push({
      path: 'mapping.fields.zip',
      message: 'Choose the ZIP Code column (or both city and state)',
    });
  if (errors.length) throw invalid('The column mapping does not fit the file', errors);
}

export type MappedRecord = {
  seq: number;
  fullName: string;
  firstName: string;
  lastName: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  state: string;
  zip: string;
  zip4: string;
  custom: Record<string, string> | null;
};

/** Turns header + mapping into a function from a row's cells to a record. */
export function recordMapper(columns: string[], mapping: MailingMapping) {
  const at = (field: MailingField) => {
    const column = mapping.fields[field];
    return column ? columns.indexOf(column) : -1;
  };
  const index = Object.fromEntries(MailingField.options.map((f) => [f, at(f)])) as Record<
    MailingField,
    number
  >;
  const custom = mapping.custom.map((c) => [c, columns.indexOf(c)] as const);
  const cell = (cells: string[], i: number) => (i < 0 ? '' : (cells[i] ?? '').trim());
  return (seq: number, cells: string[]): MappedRecord => {
    const firstName = cell(cells, index.firstName);
    const lastName = cell(cells, index.lastName);
    const fullName = cell(cells, index.fullName) || [firstName, lastName].filter(Boolean).join(' ');
    let extra: Record<string, string> | null = null;
    for (const [name, i] of custom) {
      const v = cell(cells, i);
      if (v) (extra ??= {})[name] = v;
    }
    return {
      seq,
      fullName,
      firstName,
      lastName,
      company: cell(cells, index.company),
      address1: cell(cells, index.address1),
      address2: cell(cells, index.address2),
      city: cell(cells, index.city),
      state: cell(cells, index.state),
      zip: cell(cells, index.zip),
      zip4: cell(cells, index.zip4),
      custom: extra,
    };
  };
}
