// How sharp a photo is, measured in the browser before it is sent, as intake measures it
// (services/intake/intake/sharpness.py): the variance of the Laplacian of the grey levels,
// the photo scaled to a long side of NORMAL_LONG_SIDE pixels. A blurred photo gets a warning
// asking the citizen to take it again; it may still be sent.
export const NORMAL_LONG_SIDE = 1000;
export const BLURRY_BELOW = 150.0;

// The photo's sharpness; null when the browser cannot decode it (a PDF, say).
export async function sharpness(file) {
  if (!file.type.startsWith("image/")) return null;
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  const scale = NORMAL_LONG_SIDE / Math.max(bitmap.width, bitmap.height);
  const width = Math.max(3, Math.round(bitmap.width * scale));
  const height = Math.max(3, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  // Grey as Pillow's "L" mode: ITU-R 601-2 luma.
  const grey = new Float32Array(width * height);
  for (let i = 0; i < grey.length; i += 1) {
    grey[i] = (rgba[4 * i] * 299 + rgba[4 * i + 1] * 587 + rgba[4 * i + 2] * 114) / 1000;
  }
  let sum = 0;
  let squares = 0;
  for (let y = 1; y < height - 1; y += 1) {
    for (let x = 1; x < width - 1; x += 1) {
      const i = y * width + x;
      const value = grey[i - width] + grey[i + width] + grey[i - 1] + grey[i + 1] - 4 * grey[i];
      sum += value;
      squares += value * value;
    }
  }
  const count = (width - 2) * (height - 2);
  const mean = sum / count;
  return squares / count - mean * mean;
}

export const isBlurry = (value) => value !== null && value < BLURRY_BELOW;
