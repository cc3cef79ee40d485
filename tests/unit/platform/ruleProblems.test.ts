import { describe, expect, it } from 'vitest';
import { ruleU4SafeguardingProblem } from '../../../src/domain/movements/placementPlan';
import { ruleProblemsBlocked } from '../../../src/errors';

describe('a domain rule problem as the RULE_BLOCKED answer (rule IDs as data)', () => {
  it('names the rule once in the message and in extensions.rule, and with each field', () => {
    const u4 = ruleU4SafeguardingProblem('UNREGISTERED', null, '2025-11-03')!;
    const e = ruleProblemsBlocked([u4]);
    expect(e.extensions).toMatchObject({
      code: 'RULE_BLOCKED',
      rule: 'U4',
      fields: [
        {
          field: 'safeguardingConfirmedOn',
          message:
            'Record the date of written confirmation of staff safeguarding checks before the placement starts (rule U4).',
        },
      ],
    });
    expect(e.message).toBe(
      'Record the date of written confirmation of staff safeguarding checks before the placement starts (rule U4). Nothing was saved.',
    );
  });

  it('joins several problems of one rule into one message', () => {
    const e = ruleProblemsBlocked([
      { rule: 'O1', field: 'startDate', message: 'Too early' },
      { rule: 'O1', field: 'directionNotice', message: 'The notice must include: address' },
    ]);
    expect(e.message).toBe('Too early The notice must include: address (rule O1). Nothing was saved.');
    expect((e.extensions.fields as { message: string }[]).map((f) => f.message)).toEqual([
      'Too early (rule O1).',
      'The notice must include: address (rule O1).',
    ]);
  });
});
