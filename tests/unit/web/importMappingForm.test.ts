import { describe, expect, it } from 'vitest';
import { PLACEMENT_FIELDS } from '../../../src/domain/import/placementColumns';
import { anchorFor, mappingFromForm, mappingView } from '../../../src/web/routes/imports/mappingForm';
import { kindOf } from '../../../src/web/routes/imports/kinds';

describe('the import mapping step’s form (issue 16 item 1)', () => {
  it('reads a select per header, the date format and the translations; "not imported" and "no translation" drop out', () => {
    const { mapping, problems } = mappingFromForm(
      {
        'header-0': 'Pupil UPN',
        'column-0': 'upn',
        'header-1': 'Notes',
        'column-1': '',
        'header-2': 'Why',
        'column-2': 'reason',
        dateFormat: 'MDY',
        'from-reason-0': 'Excl',
        'to-reason-0': 'PERMANENT_EXCLUSION',
        'from-reason-1': 'Sick',
        'to-reason-1': '',
      },
      PLACEMENT_FIELDS,
    );
    expect(problems).toEqual([]);
    expect(mapping).toEqual({
      columns: [
        { field: 'upn', header: 'Pupil UPN' },
        { field: 'reason', header: 'Why' },
      ],
      dateFormat: 'MDY',
      values: [{ field: 'reason', from: 'Excl', to: 'PERMANENT_EXCLUSION' }],
    });
  });

  it('names the second column chosen for one field, keeps the first, and shows both choices as the user made them', () => {
    const { mapping, problems, chosen } = mappingFromForm(
      { 'header-0': 'UPN', 'column-0': 'upn', 'header-1': 'Pupil no', 'column-1': 'upn', dateFormat: 'nonsense' },
      PLACEMENT_FIELDS,
    );
    expect(mapping.columns).toEqual([{ field: 'upn', header: 'UPN' }]);
    expect(mapping.dateFormat).toBe('DMY');
    expect(problems).toEqual([
      { field: 'column-1', message: '“UPN” is already read from the column “UPN”: choose it for one column only.' },
    ]);
    // The page redisplays the refused choice beside its error, not the mapping the API read back.
    const upload = {
      id: 'u',
      kind: 'PLACEMENTS',
      fileName: 'f.csv',
      headers: ['UPN', 'Pupil no'],
      source: null,
      mapping: { columns: [{ field: 'upn', header: 'UPN' }], dateFormat: 'DMY', values: [] },
      problems: [],
      unmappedHeaders: ['Pupil no'],
      untranslated: [],
      preview: [],
    };
    const selected = (view: ReturnType<typeof mappingView>) =>
      view.columns.map((c) => c.items.find((i) => i.selected)?.value);
    expect(selected(mappingView(upload, kindOf('PLACEMENTS'), chosen))).toEqual(['upn', 'upn']);
    expect(selected(mappingView(upload, kindOf('PLACEMENTS')))).toEqual(['upn', '']);
  });

  it('links a problem to its field’s select, its translations, or the columns table', () => {
    const upload = {
      id: 'u',
      kind: 'PLACEMENTS',
      fileName: 'f.csv',
      headers: ['UPN', 'Why'],
      source: null,
      mapping: {
        columns: [{ field: 'upn', header: 'UPN' }],
        dateFormat: 'DMY',
        values: [{ field: 'tier', from: 'x', to: 'y' }],
      },
      problems: [],
      unmappedHeaders: ['Why'],
      untranslated: [],
      preview: [],
    };
    expect(anchorFor(upload, 'upn')).toBe('column-0');
    expect(anchorFor(upload, 'tier')).toBe('translations-tier');
    expect(anchorFor(upload, 'reason')).toBe('columns');
    expect(anchorFor(upload, 'source')).toBe('saveAs');
  });
});
