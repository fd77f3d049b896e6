/**
 * Viewer script, part 4: the filter form of the trace list. Filters live in
 * the hash (`#/?model=gpt-4o&status=error`) so that a view can be shared.
 */
export const FILTERS_JS = String.raw`
// A datetime-local input shows local time without a zone.
function toLocalInput(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
}

function fromLocalInput(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

function listHash(filters) {
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    if (filters[name]) query.set(name, filters[name]);
  }
  const text = query.toString();
  return text ? '#/?' + text : '#/';
}

function field(label, control) {
  return h('label', { class: 'field' }, [h('span', { text: label }), control]);
}

function filterForm(filters, modelOptions) {
  const text = (name, placeholder) =>
    h('input', { name, type: 'search', placeholder, value: filters[name] || '' });
  const session = text('session', 'any session');
  const user = text('user', 'any user');
  const model = h('input', {
    name: 'model', type: 'search', placeholder: 'any model', list: 'model-options',
    value: filters.model || '',
  });
  const option = (value, text) =>
    h('option', { value, text, selected: (filters.status || '') === value });
  const status = h('select', { name: 'status' }, [
    option('', 'any status'),
    option('error', 'with errors'),
    option('success', 'no errors'),
  ]);
  const time = (name) =>
    h('input', { name, type: 'datetime-local', value: toLocalInput(filters[name]) });
  const from = time('from');
  const to = time('to');

  const submit = (event) => {
    event.preventDefault();
    location.hash = listHash({
      session: session.value.trim(),
      user: user.value.trim(),
      model: model.value.trim(),
      status: status.value,
      from: from.value ? fromLocalInput(from.value) : '',
      to: to.value ? fromLocalInput(to.value) : '',
    });
  };
  return h('form', { class: 'filters', 'data-testid': 'filter-form', onsubmit: submit }, [
    field('Session', session),
    field('User', user),
    field('Model', model),
    field('Status', status),
    field('From', from),
    field('To', to),
    modelOptions,
    h('div', { class: 'filter-actions' }, [
      h('button', { type: 'submit', class: 'primary', text: 'Apply' }),
      h('a', { href: '#/', class: 'button', text: 'Clear' }),
    ]),
  ]);
}

function updateModelOptions(datalist, stats) {
  const models = stats ? stats.models.filter((row) => row.model) : [];
  datalist.replaceChildren(...models.map((row) => h('option', { value: row.model })));
}
`;
