// Work the first search would otherwise pay for, done while the catalogue is idle (bench B3).
//
// The home folder shows folder tiles, so the first keystroke of a search is usually the first
// frame that paints the profile icons. An <img> whose source is an SVG document (our default
// icons, src/renderer/icons) is loaded, parsed and laid out by Chromium at its first paint —
// 10–15 ms of main-thread work per icon on a loaded machine, which alone made the first
// keystroke miss its frame. Drawing each icon once on a small detached canvas, at the sizes
// tiles use, does that work ahead and leaves the image in the renderer's memory cache for
// the tiles' <img> elements of the same data URL. Nothing is added to the document.

/** Images warmed so far, by data URL (kept referenced so the cache keeps their documents). */
const warmed = new Map<string, HTMLImageElement>();

/**
 * Loads, decodes and draws each of `urls` (our bundled icon data URLs; never fetched from
 * anywhere) once per size in CSS px, scaled by the device pixel ratio. Resolves when done;
 * never rejects (an icon that cannot be drawn is painted the usual way later).
 */
export async function warmIcons(urls: Iterable<string>, sizes: readonly number[]): Promise<void> {
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  const side = Math.ceil(Math.max(...sizes) * ratio);
  canvas.width = side;
  canvas.height = side;
  const context = canvas.getContext('2d');
  if (!context) return;
  for (const url of urls) {
    if (warmed.has(url)) continue;
    const image = new Image();
    warmed.set(url, image);
    image.src = url;
    try {
      await image.decode();
      for (const size of sizes) context.drawImage(image, 0, 0, size * ratio, size * ratio);
    } catch {
      /* painted the usual way at first use */
    }
    // one icon per idle callback: a keystroke or a frame never waits behind the warming of
    // more than one icon (a task each, 4–10 ms on a loaded machine, delayed keystrokes of
    // bench B3 when they followed each other as timers)
    await new Promise((next) => requestIdleCallback(next, { timeout: 200 }));
  }
}
