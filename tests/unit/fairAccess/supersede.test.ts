import { describe, expect, it } from 'vitest';
import { checkSupersedes, currentDecision, orderChain } from '../../../src/domain/fairAccess/supersede';

const link = (id: string, supersedesId: string | null) => ({ id, supersedesId });

describe('the supersede chain', () => {
  it('orders decisions oldest first whatever order they come in', () => {
    const chain = orderChain([link('c', 'b'), link('a', null), link('b', 'a')]);
    expect(chain?.map((d) => d.id)).toEqual(['a', 'b', 'c']);
  });

  it('the current decision is the one nothing supersedes', () => {
    expect(currentDecision([link('c', 'b'), link('a', null), link('b', 'a')])?.id).toBe('c');
    expect(currentDecision([])).toBeNull();
  });

  it('a fork or a second root is not a chain', () => {
    expect(orderChain([link('a', null), link('b', 'a'), link('c', 'a')])).toBeNull();
    expect(orderChain([link('a', null), link('b', null)])).toBeNull();
  });

  it('a new decision must name the decision in force', () => {
    expect(checkSupersedes(null, null)).toEqual({ ok: true });
    expect(checkSupersedes(null, 'x')).toMatchObject({ ok: false, kind: 'NOTHING_TO_SUPERSEDE' });
    expect(checkSupersedes(link('b', 'a'), null)).toMatchObject({ ok: false, kind: 'MUST_SUPERSEDE' });
    expect(checkSupersedes(link('b', 'a'), 'a')).toMatchObject({ ok: false, kind: 'NOT_CURRENT' });
    expect(checkSupersedes(link('b', 'a'), 'b')).toEqual({ ok: true });
  });
});
