import { scalarResolvers } from './scalars';
import { platformResolvers } from './platform';
import { movementResolvers } from './movements';
import { fairAccessResolvers } from './fairAccess';
import { flagResolvers } from './flags';
import { reportResolvers } from './reports';
import { separationResolvers } from './separations';
import { subjectAccessResolvers } from './subjectAccess';
import { law2026Resolvers } from './law2026';
import { dataProtectionResolvers } from './dataProtection';
import { importResolvers } from './imports';
import { exportResolvers } from './exports';
import { transferResolvers } from './transfer';

// Each capability contributes its resolver map; Query and Mutation are merged field by field.
const parts = [
  platformResolvers,
  movementResolvers,
  flagResolvers,
  fairAccessResolvers,
  reportResolvers,
  separationResolvers,
  subjectAccessResolvers,
  law2026Resolvers,
  dataProtectionResolvers,
  importResolvers,
  exportResolvers,
  transferResolvers,
] as Record<string, Record<string, unknown>>[];

function merge(maps: Record<string, Record<string, unknown>>[]) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const m of maps) for (const [type, fields] of Object.entries(m)) out[type] = { ...out[type], ...fields };
  return out;
}

export const resolvers = { ...scalarResolvers, ...merge(parts) };
