/**
 * Thrown when the browser cannot draw WebGL, so the map can say so in the reader's language
 * (kept apart from the scatterplot module, which loads only when the map is drawn).
 */
export class WebGlMissing extends Error {
  constructor() {
    super("this browser cannot draw WebGL; turn on hardware acceleration or use another browser");
    this.name = "WebGlMissing";
  }
}
