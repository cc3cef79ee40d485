import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { MEETING } from '../support/fairAccess';

/**
 * Text that is not well-formed Unicode (a lone surrogate, which JSON carries as "\ud800") is refused as bad input
 * before any resolver runs, and writes nothing; PostgreSQL cannot store it in a jsonb payload, so it used to end
 * as an internal error (inputProperties.test.ts found it in schedulePanelMeeting). Well-formed text, emoji
 * (surrogate pairs) included, is stored as given.
 */
describe('text that is not valid Unicode', () => {
  const ctx = useApiWorld();
  const meetings = () => ctx.world.prisma.fairAccessPanelMeeting.count();
  const input = (organisations: string[]) => ({ meetingDate: '2026-06-17', attendingOrganisations: organisations });

  it('a lone surrogate anywhere in the variables is BAD_USER_INPUT and writes nothing', async () => {
    const before = await meetings();
    for (const organisations of [['\ud800'], ['Hillside', 'end \udc00'], ['ok']]) {
      const vars =
        organisations[0] === 'ok' ? { input: { ...input(['ok']), notes: 'x\ud83d' } } : { input: input(organisations) };
      const r = await ctx.api.gql(ctx.world.tokens.laOfficer, MEETING, vars);
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(r.errors)).toBe('BAD_USER_INPUT');
      expect(r.data?.schedulePanelMeeting ?? null).toBeNull();
    }
    expect(await meetings()).toBe(before);
  });

  it('well-formed text, surrogate pairs included, is stored as given', async () => {
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, MEETING, { input: input(['Hillside 😀 Academy']) });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect((r.data?.schedulePanelMeeting as { attendingOrganisations: string[] }).attendingOrganisations).toEqual([
      'Hillside 😀 Academy',
    ]);
  });
});
