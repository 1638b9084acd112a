// Keeps a canvas's backing store in step with its CSS box and the device pixel ratio, so drawing
// code works in CSS pixels and stays sharp. Owns no drawing.

export interface CanvasBox {
  widthPx: number;
  heightPx: number;
}

/** Resizes the backing store if needed and returns a context scaled to CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; box: CanvasBox } {
  const ratio = window.devicePixelRatio || 1;
  const widthPx = Math.max(1, Math.floor(canvas.clientWidth));
  const heightPx = Math.max(1, Math.floor(canvas.clientHeight));
  const backingWidth = Math.round(widthPx * ratio);
  const backingHeight = Math.round(heightPx * ratio);
  if (canvas.width !== backingWidth) canvas.width = backingWidth;
  if (canvas.height !== backingHeight) canvas.height = backingHeight;
  const ctx = canvas.getContext('2d', { alpha: false });
  if (ctx === null) throw new Error('[rewind:timeline] no 2d canvas context');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, box: { widthPx, heightPx } };
}
