/**
 * Writes docs/permissions.md and the README's "Roles and scope" table from the permission table
 * (src/access/permissions.ts); a test keeps the committed copies in sync.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { permissionsMarkdown, rolesAndScopeTable } from '../src/access/permissionsDoc';

writeFileSync('docs/permissions.md', permissionsMarkdown());
const readme = readFileSync('README.md', 'utf8');
const block = /(<!-- roles:start -->\n)[\s\S]*?(\n<!-- roles:end -->)/;
if (!block.test(readme)) throw new Error('README.md has no <!-- roles:start --> … <!-- roles:end --> block');
writeFileSync(
  'README.md',
  readme.replace(block, (_m, start: string, end: string) => `${start}${rolesAndScopeTable()}${end}`),
);
console.log('docs/permissions.md and the README roles table written');
