import type { PrismaClient } from '../../generated/prisma/client';
import type { Actor } from '../../auth/actor';
import { audit } from '../../record/audit';

export type SignInOutcome = { kind: 'signedIn'; userId: string } | { kind: 'unknown' } | { kind: 'deactivated' };

interface UserRow {
  id: string;
  role: Actor['role'];
  laId: string;
  schoolId: string | null;
  providerId: string | null;
  active: boolean;
  oidcSubject: string | null;
}

const select = {
  id: true,
  role: true,
  laId: true,
  schoolId: true,
  providerId: true,
  active: true,
  oidcSubject: true,
} as const;

const actorOf = (u: UserRow): Actor => ({
  userId: u.id,
  role: u.role,
  laId: u.laId,
  ...(u.schoolId ? { schoolId: u.schoolId } : {}),
  ...(u.providerId ? { providerId: u.providerId } : {}),
});

/**
 * Maps an identity provider's sign-in to a user record. A subject seen before finds its user; at a
 * user's first sign-in their verified email finds the record and the subject is bound to it, so a
 * later change of email at the provider cannot move the sign-in onto someone else's record. A
 * record already bound to another subject is not taken over. Successful sign-ins are audited.
 */
export async function signInWithIdentityProvider(
  prisma: PrismaClient,
  claims: { subject: string; email: string | null; emailVerified: boolean },
): Promise<SignInOutcome> {
  return prisma.$transaction(async (tx) => {
    let user: UserRow | null = await tx.appUser.findUnique({ where: { oidcSubject: claims.subject }, select });
    if (!user && claims.email && claims.emailVerified) {
      const byEmail = await tx.appUser.findFirst({
        where: { email: { equals: claims.email, mode: 'insensitive' } },
        select,
      });
      if (byEmail && byEmail.oidcSubject === null) {
        if (!byEmail.active) return { kind: 'deactivated' } as const;
        user = await tx.appUser.update({ where: { id: byEmail.id }, data: { oidcSubject: claims.subject }, select });
        await audit(tx, actorOf(user), 'bindSignInSubject', 'AppUser', [user.id]);
      }
    }
    if (!user) return { kind: 'unknown' } as const;
    if (!user.active) return { kind: 'deactivated' } as const;
    await audit(tx, actorOf(user), 'signIn', 'AppUser', [user.id]);
    return { kind: 'signedIn', userId: user.id } as const;
  });
}

/** Development only (src/web/routes/signIn/devSignIn.ts): the active users among these emails, to offer. */
export function developmentUsers(prisma: PrismaClient, emails: string[]) {
  return prisma.appUser.findMany({
    where: { email: { in: emails }, active: true },
    select: {
      email: true,
      name: true,
      role: true,
      la: { select: { name: true } },
      school: { select: { name: true } },
      provider: { select: { name: true } },
    },
  });
}

/** Development only (src/web/routes/signIn/devSignIn.ts): sign in as a user by email, still only if active. */
export async function signInAsDevelopmentUser(prisma: PrismaClient, email: string): Promise<SignInOutcome> {
  const user = await prisma.appUser.findUnique({ where: { email }, select });
  if (!user) return { kind: 'unknown' };
  if (!user.active) return { kind: 'deactivated' };
  await audit(prisma, actorOf(user), 'signIn:development', 'AppUser', [user.id]);
  return { kind: 'signedIn', userId: user.id };
}
