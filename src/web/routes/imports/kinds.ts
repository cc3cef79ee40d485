import { PLACEMENT_FIELDS, placementTemplateCsv, type ImportField } from '../../../domain/import/placementColumns';
import {
  CHARACTERISTIC_IMPORT_FIELDS,
  characteristicsTemplateCsv,
} from '../../../domain/import/characteristicsColumns';

/** The two imports the web offers: placements, and pupils' characteristics from an MIS export. */
export interface ImportKindPage {
  /** The path segment: /imports/<path>. */
  path: 'placements' | 'characteristics';
  kind: 'PLACEMENTS' | 'CHARACTERISTICS';
  title: string;
  /** "placement file", for the file upload's label and its error messages. */
  what: string;
  fields: readonly ImportField[];
  template: () => string;
  /** The characteristics import needs the date the file's values held from. */
  needsAsOf: boolean;
}

export const IMPORT_KINDS: readonly ImportKindPage[] = [
  {
    path: 'placements',
    kind: 'PLACEMENTS',
    title: 'Import placements',
    what: 'placement file',
    fields: PLACEMENT_FIELDS,
    template: placementTemplateCsv,
    needsAsOf: false,
  },
  {
    path: 'characteristics',
    kind: 'CHARACTERISTICS',
    title: 'Import pupils’ characteristics',
    what: 'characteristics file',
    fields: CHARACTERISTIC_IMPORT_FIELDS,
    template: characteristicsTemplateCsv,
    needsAsOf: true,
  },
];

export const kindOf = (kind: string): ImportKindPage => IMPORT_KINDS.find((k) => k.kind === kind) ?? IMPORT_KINDS[0]!;
