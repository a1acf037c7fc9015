import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';

export interface RenderedChart {
  svg: string;
  png: Buffer;
  widthPx: number;
  heightPx: number;
}

/**
 * A Vega-Lite spec to PNG without a browser: Vega-Lite compiles to Vega, Vega's headless View renders SVG
 * (renderer 'none': no canvas package needed), resvg rasterizes it with the system's fonts (DejaVu/Liberation
 * carry the Vietnamese diacritics). `scale` 2 gives crisp pictures in mail clients on high-density screens.
 */
export async function renderChart(spec: TopLevelSpec, scale = 2): Promise<RenderedChart> {
  // Loaded on first use, by dynamic import: vega is ESM only and its node canvas probe (vega-canvas) uses a
  // top-level await, which Node's require() of ESM refuses. Jest and the Lambda bundle map vega-canvas to its
  // browser build (no probe; no canvas is needed to render SVG).
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const vegaSpec = compile(spec).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: scale },
      background: 'white',
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    });
    const image = resvg.render();
    const png = image.asPng();
    return { svg, png, widthPx: Math.round(image.width / scale), heightPx: Math.round(image.height / scale) };
  } finally {
    view.finalize();
  }
}
