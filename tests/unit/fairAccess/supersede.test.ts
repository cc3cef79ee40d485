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

describe('the supersede chain: what is not one chain', () => {
  it('no decisions yet: an empty chain, and nothing in force', () => {
    expect(orderChain([])).toEqual([]);
  });

  it('a cycle has no first decision', () => {
    expect(orderChain([link('a', 'b'), link('b', 'a')])).toBeNull();
  });

  it('a decision superseding one that is not in this referral breaks the chain', () => {
    expect(orderChain([link('a', null), link('b', 'a'), link('c', 'elsewhere')])).toBeNull();
  });
});

describe('a new decision must name the decision in force: the refusals, word for word', () => {
  it('nothing to supersede before the first decision', () => {
    expect(checkSupersedes(null, 'x')).toEqual({
      ok: false,
      kind: 'NOTHING_TO_SUPERSEDE',
      message: 'This referral has no decision yet, so there is nothing to supersede.',
    });
  });

  it('a change must name the decision it replaces', () => {
    expect(checkSupersedes(link('d2', 'd1'), undefined)).toEqual({
      ok: false,
      kind: 'MUST_SUPERSEDE',
      message:
        'This referral already has a decision (d2); a change is a new decision that supersedes it: give supersedesDecisionId.',
    });
  });

  it('naming an older decision is refused, saying which one is in force', () => {
    expect(checkSupersedes(link('d2', 'd1'), 'd1')).toEqual({
      ok: false,
      kind: 'NOT_CURRENT',
      message: 'That decision is not the one in force: the current decision is d2.',
    });
  });
});
