import { fileURLToPath } from 'node:url';
import type { Request } from 'express';
import type { ApolloServer } from '@apollo/server';
import {
  Kind,
  visit,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import type { Context, Services } from '../graphql/context';
import { requestContext } from '../http/requestContext';
import { PageError } from './pageError';
import { readOperationFile } from './operationFile';

export interface GraphqlErrorShape {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; fields?: { field: string; message: string }[]; rule?: string; [k: string]: unknown };
}

export interface OperationResult<T> {
  data?: T | null;
  errors?: readonly GraphqlErrorShape[];
}

/** A GraphQL answer a page did not expect (bad input, a rule refusal...): carries the errors. */
export class GraphqlOperationError extends Error {
  constructor(readonly errors: readonly GraphqlErrorShape[]) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/**
 * The only way a page reads or writes data: the GraphQL operation runs in process through Apollo
 * (the same schema, validation, armour limits, resolvers, scope, suppression and audit as /graphql),
 * with the signed-in user's actor in the same context the HTTP route builds.
 */
export interface GraphqlClient {
  /** For reads: NOT_FOUND → 404 page, FORBIDDEN → 403 page, UNAUTHENTICATED → sign in; other errors throw GraphqlOperationError. */
  query<T>(req: Request, operation: DocumentNode, variables?: Record<string, unknown>): Promise<T>;
  /** For forms: the raw answer, so a page can show VALIDATION_FAILED fields or a RULE_BLOCKED rule itself. */
  execute<T>(req: Request, operation: DocumentNode, variables?: Record<string, unknown>): Promise<OperationResult<T>>;
}

export function createGraphqlClient(apollo: ApolloServer<Context>, services: Services): GraphqlClient {
  const execute = async <T>(
    req: Request,
    operation: DocumentNode,
    variables: Record<string, unknown> = {},
  ): Promise<OperationResult<T>> => {
    if (!req.user) throw new PageError(401);
    // The same context /graphql builds for a bearer token (scope, provider access window, clock).
    const contextValue: Context = await requestContext(services, req.user.actor);
    const response = await apollo.executeOperation<T & Record<string, unknown>>(
      { query: operation, variables },
      { contextValue },
    );
    if (response.body.kind !== 'single') throw new Error('incremental GraphQL responses are not used by pages');
    const { data, errors } = response.body.singleResult;
    return { data: data as T | null | undefined, errors: errors as GraphqlErrorShape[] | undefined };
  };
  return {
    execute,
    async query<T>(req: Request, operation: DocumentNode, variables?: Record<string, unknown>): Promise<T> {
      const { data, errors } = await execute<T>(req, operation, variables);
      if (errors?.length) {
        const codes = new Set(errors.map((e) => e.extensions?.code));
        if (codes.has('UNAUTHENTICATED')) throw new PageError(401);
        if (codes.has('NOT_FOUND')) throw new PageError(404);
        if (codes.has('FORBIDDEN')) throw new PageError(403);
        throw new GraphqlOperationError(errors);
      }
      if (!data) throw new Error('GraphQL answered neither data nor errors');
      return data;
    },
  };
}

/**
 * A page's operations, read once from the `.graphql` file next to its route: one DocumentNode per
 * named operation, each with the fragments it uses (the file's own and those it imports, src/web/operationFile.ts). tests/unit/web/operations.test.ts validates
 * every such file against the schema.
 */
export function loadOperations<N extends string>(
  moduleUrl: string,
  file: string,
  names: readonly N[],
): Record<N, DocumentNode> {
  const doc = readOperationFile(fileURLToPath(new URL(file, moduleUrl)));
  const fragments = doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  const ops = new Map(
    doc.definitions
      .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && Boolean(d.name))
      .map((d) => [d.name!.value, d]),
  );
  const out = {} as Record<N, DocumentNode>;
  for (const name of names) {
    const op = ops.get(name);
    if (!op) throw new Error(`${file} has no operation named ${name}`);
    out[name] = { kind: Kind.DOCUMENT, definitions: [op, ...usedFragments(op, fragments)] };
  }
  return out;
}

/** The fragments an operation spreads, directly or through other fragments (unused ones would fail validation). */
function usedFragments(op: OperationDefinitionNode, all: FragmentDefinitionNode[]): FragmentDefinitionNode[] {
  const byName = new Map(all.map((f) => [f.name.value, f]));
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: ASTNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const f = byName.get(spread.name.value);
        if (f && !used.has(f.name.value)) {
          used.set(f.name.value, f);
          walk(f);
        }
      },
    });
  walk(op);
  return [...used.values()];
}
