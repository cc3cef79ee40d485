import type { Request } from 'express';
import type { GraphqlClient } from '../graphqlClient';
import { loadOperations } from '../graphqlClient';

const ops = loadOperations(import.meta.url, './directory.graphql', ['DirectorySchools', 'DirectoryProviders'] as const);

export interface DirectorySchool {
  id: string;
  name: string;
  phase: string;
}

/** Bounds the paging: an LA with more schools than this is far beyond any in England (Kent has about 600). */
const MAX_PAGES = 20;

/** Every school of the caller's LA (directory data, seen by every role), a page at a time. */
export async function allSchools(graphql: GraphqlClient, req: Request): Promise<DirectorySchool[]> {
  const out: DirectorySchool[] = [];
  let after: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page: {
      schools: { nodes: DirectorySchool[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    } = await graphql.query(req, ops.DirectorySchools, after ? { after } : {});
    out.push(...page.schools.nodes);
    if (!page.schools.pageInfo.hasNextPage || !page.schools.pageInfo.endCursor) break;
    after = page.schools.pageInfo.endCursor;
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Mainstream and special schools: the ones report and flag filters choose between (AP schools are providers). */
export async function schoolChoices(graphql: GraphqlClient, req: Request, selected: string) {
  const schools = (await allSchools(graphql, req)).filter((s) => s.phase !== 'ALTERNATIVE_PROVISION');
  return [
    { value: '', text: 'All schools' },
    ...schools.map((s) => ({ value: s.id, text: s.name, selected: s.id === selected })),
  ];
}

export async function providerChoices(graphql: GraphqlClient, req: Request, selected: string) {
  const { providers } = await graphql.query<{ providers: { id: string; name: string }[] }>(req, ops.DirectoryProviders);
  return [
    { value: '', text: 'All providers' },
    ...providers.map((p) => ({ value: p.id, text: p.name, selected: p.id === selected })),
  ];
}
