// Draws test images of a run's evaluation onto canvases: uint8 pixels in CHW order (1 channel:
// grey, 3: RGB), base64-encoded as evaluation.json holds them, scaled up without smoothing.

/**
 * @param {HTMLCanvasElement} canvas
 * @param {string} base64 uint8 pixels, channels × height × width
 * @param {number[]} shape [channels, height, width]
 * @param {number} scale screen pixels per image pixel
 */
export function drawSample(canvas, base64, shape, scale) {
  const [channels, height, width] = shape;
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const plane = height * width;
  if (bytes.length !== channels * plane) {
    throw new Error(`gallery: ${bytes.length} bytes do not make a ${channels}×${height}×${width} image`);
  }

  const image = new ImageData(width, height);
  for (let i = 0; i < plane; i++) {
    const r = bytes[i];
    const g = channels >= 3 ? bytes[plane + i] : r;
    const b = channels >= 3 ? bytes[2 * plane + i] : r;
    image.data.set([r, g, b, 255], i * 4);
  }

  // Drawn at the image's own size on a scratch canvas, then scaled onto the visible one.
  const scratch = document.createElement("canvas");
  scratch.width = width;
  scratch.height = height;
  scratch.getContext("2d").putImageData(image, 0, 0);
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext("2d");
  context.imageSmoothingEnabled = false;
  context.drawImage(scratch, 0, 0, canvas.width, canvas.height);
  canvas.dataset.drawn = "true";
}
