/**
 * Issues signed bearer tokens for users in the AppUser table (the demo users after `npm start`).
 *   npm run token                 one token per active user, with role and organisation
 *   npm run token -- <email|role> just that user's token (first match), printed alone
 * Uses DATABASE_URL and JWT_SECRET like the API (defaults match a local `npm start`, whose secret is in .data/jwt-secret).
 */
import { createPrisma } from '../src/db/prisma';
import { issueToken } from '../src/auth/tokens';
import { loadConfig } from '../src/config';

process.env.DATABASE_URL ??= 'postgresql://ap_owner:ap_owner@127.0.0.1:5432/ap_tracker';
const config = loadConfig();
if (config.jwtSecretEphemeral) {
  console.error('No signing secret: set JWT_SECRET, or run `npm start` once (it writes .data/jwt-secret).');
  process.exit(1);
}
const prisma = createPrisma(config.DATABASE_URL, 2);
const wanted = process.argv[2];
const ROLES = ['LA_OFFICER', 'PANEL_MEMBER', 'SCHOOL_STAFF', 'PROVIDER_STAFF', 'ANALYST'] as const;
const asRole = ROLES.find((r) => r === wanted?.toUpperCase());
try {
  const users = await prisma.appUser.findMany({
    where: { active: true, ...(wanted ? (asRole ? { role: asRole } : { email: wanted }) : {}) },
    include: { la: true, school: true, provider: true },
    orderBy: [{ la: { code: 'desc' } }, { role: 'asc' }, { email: 'asc' }],
    take: wanted ? 1 : 100,
  });
  if (users.length === 0) {
    console.error(
      wanted ? `No active user matches "${wanted}".` : 'No users yet: run `npm start` once to load the demo data.',
    );
    process.exit(1);
  }
  const settings = { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  for (const u of users) {
    const token = await issueToken(
      settings,
      {
        userId: u.id,
        role: u.role,
        laId: u.laId,
        schoolId: u.schoolId ?? undefined,
        providerId: u.providerId ?? undefined,
      },
      '8h',
    );
    if (wanted) {
      console.log(token);
    } else {
      const org = u.school?.name ?? u.provider?.name ?? `LA ${u.la.code} ${u.la.name}`;
      console.log(`# ${u.role} ${u.email} (${org})\n${token}\n`);
    }
  }
} finally {
  await prisma.$disconnect();
}
