/**
 * Cluster colours: a 20-colour categorical palette (Tableau 20 order, distinguishable on light
 * and dark backgrounds), repeated for more clusters; outliers are a translucent grey.
 */
const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#bcbd22",
  "#7f7f7f",
];

/** The grey of outliers (RGBA 0–1). */
export const OUTLIER_COLOR: [number, number, number, number] = [0.6, 0.6, 0.6, 0.45];

/** The colour of the cluster at `position` in the list (largest first). */
export function clusterColor(position: number): string {
  return PALETTE[position % PALETTE.length];
}
