import { defineAnalysis } from './analysis-result.js';

/** The study's Table 2 (token share by prompt language). */
const studyLanguages: Record<string, string> = { en: '82.87%', 'zh-Hans': '4.95%', ru: '2.47%', es: '1.43%', th: '1.03%' };
const languageNames: Record<string, string> = { en: 'English', 'zh-Hans': 'Chinese (Simplified)', ru: 'Russian', es: 'Spanish', th: 'Thai' };

/** A13 — Token share by detected prompt language (Table 2). */
export const languages = defineAnalysis({ id: 'A13', title: 'Languages', reference: 'Table 2' }, async ({ store, period }) => {
  const rows = await store.query({ dimensions: ['language'], measures: ['tokens', 'requests'], period, orderBy: [{ column: 'tokens', descending: true }] });
  const detected = rows.filter((row) => row.language !== 'unknown');
  const total = detected.reduce((sum, row) => sum + row.tokens, 0);
  const unknownRequests = rows.find((row) => row.language === 'unknown')?.requests ?? 0;
  const share = (language: string) => (total > 0 ? (detected.find((row) => row.language === language)?.tokens ?? 0) / total : null);
  const top = detected.slice(0, 5);
  const otherShare = total > 0 ? 1 - top.reduce((sum, row) => sum + row.tokens, 0) / total : null;
  return {
    definition: 'Token share (prompt + completion) of each detected prompt language, over requests whose language was detected; the five largest are shown and the rest is "other".',
    figures: [
      {
        kind: 'bars',
        title: 'Token share by prompt language',
        bars: [
          ...top.map((row) => ({ label: languageNames[row.language ?? ''] ?? row.language ?? '', value: total > 0 ? row.tokens / total : 0 })),
          ...(otherShare === null ? [] : [{ label: 'Other', value: otherShare }]),
        ],
        format: 'percent',
      },
    ],
    tables: [
      { name: 'language_shares', columns: ['language', 'requests', 'tokens', 'share'], rows: detected.map((row) => [row.language, row.requests, row.tokens, total > 0 ? row.tokens / total : 0]) },
    ],
    headlines: [
      ...Object.keys(studyLanguages).map((language) => ({
        key: `language_${language}`,
        label: `${languageNames[language]} share of tokens`,
        value: share(language),
        format: 'percent' as const,
        study: studyLanguages[language]!,
        simulatorInput: true,
      })),
      { key: 'language_other', label: 'Other languages, share of tokens', value: otherShare, format: 'percent', study: '7.25%', simulatorInput: true },
    ],
    notes: unknownRequests > 0 ? [`${unknownRequests} requests have no detected language and are left out.`] : [],
  };
});
