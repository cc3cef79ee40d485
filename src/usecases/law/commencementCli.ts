/**
 * npm run commencement -- <CWSA_S38|CWSA_S43|CWSA_S62|CWSA_EHE_CONSENT> <YYYY-MM-DD|off> "<reason>"
 * npm run commencement            (lists the switches)
 * Runs as the database owner (DATABASE_URL): commencement is the installation's, not an LA's.
 */
import os from 'node:os';
import { createPrisma } from '../../db/prisma';
import { PROVISION_TABLE } from '../../domain/law/commencement';
import { loadCommencements } from '../../rules/ruleConfig';
import { setCommencement } from './setCommencement';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: it must name the database owner account.');
  process.exit(2);
}
const prisma = createPrisma(url, 1);
const [provision, date, ...why] = process.argv.slice(2);
try {
  if (provision) {
    const r = await setCommencement(prisma, {
      provision,
      commencesOn: !date || date === 'off' ? null : date,
      reason: why.join(' ') || 'set by the operator',
      setBy: `${os.userInfo().username}@${os.hostname()}`,
    });
    console.log(r.commencesOn ? `${r.provision} commences on ${r.commencesOn}.` : `${r.provision} is not commenced.`);
  }
  const c = await loadCommencements(prisma);
  for (const p of PROVISION_TABLE)
    console.log(
      `${p.provision.padEnd(9)} ${c[p.provision] ? `commences ${c[p.provision]}` : 'not commenced'}  ${p.label}`,
    );
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
