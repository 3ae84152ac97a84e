/**
 * The WebGL scatterplot of a cluster map (regl-scatterplot), loaded only in the browser:
 * `import()` keeps it out of the server bundle, which has no WebGL.
 */
import type { MapPayload } from "@/lib/cluster/map-payload";
import { clusterColor, OUTLIER_COLOR } from "@/components/clusters/cluster-colors";
import { WebGlMissing } from "@/components/clusters/webgl-missing";

/** What the map component needs of the scatterplot. */
export interface MapPlot {
  select(indices: number[]): void;
  deselect(): void;
  zoomBy(factor: number): void;
  zoomToPoints(indices: number[]): void;
  reset(): void;
  setLasso(on: boolean): void;
  destroy(): void;
}

/** Event callbacks: indices are positions in the map payload. */
export interface MapPlotEvents {
  onHover(index: number | null): void;
  onSelect(indices: number[]): void;
  /** The camera moved: `view` is its column-major 4 × 4 matrix. */
  onView(view: ArrayLike<number>): void;
}

/**
 * Draws `map` into `canvas`: one colour per cluster (the order of `clusterOrder`, largest
 * first), outliers grey; smaller points for larger maps so 100,000 stay legible.
 * @throws when the browser has no usable WebGL
 */
export async function createMapPlot(
  canvas: HTMLCanvasElement,
  map: MapPayload,
  clusterOrder: number[],
  events: MapPlotEvents,
): Promise<MapPlot> {
  const { default: createScatterplot } = await import("regl-scatterplot");
  const count = map.passageIds.length;
  const position = new Map(clusterOrder.map((id, i) => [id, i]));
  const colours: (string | [number, number, number, number])[] = clusterOrder.map((_, i) => clusterColor(i));
  colours.push(OUTLIER_COLOR);
  const category = Float32Array.from(map.clusterIds, (id) => position.get(id) ?? clusterOrder.length);
  const { width, height } = canvas.getBoundingClientRect();
  const plot = createScatterplot({
    canvas,
    width,
    height,
    pointSize: count > 50_000 ? 2 : count > 5_000 ? 3 : 5,
    pointSizeSelected: 2,
    pointOutlineWidth: 2,
    pointColor: colours,
    pointColorActive: "#111827",
    pointColorHover: "#111827",
    opacityInactiveMax: 0.35,
    colorBy: "valueA",
    lassoColor: "#2563eb",
    backgroundColor: [0, 0, 0, 0],
    showReticle: true,
    reticleColor: [0.4, 0.4, 0.4, 0.4],
    deselectOnEscape: true,
  });
  if (!plot.get("regl")) throw new WebGlMissing();
  plot.subscribe("pointOver", (i) => events.onHover(i));
  plot.subscribe("pointOut", () => events.onHover(null));
  plot.subscribe("select", ({ points }) => events.onSelect(points));
  plot.subscribe("deselect", () => events.onSelect([]));
  plot.subscribe("view", ({ view }) => events.onView(view));
  const x = new Float32Array(count);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) [x[i], y[i]] = [map.xy[i * 2], map.xy[i * 2 + 1]];
  await plot.draw({ x, y, valueA: category });
  events.onView(plot.get("camera").view);
  const zoomBy = (factor: number) => {
    const camera = plot.get("camera");
    // The camera's transition promise, like those below: nothing waits for the animation.
    void plot.zoomToLocation(camera.target, camera.distance[0] / factor, { transition: true, transitionDuration: 250 });
  };
  return {
    select: (indices) => plot.select(indices),
    deselect: () => plot.deselect(),
    zoomBy,
    zoomToPoints: (indices) =>
      void plot.zoomToPoints(indices, { padding: 0.3, transition: true, transitionDuration: 400 }),
    reset: () => void plot.reset(),
    setLasso: (on) => void plot.set({ mouseMode: on ? "lasso" : "panZoom" }),
    destroy: () => plot.destroy(),
  };
}
