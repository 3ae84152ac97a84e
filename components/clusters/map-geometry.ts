/**
 * Where a point of the map lies on screen, from the scatterplot's camera view matrix
 * (column-major 4 × 4), mirroring regl-scatterplot's own projection: clip x is divided by the
 * canvas's aspect ratio, clip y runs upwards.
 */
export function toScreen(
  view: ArrayLike<number>,
  width: number,
  height: number,
  x: number,
  y: number,
): [number, number] {
  const clipX = (view[0] * x + view[4] * y + view[12]) / (width / height);
  const clipY = view[1] * x + view[5] * y + view[13];
  return [(width * (clipX + 1)) / 2, height * (0.5 - clipY / 2)];
}
