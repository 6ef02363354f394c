import { countAccounts } from '../modules/accounts';
import type { Segment } from '../../shared/accounts';
import type { Db } from '../platform/db';
import { buildAccount, buildContact, buildUser } from '../factories';
import { seedDemoJobs } from './jobs';
import { seedDemoSupply } from './supply';
import { seedSampleRates } from '../modules/mailing';
import { seedDemoPortal } from './portal';
import { seedDemoEstimating } from './estimating';

export const DEMO_PASSWORD = 'jobjacket-demo';

const staff = [
  { email: 'maria.lopez@demo.jobjacket', name: 'Maria Lopez', role: 'manager' },
  { email: 'sam.okafor@demo.jobjacket', name: 'Sam Okafor', role: 'account_manager' },
  { email: 'dana.kim@demo.jobjacket', name: 'Dana Kim', role: 'account_manager' },
  { email: 'lee.brennan@demo.jobjacket', name: 'Lee Brennan', role: 'production', department: 'press' },
  { email: 'ana.silva@demo.jobjacket', name: 'Ana Silva', role: 'production', department: 'mailing' },
  { email: 'raj.patel@demo.jobjacket', name: 'Raj Patel', role: 'purchasing' },
] as const;

const clients: [string, Segment][] = [
  ['State Department of Revenue', 'state'],
  ['Department of Motor Vehicles', 'state'],
  ['State Lottery Commission', 'state'],
  ['Department of Health Services', 'state'],
  ['Secretary of State — Elections', 'state'],
  ['Department of Natural Resources', 'state'],
  ['State Treasurer', 'state'],
  ['Workforce Development Agency', 'state'],
  ['Department of Corrections', 'state'],
  ['Public Utilities Commission', 'state'],
  ['Riverside State University', 'education'],
  ['Lakeview Community College', 'education'],
  ['North County School District', 'education'],
  ['St. Brendan Academy', 'education'],
  ['Westfield Technical Institute', 'education'],
  ['University Medical School', 'education'],
  ['Harbor City Public Schools', 'education'],
  ['Pinecrest University Alumni Office', 'education'],
  ['Valley Unified School District', 'education'],
  ['Summit College of Art', 'education'],
  ['Acme Insurance Group', 'corporate'],
  ['Bluewater Credit Union', 'corporate'],
  ['Crescent Health Network', 'corporate'],
  ['Delta Freight Logistics', 'corporate'],
  ['Evergreen Bank', 'corporate'],
  ['Fairway Realty Partners', 'corporate'],
  ['Granite Manufacturing Co.', 'corporate'],
  ['Horizon Telecom', 'corporate'],
  ['Ironwood Legal LLP', 'corporate'],
  ['Juniper Pharmaceuticals', 'corporate'],
  ['Keystone Energy', 'corporate'],
  ['Lumen Retail Stores', 'corporate'],
  ['Meridian Hotels', 'corporate'],
  ['Northstar Auto Dealers Association', 'corporate'],
  ['City Arts Council', 'other'],
  ['Regional Food Bank', 'other'],
  ['Metro Transit Foundation', 'other'],
  ['Children’s Museum', 'other'],
  ['Veterans Outreach Alliance', 'other'],
  ['County Historical Society', 'other'],
];

const firstNames = [
  'Alex',
  'Jordan',
  'Taylor',
  'Morgan',
  'Casey',
  'Riley',
  'Jamie',
  'Avery',
  'Quinn',
  'Drew',
];
const lastNames = [
  'Nguyen',
  'Garcia',
  'Smith',
  'Johnson',
  'Brown',
  'Davis',
  'Miller',
  'Wilson',
  'Moore',
  'Clark',
];
const titles = [
  'Communications Director',
  'Procurement Officer',
  'Marketing Manager',
  'Office Manager',
  'Print Buyer',
];
const cities = [
  ['Sacramento', 'CA', '95814'],
  ['Austin', 'TX', '78701'],
  ['Columbus', 'OH', '43215'],
  ['Madison', 'WI', '53703'],
  ['Denver', 'CO', '80202'],
] as const;

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 14);

/** True when the database has no accounts yet (demo data is only ever added to an empty database). */
export async function isEmpty(db: Db) {
  return (await countAccounts({ db })) === 0;
}

/** The demo shop: six staff users across roles and forty client accounts with contacts, from the factories. */
export async function seedDemo(db: Db, today: string) {
  const people = [];
  for (const s of staff) people.push(await buildUser(db, { ...s, password: DEMO_PASSWORD }));
  const ams = people.filter((p) => p.role === 'account_manager' || p.role === 'manager');
  const accountIds: string[] = [];
  for (const [i, [name, segment]] of clients.entries()) {
    const [city, region, zip] = cities[i % cities.length]!;
    const account = await buildAccount(db, {
      name,
      segment,
      status: i % 13 === 5 ? 'prospect' : i % 17 === 3 ? 'on_hold' : 'active',
      ownerId: ams[i % ams.length]!.id,
      poRequired: segment === 'state' || segment === 'education',
      taxExempt: segment !== 'corporate',
      taxExemptCertificate: segment !== 'corporate' ? `EX-${1000 + i}` : null,
      paymentTerms: segment === 'state' ? 'Net 45' : 'Net 30',
      tags: i % 4 === 0 ? ['mail', 'portal'] : i % 3 === 0 ? ['mail'] : [],
      addresses: [
        {
          kind: 'billing',
          line1: `${100 + i * 7} Capitol Ave`,
          city,
          region,
          postalCode: zip,
          isDefault: true,
        },
        {
          kind: 'shipping',
          label: 'Receiving dock',
          line1: `${200 + i * 3} Warehouse Rd`,
          city,
          region,
          postalCode: zip,
          isDefault: true,
        },
      ],
      costCentres: [
        { name: 'Marketing', code: `MKT-${i + 1}` },
        { name: 'Operations', code: `OPS-${i + 1}` },
      ],
    });
    accountIds.push(account.id);
    for (let c = 0; c < 2 + (i % 3); c++) {
      const first = firstNames[(i + c) % firstNames.length]!;
      const last = lastNames[(i * 3 + c) % lastNames.length]!;
      await buildContact(db, {
        accountId: account.id,
        firstName: first,
        lastName: last,
        title: titles[(i + c) % titles.length],
        emails: [`${first}.${last}@${slug(name)}.example`.toLowerCase()],
        phones: [{ number: `(555) 01${String(i).padStart(2, '0')}-${1000 + c}`, label: 'work' }],
        roles: c === 0 ? ['buyer', 'approver'] : c === 1 ? ['billing'] : ['artwork'],
        isPrimary: c === 0,
      });
    }
  }
  const jobs = await seedDemoJobs(db, { accountIds, owners: ams, today });
  const supply = await seedDemoSupply(db, {
    buyer: people.find((p) => p.role === 'purchasing')!,
    shipper: people.find((p) => p.role === 'manager')!,
    today,
  });
  await seedSampleRates(db);
  const acme = accountIds[clients.findIndex(([name]) => name === 'Acme Insurance Group')]!;
  const portal = await seedDemoPortal(db, { accountId: acme, password: DEMO_PASSWORD });
  await seedDemoEstimating(db, { today, accountId: acme, paperId: supply.paperId });
  return { users: people.length, accounts: clients.length, jobs, portal };
}
