/**
 * The 上传状况 chart: bytes recorded (solid) and acknowledged (dashed) over time per kind, drawn by uPlot on a canvas.
 * Loaded only by a dynamic import from the upload-health view (upload-health.tsx), so uPlot (about 50 kB, 21 kB
 * gzipped) and its stylesheet are in a chunk of their own that neither the candidate's page nor the console's first
 * load requests. A canvas says nothing to a screen reader: the view puts a text summary beside it.
 */
import uPlot from 'uplot';
import type { UploadChartData, UploadKind } from '@examroom/core';
import { UPLOT_CSS } from './uplot-css';

export interface UploadChartLabels {
  readonly kinds: Readonly<Record<UploadKind, string>>;
  readonly recorded: string;
  readonly acknowledged: string;
}

export interface UploadChart {
  /** Draws new data (the view reads again every 10 s); rebuilt when the kinds shown change. */
  update(data: UploadChartData): void;
  destroy(): void;
}

const COLORS: Readonly<Record<UploadKind, string>> = { camera: '#1f6feb', screen: '#8250df', phone: '#1a7f37' };
const HEIGHT = 260;
const MB = 1_048_576;

/** uPlot's columns: seconds on the x axis (its time scale), then recorded and acknowledged of each kind. */
function columns(data: UploadChartData): uPlot.AlignedData {
  return [data.times.map((at) => at / 1000), ...data.lines.flatMap((line) => [[...line.recorded], [...line.acknowledged]])];
}

const kindsOf = (data: UploadChartData): string => data.lines.map((line) => line.kind).join(',');

/** Draws the chart into `container` (an element of the console's shadow root), with uPlot's stylesheet beside it. */
export function createUploadChart(container: HTMLElement, first: UploadChartData, labels: UploadChartLabels, timeZone: string): UploadChart {
  // uPlot draws on a 2D canvas after it returns (a microtask later), so a missing one would throw out of reach of the
  // caller: where there is none (a test DOM, a browser that blocks canvas) the caller is told now, and the view's text
  // summary stands on its own.
  if (!document.createElement('canvas').getContext('2d')) throw new Error('no 2D canvas to draw the chart on');
  const style = document.createElement('style');
  style.textContent = UPLOT_CSS;
  const target = document.createElement('div');
  container.replaceChildren(style, target);

  const build = (data: UploadChartData): uPlot =>
    new uPlot(
      {
        width: Math.max(320, Math.floor(container.getBoundingClientRect().width) || 720),
        height: HEIGHT,
        // The exam's time zone, whatever the supervisor's computer's own.
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), timeZone),
        scales: { x: { time: true } },
        axes: [{}, { size: 60, values: (_chart, ticks) => ticks.map((bytes) => `${(bytes / MB).toFixed(1)} MB`) }],
        series: [
          {},
          ...data.lines.flatMap((line) => [
            { label: `${labels.kinds[line.kind]} · ${labels.recorded}`, stroke: COLORS[line.kind], width: 2, value: (_chart: uPlot, bytes: number | null) => (bytes === null ? '—' : `${(bytes / MB).toFixed(1)} MB`) },
            { label: `${labels.kinds[line.kind]} · ${labels.acknowledged}`, stroke: COLORS[line.kind], width: 2, dash: [6, 4], value: (_chart: uPlot, bytes: number | null) => (bytes === null ? '—' : `${(bytes / MB).toFixed(1)} MB`) },
          ]),
        ],
      },
      columns(data),
      target,
    );

  let chart = build(first);
  let kinds = kindsOf(first);
  // The chart follows the width of its column (a resized window, the side panel opening).
  const widthOf = () => Math.max(320, Math.floor(container.getBoundingClientRect().width));
  const resized = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => {
    if (widthOf() !== chart.width) chart.setSize({ width: widthOf(), height: HEIGHT });
  });
  resized?.observe(container);
  return {
    update(data) {
      if (kindsOf(data) !== kinds) {
        chart.destroy();
        chart = build(data);
        kinds = kindsOf(data);
      } else {
        chart.setData(columns(data));
      }
    },
    destroy() {
      resized?.disconnect();
      chart.destroy();
      container.replaceChildren();
    },
  };
}
