/**
 * Viewer script, part 1: DOM and formatting helpers. Every value from the
 * API reaches the page through `textContent`, a text node or an attribute
 * value, so captured content can never become markup.
 *
 * The viewer parts are plain browser JavaScript kept as strings: the page
 * needs no bundler, and the strings ship inside dist. They never use
 * backticks or template placeholders, which would end or fill the string.
 */
export const DOM_JS = String.raw`
const SVG_NS = 'http://www.w3.org/2000/svg';

function appendAll(node, children) {
  const list = Array.isArray(children) ? children : [children];
  for (const child of list) {
    if (child === null || child === undefined || child === false) continue;
    const isNode = typeof child === 'object';
    node.appendChild(isNode ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setProps(node, props) {
  for (const name of Object.keys(props || {})) {
    const value = props[name];
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  return node;
}

// h('div', { class: 'x', text: value }, [children]): builds an element.
function h(tag, props, children) {
  return appendAll(setProps(document.createElement(tag), props), children);
}

function s(tag, props, children) {
  return appendAll(setProps(document.createElementNS(SVG_NS, tag), props), children);
}

const DASH = '\u2013';

function fmtInt(value) {
  if (value === null || value === undefined) return DASH;
  return Number(value).toLocaleString('en-US');
}

function fmtCost(value) {
  if (value === null || value === undefined) return DASH;
  if (value === 0) return '$0';
  if (value < 0.01) return '$' + Number(value.toPrecision(2));
  return '$' + value.toFixed(value < 10 ? 4 : 2);
}

function fmtMs(ms) {
  if (ms === null || ms === undefined) return DASH;
  if (ms < 1000) return Math.round(ms) + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(2) + ' s';
  return (ms / 60000).toFixed(1) + ' min';
}

function fmtPct(ratio) {
  return (ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 1 : 0) + '%';
}

function fmtTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

// Captured JSON reads better indented; anything else is shown as sent.
function prettyText(value) {
  if (typeof value !== 'string') return JSON.stringify(value, null, 2);
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch (error) {
    return value;
  }
}
`;
