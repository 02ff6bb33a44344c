/// <reference lib="dom" />
// What the dashboard's browser tests read from its charts: the pixels each canvas painted (a chart
// that drew nothing has none).
import type { Page } from 'playwright-core';

/** Non-transparent pixels of each chart canvas, in page order. */
export function paintedPixels(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLCanvasElement>('#charts canvas')].map((c) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    }),
  );
}
