import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { UPLOT_CSS } from './uplot-css';

describe('uPlot’s stylesheet beside the chart', () => {
  it('is the installed uplot package’s own uPlot.min.css (updating uplot means copying it again)', () => {
    const file = createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css');
    expect(UPLOT_CSS).toBe(readFileSync(file, 'utf8').trim());
  });
});
