// Draws uint8 CHW images (base64) into canvases: the dataset sample grids and the run page's
// test-image gallery. Each canvas carries its image in data attributes:
//   data-pixels (base64 of C×H×W bytes), data-channels, data-height, data-width.

function decode(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    bytes[i] = text.charCodeAt(i);
  }
  return bytes;
}

/** Draws one canvas from its data attributes; 1 channel is gray, 3 are RGB planes. */
export function drawCanvas(canvas) {
  const channels = Number(canvas.dataset.channels);
  const height = Number(canvas.dataset.height);
  const width = Number(canvas.dataset.width);
  const pixels = decode(canvas.dataset.pixels);
  const plane = height * width;
  if (pixels.length !== channels * plane) {
    throw new Error(`image has ${pixels.length} bytes, expected ${channels}x${height}x${width}`);
  }
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  const image = context.createImageData(width, height);
  for (let p = 0; p < plane; p++) {
    const r = pixels[p];
    const g = channels === 3 ? pixels[plane + p] : r;
    const b = channels === 3 ? pixels[2 * plane + p] : r;
    image.data.set([r, g, b, 255], 4 * p);
  }
  context.putImageData(image, 0, 0);
}

/** Draws every canvas with pixel data inside `container`; returns how many were drawn. */
export function drawAll(container) {
  const canvases = container.querySelectorAll("canvas[data-pixels]");
  canvases.forEach(drawCanvas);
  return canvases.length;
}
