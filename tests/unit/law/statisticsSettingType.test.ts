import { describe, expect, it } from 'vitest';
import { STATISTICS_SETTING_TYPE_LABELS, statisticsSettingType } from '../../../src/domain/law/statisticsSettingType';

describe('DfE statistics setting type of a placement (domain.md §10.1)', () => {
  it.each([
    [{ providerUrn: '100001' }, 'Education setting with URN'],
    [{ providerUkprn: '10012345' }, 'Registered provider with UKPRN'],
    [{ settingType: 'NFE' }, 'Non-maintained further education college'],
    [{ settingType: 'OOT' }, 'One on one tuition'],
    [{ settingType: 'OTH' }, 'Other unregistered provider'],
    [{ settingType: 'WBP' }, 'Other unregistered provider'], // no statistics label of its own
    [{}, 'Other unregistered provider'],
  ])('%j → %s', (ids, label) => {
    expect(STATISTICS_SETTING_TYPE_LABELS[statisticsSettingType(ids)]).toBe(label);
  });
});
