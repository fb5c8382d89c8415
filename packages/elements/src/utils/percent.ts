/** Clamps to 0…100 and rounds down (a bar shows 100 only when full), for aria-valuenow; not finite counts as 0. */
export function toPercent(value: number, scale = 1): number {
  const percent = (Number.isFinite(value) ? value : 0) * scale;
  return Math.floor(Math.min(100, Math.max(0, percent)));
}
