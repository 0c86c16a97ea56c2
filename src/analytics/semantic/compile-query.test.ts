import { describe, expect, it } from 'vitest';
import { categoryBucket, categoryBucketSql } from '../../catalog/category-buckets.js';
import { compileQuery } from './compile-query.js';

describe('the semantic query compiler', () => {
  it('binds every filter value as a parameter, never into the SQL text', () => {
    const hostile = "x' OR 1=1; DROP TABLE generations; --";
    const compiled = compileQuery({
      dimensions: ['week', 'model'],
      measures: ['tokens'],
      filters: [
        { dimension: 'author', operator: '=', value: hostile },
        { dimension: 'model', operator: 'in', value: ['a', hostile] },
        { dimension: 'open_weights', operator: '=', value: true },
        { dimension: 'category_path', operator: 'is not null' },
      ],
      period: { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') },
      limit: 10,
    });
    expect(compiled.sql).not.toContain(hostile);
    expect(compiled.sql).not.toContain('DROP');
    expect(compiled.sql).toContain('{filter_0:String}');
    expect(compiled.sql).toContain('{filter_1:Array(String)}');
    expect(compiled.sql).toContain('{filter_2:Bool}');
    // Whole days of the classified sample: answered from its daily rollup, bounded by day.
    expect(compiled.sql).toContain('FROM generations_daily_classified WHERE day >=');
    expect(compiled.params).toMatchObject({ filter_0: hostile, filter_1: ['a', hostile], filter_2: true, period_from_day: '2025-01-01', period_to_day: '2025-02-01', row_limit: 10 });
    const raw = compileQuery(
      {
        dimensions: ['model'],
        measures: ['tokens'],
        filters: [{ dimension: 'author', operator: '=', value: hostile }],
        period: { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') },
      },
      { rollups: false },
    );
    expect(raw.sql).not.toContain(hostile);
    expect(raw.params).toMatchObject({ filter_0: hostile, period_from: '2025-01-01 00:00:00.000', period_to: '2025-02-01 00:00:00.000' });
    expect(compiled.sql).toMatch(/GROUP BY result_week, result_model ORDER BY result_week, result_model LIMIT \{row_limit:UInt64\}$/);
  });

  it('answers from the smallest rollup that holds the query exactly, else from the raw table', () => {
    const month = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') };
    const from = (spec: Parameters<typeof compileQuery>[0]) => /FROM (\w+)/.exec(compileQuery(spec).sql)![1];
    expect(from({ dimensions: ['category'], measures: ['tokens'], filters: [{ dimension: 'category_path', operator: 'is not null' }], period: month })).toBe('generations_daily_classified');
    // Without the filter that selects the classified sample, all days' rows are needed.
    expect(from({ dimensions: ['category'], measures: ['tokens'], period: month })).toBe('generations_daily');
    expect(from({ dimensions: ['app_name'], measures: ['tokens', 'requests'], filters: [{ dimension: 'app_id', operator: 'is not null' }], period: month })).toBe('generations_apps_daily');
    expect(from({ dimensions: ['app_name', 'model'], measures: ['tokens'], period: month })).toBe('generations');
    // Part of a day: only the raw table has the hours.
    expect(from({ dimensions: ['model'], measures: ['tokens'], period: { from: month.from, to: new Date('2025-01-01T12:00:00Z') } })).toBe('generations');
  });

  it('maps Google content categories to study buckets by the longest prefix', () => {
    expect(categoryBucket('/Computers & Electronics/Programming/Java (Programming Language)')).toBe('programming');
    expect(categoryBucket('/Computers & Electronics/Software/Intelligent Personal Assistants')).toBe('technology');
    expect(categoryBucket('/Science/Computer Science/Machine Learning & Artificial Intelligence')).toBe('science');
    expect(categoryBucket('/Science/Computer Science/Other')).toBe('programming');
    expect(categoryBucket('/Adult')).toBe('roleplay');
    expect(categoryBucket('/Reference/Language Resources/Foreign Language Resources')).toBe('translation');
    expect(categoryBucket('/Sports/Soccer')).toBe('other');
    expect(categoryBucket('/Adultery')).toBe('other');
    expect(categoryBucketSql('category')).toContain("startsWith(category, '/Computers & Electronics/Programming/')");
  });
});
