// A Vaadin-friendly wrapper around Apache ECharts: the server sets `option` (ECharts option JSON) and the element
// renders it, resizing with its box. Tooltips show each point's `tip`, formatted by the server.
// Only the parts the pages draw with (ECharts' own tree-shakable imports): the whole library is some 1.2 MB that every
// page, chart or not, loaded and ran before asking for its view.
import * as echarts from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import {
  BrushComponent, DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent,
  ToolboxComponent, TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, ScatterChart, BrushComponent, DataZoomComponent, GridComponent, LegendComponent,
  MarkLineComponent, TitleComponent, ToolboxComponent, TooltipComponent, CanvasRenderer]);

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

function tooltip(params) {
  const rows = (Array.isArray(params) ? params : [params]).filter((p) => p.data && p.data.tip !== undefined);
  if (!rows.length) return '';
  const when = new Date(rows[0].data.value[0]).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  return [escape(when), ...rows.map((p) => p.marker + escape(p.seriesName) + ': ' + escape(p.data.tip))].join('<br>');
}

class ParallaxEChart extends HTMLElement {
  static get observedAttributes() { return []; }

  connectedCallback() {
    if (!this.style.display) this.style.display = 'block';
    // Drawn in the next frame: a page's charts arrive with the rest of its view, which is then laid out once for
    // them all, not once per chart as each measures its box (echarts.init) while the view is still being built.
    this._frame = requestAnimationFrame(() => {
      this._frame = null;
      this._init();
    });
  }

  _init() {
    this._chart = echarts.init(this, null, { renderer: 'canvas' });
    // Drill-down: the server decides what a clicked point or a brushed range opens.
    this._chart.on('click', (p) => {
      if (!p.data || !Array.isArray(p.data.value)) return;
      this.dispatchEvent(new CustomEvent('point-click', { detail: { series: p.seriesName, time: p.data.value[0] } }));
    });
    this._chart.on('brushEnd', (e) => {
      const area = e.areas && e.areas[0];
      if (!area || !area.coordRange) return;
      this.dispatchEvent(new CustomEvent('range-select', { detail: { from: area.coordRange[0], to: area.coordRange[1] } }));
      this._chart.dispatchAction({ type: 'brush', areas: [] });
    });
    // Only a box that changed size is redrawn: the observer also reports the box it first sees, which the chart
    // was just drawn at (a second full drawing of every chart of a page, on every load).
    this._resize = new ResizeObserver(() => {
      if (this._chart && (this._chart.getWidth() !== this.clientWidth || this._chart.getHeight() !== this.clientHeight)) {
        this._chart.resize();
      }
    });
    this._resize.observe(this);
    this._render();
  }

  disconnectedCallback() {
    if (this._frame) cancelAnimationFrame(this._frame);
    this._frame = null;
    if (this._resize) this._resize.disconnect();
    if (this._chart) this._chart.dispose();
    this._chart = null;
  }

  set option(json) {
    this._option = json;
    this._render();
  }

  get option() {
    return this._option;
  }

  _render() {
    if (!this._chart || !this._option) return;
    const option = JSON.parse(this._option);
    if (option.tooltip) option.tooltip.formatter = tooltip;
    this._chart.setOption(option, true);
    this.setAttribute('data-rendered', 'true');
  }
}

customElements.define('parallax-echart', ParallaxEChart);
