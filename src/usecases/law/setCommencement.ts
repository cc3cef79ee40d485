/**
 * The operator records that a CWSA 2026 provision commences on a date (or that it does not, with
 * null). An installation-wide setting, not an LA's: it is written with the owner role by
 * `npm run commencement`, never through the API, and the app role can only read it.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { validateCommencement, type Provision } from '../../domain/law/commencement';
import { invalid } from '../../errors';

export interface CommencementInput {
  provision: string;
  commencesOn: string | null;
  reason: string;
  setBy: string;
}

export async function setCommencement(
  owner: PrismaClient,
  input: CommencementInput,
): Promise<{ provision: Provision; commencesOn: string | null }> {
  const check = validateCommencement(input.provision, input.commencesOn);
  if (!check.ok)
    throw invalid([{ field: 'commencesOn', message: check.message }], `${check.message} Nothing was saved.`);
  if (!input.reason.trim())
    throw invalid([
      { field: 'reason', message: 'Say why (for example the commencement regulations and their SI number).' },
    ]);
  if (check.commencesOn === null)
    await owner.provisionCommencement.deleteMany({ where: { provision: check.provision } });
  else {
    const data = {
      commencesOn: new Date(`${check.commencesOn}T00:00:00Z`),
      reason: input.reason.trim(),
      setBy: input.setBy,
      setAt: new Date(),
    };
    await owner.provisionCommencement.upsert({
      where: { provision: check.provision },
      create: { provision: check.provision, ...data },
      update: data,
    });
  }
  return { provision: check.provision, commencesOn: check.commencesOn };
}
