import type { Role } from '../generated/prisma/enums';

/**
 * The demo data set's fixed anchors: the two local authorities, the organisations the demo users
 * belong to, and the users themselves. Their ids never change with the seed, so tokens can be
 * issued for them (npm run token) without looking anything up.
 */

export const DEMO_LA_CODE = '373';
export const DEMO_LA_NAME = 'Sheffield (demo data)';
export const DEMO_OTHER_LA_CODE = '372';
export const DEMO_OTHER_LA_NAME = 'Rotherham (demo data)';

/** The secondary school whose staff user is a demo user; the generator makes sure it has pupils in AP. */
export const DEMO_SECONDARY_URN = '170412';
export const DEMO_SECONDARY_NAME = 'Thornleigh Academy';
/** The pupil referral unit (a School of type PRU and a REGISTERED_SCHOOL provider). */
export const DEMO_PRU_URN = '170950';
export const DEMO_PRU_NAME = 'Wrenfield Pupil Referral Unit';
/** The unregistered provider with a demo staff user; it is also where the U1 cluster sits. */
export const DEMO_UNREGISTERED_PROVIDER_NAME = 'Rowanbank Motor Skills Project';
/** The Rotherham school referenced by scope tests. */
export const DEMO_OTHER_LA_SCHOOL_URN = '180205';

export interface DemoUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  laCode: string;
  schoolUrn?: string;
  providerName?: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    id: 'd3e10000-0000-4000-8000-000000000001',
    email: 'la.officer@demo-373.example.org',
    name: 'Dana Whitfield',
    role: 'LA_OFFICER',
    laCode: DEMO_LA_CODE,
  },
  {
    id: 'd3e10000-0000-4000-8000-000000000002',
    email: 'panel.member@demo-373.example.org',
    name: 'Ravi Chaudhry',
    role: 'PANEL_MEMBER',
    laCode: DEMO_LA_CODE,
  },
  {
    id: 'd3e10000-0000-4000-8000-000000000003',
    email: 'analyst@demo-373.example.org',
    name: 'Helen Okafor-Price',
    role: 'ANALYST',
    laCode: DEMO_LA_CODE,
  },
  {
    id: 'd3e10000-0000-4000-8000-000000000004',
    email: 'inclusion.lead@thornleigh-demo.example.org',
    name: 'Mark Lindqvist',
    role: 'SCHOOL_STAFF',
    laCode: DEMO_LA_CODE,
    schoolUrn: DEMO_SECONDARY_URN,
  },
  {
    id: 'd3e10000-0000-4000-8000-000000000005',
    email: 'admissions@wrenfield-pru-demo.example.org',
    name: 'Joanne Mbeki-Hart',
    role: 'PROVIDER_STAFF',
    laCode: DEMO_LA_CODE,
    providerName: DEMO_PRU_NAME,
  },
  {
    id: 'd3e10000-0000-4000-8000-000000000006',
    email: 'manager@rowanbank-demo.example.org',
    name: 'Craig Ellison',
    role: 'PROVIDER_STAFF',
    laCode: DEMO_LA_CODE,
    providerName: DEMO_UNREGISTERED_PROVIDER_NAME,
  },
  {
    id: 'd3e10000-0000-4000-8000-000000000007',
    email: 'la.officer@demo-372.example.org',
    name: 'Nadia Sorensen',
    role: 'LA_OFFICER',
    laCode: DEMO_OTHER_LA_CODE,
  },
];

export function demoUser(role: Role, laCode: string = DEMO_LA_CODE): DemoUser {
  const u = DEMO_USERS.find((x) => x.role === role && x.laCode === laCode);
  if (!u) throw new Error(`no demo user with role ${role} in LA ${laCode}`);
  return u;
}
