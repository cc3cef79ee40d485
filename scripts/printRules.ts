import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildRuleRows, renderRules, ROOT } from './rulesIndex';

// `npm run docs:rules`: regenerates docs/rules.md (checked by tests/unit/docs/rulesIndex.test.ts).
const out = path.join(ROOT, 'docs', 'rules.md');
const rows = buildRuleRows();
writeFileSync(out, renderRules(rows));
console.log(`docs/rules.md: ${rows.length} rules`);
