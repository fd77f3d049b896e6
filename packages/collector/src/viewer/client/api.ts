/**
 * Viewer script, part 2: talking to the query API, with the API key kept
 * in session storage when the collector asks for one.
 */
export const API_JS = String.raw`
const KEY_STORAGE = 'robotforge.collectorKey';
const PAGE_SIZE = 50;
const FILTER_NAMES = ['session', 'user', 'model', 'status', 'from', 'to'];

class NeedsKeyError extends Error {}

function storedKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE) || '';
  } catch (error) {
    return '';
  }
}

function storeKey(key) {
  try {
    sessionStorage.setItem(KEY_STORAGE, key);
  } catch (error) {
    // Private modes may refuse storage; the key then lasts until reload.
  }
  apiKey = key;
}

let apiKey = storedKey();

async function api(path) {
  const headers = apiKey ? { authorization: 'Bearer ' + apiKey } : {};
  const res = await fetch(path, { headers, cache: 'no-store' });
  if (res.status === 401) throw new NeedsKeyError('API key needed');
  if (res.status === 404) return null;
  if (!res.ok) {
    let message = 'HTTP ' + res.status;
    try {
      message = (await res.json()).error || message;
    } catch (error) {
      // Keeps the status line when the body is not JSON.
    }
    throw new Error(message);
  }
  return res.json();
}

function tracesPath(filters, cursor) {
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    if (filters[name]) query.set(name, filters[name]);
  }
  query.set('limit', String(PAGE_SIZE));
  if (cursor) query.set('cursor', cursor);
  return '/v1/traces?' + query.toString();
}

function tracePath(traceId) {
  return '/v1/traces/' + encodeURIComponent(traceId);
}
`;
