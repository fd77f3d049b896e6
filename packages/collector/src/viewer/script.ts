/**
 * The viewer's script, served at /viewer.js: its parts joined in order and
 * wrapped in a function so that nothing leaks into the page's globals.
 */
import { API_JS } from './client/api.js';
import { CHARTS_JS } from './client/charts.js';
import { DETAIL_JS } from './client/detail.js';
import { DOM_JS } from './client/dom.js';
import { FILTERS_JS } from './client/filters.js';
import { LIST_JS } from './client/list.js';
import { MAIN_JS } from './client/main.js';
import { TRACE_JS } from './client/trace.js';
import { WATERFALL_JS } from './client/waterfall.js';

const PARTS = [
  DOM_JS,
  API_JS,
  CHARTS_JS,
  FILTERS_JS,
  LIST_JS,
  WATERFALL_JS,
  DETAIL_JS,
  TRACE_JS,
  MAIN_JS,
];

/** The whole viewer script. */
export const VIEWER_JS = `(() => {\n'use strict';\n${PARTS.join('\n')}\n})();\n`;
