/** Writes the merged GraphQL schema to schema.graphql (a test keeps the committed copy in sync). */
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { buildSchema } from '../src/graphql/buildSchema';

writeFileSync('schema.graphql', `${printSchema(buildSchema())}\n`);
console.log('schema.graphql written');
