import { ImportField, type ImportMapping } from '../../../../shared/accounts-import';
import { invalid } from '../../../platform/errors';
import type { ParsedSheet } from './parse';

export type FullMapping = Record<ImportField, string | null>;
export type RowValues = Partial<Record<ImportField, string>>;
export type MappedRow = { row: number; values: RowValues };

/** The column headers the export writes; the guesser recognises them, so an export re-imports. */
export const columnLabels: Record<ImportField, string> = {
  accountId: 'Account ID',
  accountName: 'Account name',
  segment: 'Segment',
  status: 'Status',
  ownerEmail: 'Owner e-mail',
  poRequired: 'PO required',
  paymentTerms: 'Payment terms',
  taxExempt: 'Tax exempt',
  taxExemptCertificate: 'Tax exemption certificate',
  taxExemptExpiresOn: 'Tax exemption expires',
  tags: 'Tags',
  notes: 'Notes',
  billingLine1: 'Billing address line 1',
  billingLine2: 'Billing address line 2',
  billingCity: 'Billing city',
  billingRegion: 'Billing state',
  billingPostalCode: 'Billing ZIP',
  shippingLine1: 'Shipping address line 1',
  shippingLine2: 'Shipping address line 2',
  shippingCity: 'Shipping city',
  shippingRegion: 'Shipping state',
  shippingPostalCode: 'Shipping ZIP',
  costCentres: 'Cost centres',
  contactFirstName: 'Contact first name',
  contactLastName: 'Contact last name',
  contactTitle: 'Contact title',
  contactEmail: 'Contact e-mail',
  contactPhone: 'Contact phone',
};

/** Header names people use for each field, in normalised form (see `normalise`). */
const synonyms: Record<ImportField, string[]> = {
  // Only names that mean this system's id: another system's "Customer ID" would match nothing here.
  accountId: ['accountid', 'id', 'jobjacketid', 'jobjacketaccountid'],
  accountName: [
    'account',
    'accountname',
    'company',
    'companyname',
    'organisation',
    'organization',
    'organisationname',
    'organizationname',
    'org',
    'orgname',
    'client',
    'clientname',
    'customer',
    'customername',
    'agency',
    'agencyname',
    'business',
    'businessname',
    'firm',
  ],
  segment: [
    'segment',
    'type',
    'accountsegment',
    'sector',
    'market',
    'marketsegment',
    'accounttype',
    'clienttype',
    'customertype',
  ],
  status: ['status', 'accountstatus', 'clientstatus', 'customerstatus'],
  ownerEmail: [
    'owner',
    'owneremail',
    'owneremailaddress',
    'ownername',
    'accountowner',
    'accountowneremail',
    'accountmanager',
    'accountmanageremail',
    'salesrep',
    'salesrepemail',
    'rep',
    'repemail',
    'managedby',
  ],
  poRequired: [
    'porequired',
    'po',
    'poneeded',
    'requirespo',
    'purchaseorderrequired',
    'ponumberrequired',
    'needspo',
  ],
  paymentTerms: ['paymentterms', 'terms', 'payterms', 'paymentterm', 'creditterms'],
  taxExempt: ['taxexempt', 'exempt', 'taxexemption', 'istaxexempt', 'taxstatus'],
  taxExemptCertificate: [
    'taxexemptioncertificate',
    'taxexemptcertificate',
    'exemptioncertificate',
    'taxcertificate',
    'certificate',
    'taxexemptionnumber',
    'exemptionnumber',
    'taxexemptnumber',
  ],
  taxExemptExpiresOn: [
    'taxexemptionexpires',
    'taxexemptexpires',
    'taxexemptexpireson',
    'exemptionexpires',
    'certificateexpires',
    'taxexemptionexpiry',
  ],
  tags: ['tags', 'tag', 'labels', 'label', 'keywords'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks', 'accountnotes'],
  billingLine1: [
    'address',
    'address1',
    'addressline1',
    'line1',
    'street',
    'streetaddress',
    'street1',
    'billingaddress',
    'mailingaddress',
    'addr1',
  ],
  billingLine2: ['address2', 'addressline2', 'line2', 'street2', 'suite', 'unit', 'addr2'],
  billingCity: ['city', 'town', 'cityortown'],
  billingRegion: ['state', 'region', 'province', 'stateprovince', 'stateorprovince', 'st'],
  billingPostalCode: [
    'zip',
    'zipcode',
    'postalcode',
    'postcode',
    'postal',
    'zippostalcode',
    'ziporpostalcode',
  ],
  shippingLine1: ['shipto', 'shiptoaddress', 'shippingaddress', 'deliveryaddress'],
  shippingLine2: [],
  shippingCity: [],
  shippingRegion: [],
  shippingPostalCode: [],
  costCentres: ['costcentres', 'costcenters', 'costcentre', 'costcenter', 'departments'],
  contactFirstName: ['firstname', 'first', 'givenname', 'forename', 'fname'],
  contactLastName: ['lastname', 'last', 'surname', 'familyname', 'lname'],
  contactTitle: ['title', 'jobtitle', 'position', 'role'],
  contactEmail: ['email', 'emailaddress', 'mail', 'emails'],
  contactPhone: [
    'phone',
    'phonenumber',
    'telephone',
    'tel',
    'mobile',
    'cell',
    'workphone',
    'officephone',
    'phones',
  ],
};

// Prefixes a header may carry in front of a field's usual name ("Billing State", "Contact E-mail").
const prefixes = ['primarycontact', 'contact', 'billto', 'billing', 'bill', 'mailing', 'main'];
const shippingPrefixes = ['shipto', 'shipping', 'ship', 'delivery', 'deliverto'];

/** Lower-case letters and digits only, accents removed: "E-mail Address" → "emailaddress". */
export const normalise = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const byName = new Map<string, ImportField>();
for (const field of ImportField.options) {
  byName.set(normalise(field), field);
  byName.set(normalise(columnLabels[field]), field);
  for (const s of synonyms[field]) if (!byName.has(s)) byName.set(s, field);
}

function fieldForHeader(header: string): ImportField | undefined {
  const key = normalise(header);
  const exact = byName.get(key);
  if (exact) return exact;
  // "Ship to City", "Delivery ZIP": the billing field's name after a shipping prefix means its shipping twin.
  for (const p of shippingPrefixes) {
    if (!key.startsWith(p) || key.length <= p.length) continue;
    const found = byName.get(key.slice(p.length));
    const twin = found?.startsWith('billing')
      ? (found.replace('billing', 'shipping') as ImportField)
      : undefined;
    if (twin) return twin;
  }
  for (const p of prefixes) {
    if (key.startsWith(p) && key.length > p.length) {
      const found = byName.get(key.slice(p.length));
      if (found) return found;
    }
  }
  return undefined;
}

/** Guesses which column fills each field from the header names; each column fills at most one field. */
export function guessMapping(columns: string[]): FullMapping {
  const mapping = Object.fromEntries(ImportField.options.map((f) => [f, null])) as FullMapping;
  for (const column of columns) {
    const field = fieldForHeader(column);
    if (field && mapping[field] === null) mapping[field] = column;
  }
  return mapping;
}

/** The mapping the client chose (fields it leaves out are not imported), checked against the columns. */
export function resolveMapping(columns: string[], given: ImportMapping | undefined): FullMapping {
  if (!given) return guessMapping(columns);
  const mapping = Object.fromEntries(ImportField.options.map((f) => [f, null])) as FullMapping;
  const errors: { path: string; message: string }[] = [];
  for (const field of ImportField.options) {
    const column = given[field];
    if (column === undefined || column === null || column === '') continue;
    if (!columns.includes(column))
      errors.push({ path: `mapping.${field}`, message: `No column "${column}"` });
    else mapping[field] = column;
  }
  if (errors.length) throw invalid('The mapping names columns the file does not have', errors);
  return mapping;
}

// The export prefixes formula-like text with ' (CSV injection guard); undo it so a round trip is exact.
const unguard = (s: string) => (/^'[=+\-@]/.test(s) ? s.slice(1) : s);

/** Each data row as field → trimmed text, leaving out empty cells. */
export function applyMapping(sheet: ParsedSheet, mapping: FullMapping): MappedRow[] {
  const index = ImportField.options.flatMap((field) => {
    const column = mapping[field];
    return column === null ? [] : [[field, sheet.columns.indexOf(column)] as const];
  });
  return sheet.rows.map(({ row, cells }) => {
    const values: RowValues = {};
    for (const [field, i] of index) {
      const text = unguard((cells[i] ?? '').trim());
      if (text) values[field] = text;
    }
    return { row, values };
  });
}
