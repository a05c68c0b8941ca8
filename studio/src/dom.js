// Every page is built from these: text always goes in as text (textContent), never as markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'value') el.value = value;
    else if (key === 'checked') el.checked = !!value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let fieldCount = 0;

/** A labelled form field; `control` is an input, select or textarea element. */
export function field(label, control, help) {
  const id = control.id || (control.id = 'f' + (++fieldCount));
  const helpId = help ? id + '-help' : null;
  if (helpId) control.setAttribute('aria-describedby', helpId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control,
    help ? h('p', { class: 'help', id: helpId }, help) : null);
}

export function checkbox(label, checked, attrs) {
  const input = h('input', { type: 'checkbox', checked, ...attrs });
  return { input, element: h('label', { class: 'check' }, input, ' ', label) };
}

export function select(options, value, attrs) {
  return h('select', attrs || {}, options.map(o => {
    const [v, text] = Array.isArray(o) ? o : [o, o];
    return h('option', { value: v, selected: v === value }, text);
  }));
}

/** A place for a form's error or result, read out by screen readers when it changes. */
export function status() {
  return h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
}

export function showError(box, error) {
  box.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.message));
}

export function showOk(box, text) {
  box.replaceChildren(h('p', { class: 'ok' }, text));
}

export function table(headers, rows) {
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map(r => h('tr', {}, r.map(c => h('td', {}, c))))));
}
