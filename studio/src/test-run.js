// The Dev Studio's Run, beside a script editor: test-run the draft's script with a test account or fields typed for
// this run only, live or dry with canned responses, and read what it did (outcome, log, exchanges, queries, datagrid).
import { h, field, select, status, showError, table } from './dom.js';
import { api, get, post, enc } from './api.js';
import { accountFields, parameterInput, datagrid } from './user.js';

const ACTIVE = ['QUEUED', 'RUNNING'];
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * `editor` is the script's editor; `save` stores its text when it changed (the test run runs the stored draft).
 * The panel runs the editor's script, `kind` (auth or process).
 */
export async function runPanel(parent, id, kind, version, editor, save) {
  const label = kind === 'auth' ? 'authentication' : 'processing';
  const mine = (await get('/accounts?limit=100')).items.filter(a => a.connectorId === id);
  const inline = accountFields(version.authentication || {});
  const oauth = version.authentication && version.authentication.type === 'OAUTH2';
  const account = select([...(oauth ? [] : [['', 'Fields for this run only']]), ...mine.map(a => [a.id, a.name + ' (' + a.status + ')'])],
    oauth && mine.length ? mine[0].id : '', { name: 'testAccount' });
  const fieldInputs = inline.map(f => [f.key, h('input', { name: 'test-' + f.key, type: f.password ? 'password' : 'text', autocomplete: 'off' }), f.label || f.key]);
  const fieldsBox = h('fieldset', {}, h('legend', {}, 'Account fields for this run only (never stored)'),
    fieldInputs.length ? fieldInputs.map(([, input, text]) => field(text, input)) : h('p', {}, 'This connector has no account fields.'));
  const showFields = () => { fieldsBox.hidden = account.value !== ''; };
  account.addEventListener('change', showFields);
  showFields();

  const report = select(version.reports, version.reports[0], { name: 'testReport' });
  const params = version.parameters.filter(p => p.type !== 'DISCOVERY').map(p => [p, parameterInput(p)]);
  const rowLimit = h('input', { name: 'rowLimit', type: 'number', min: 1, max: 1000000, placeholder: 'all rows' });
  const mode = select([['live', 'Live: send the requests'], ['dry', 'Dry: send nothing, answer with canned responses']], 'live', { name: 'mode' });
  const responses = h('div');
  const addResponse = () => {
    const method = h('input', { name: 'cannedMethod', placeholder: 'any', maxlength: 10, size: 6 });
    const pattern = h('input', { name: 'cannedUrlPattern', value: '*', maxlength: 2048 });
    const code = h('input', { name: 'cannedStatus', type: 'number', min: 100, max: 599, value: '200' });
    const body = h('textarea', { name: 'cannedBody', rows: 2 });
    const row = h('div', { class: 'row' }, field('Method', method), field('URL pattern', pattern), field('Status', code), field('Body', body),
      h('button', { type: 'button', onclick: () => row.remove() }, 'Remove response'));
    row.read = () => ({ method: method.value.trim().toUpperCase() || undefined, urlPattern: pattern.value, status: Number(code.value), body: body.value });
    responses.append(row);
  };
  const dryBox = h('fieldset', {}, h('legend', {}, 'Canned responses (the first match answers; else 200 {})'), responses,
    h('button', { type: 'button', onclick: addResponse }, 'Add response'));
  const showDry = () => { dryBox.hidden = mode.value !== 'dry'; };
  mode.addEventListener('change', showDry);
  showDry();

  const out = status();
  const result = h('div', { class: 'test-run', 'aria-live': 'polite' });
  const history = h('div');
  let running = null;

  const show = async r => {
    editor.markError(r.outcome && r.outcome.line && r.outcome.script === kind + '.js' ? { line: r.outcome.line, column: r.outcome.column, detail: r.outcome.message } : null);
    result.replaceChildren(...testRunPanes(r, async () => {
      try {
        await post('/test-runs/' + enc(r.id) + '/cancel');
      } catch (error) {
        showError(out, error);
      }
    }).filter(Boolean));
  };
  const refreshHistory = async () => {
    const page = await get('/connectors/' + enc(id) + '/test-runs?limit=10');
    history.replaceChildren(page.items.length === 0 ? h('p', {}, 'No test runs yet.') : table(['Test run', 'Script', 'Mode', 'Version', 'Status', 'Queued'],
      page.items.map(r => [h('button', { type: 'button', class: 'link', onclick: async () => {
        try {
          await show(await get('/test-runs/' + enc(r.id)));
        } catch (error) {
          showError(out, error);
        }
      } }, 'Show ' + r.id), r.script, r.mode, String(r.connectorVersion), r.status, r.queuedAt])));
  };

  const start = async e => {
    e.preventDefault();
    if (running) return;
    const body = { script: kind, mode: mode.value };
    if (account.value) body.accountId = account.value;
    else if (!oauth) body.fields = Object.fromEntries(fieldInputs.map(([k, input]) => [k, input.value]));
    if (kind === 'process') {
      if (version.reports.length) body.report = report.value;
      body.parameters = Object.fromEntries(params.filter(([, input]) => input.value !== '').map(([p, input]) => [p.name, input.value]));
      if (rowLimit.value) body.rowLimit = Number(rowLimit.value);
    }
    if (mode.value === 'dry') body.responses = [...responses.children].map(r => r.read());
    out.replaceChildren();
    try {
      await save();
      running = await post('/connectors/' + enc(id) + '/test-runs', body);
      for (;;) {
        await show(running);
        if (!ACTIVE.includes(running.status) || !parent.isConnected) break;
        await sleep(1000);
        running = await get('/test-runs/' + enc(running.id));
      }
      await refreshHistory();
    } catch (error) {
      if (error.problem && error.problem.line) editor.markError(error.problem);
      showError(out, error);
    } finally {
      running = null;
    }
  };

  parent.append(h('section', { class: 'run-panel', 'aria-labelledby': 'run-' + kind },
    h('h2', { id: 'run-' + kind }, 'Run the ' + label + ' script'),
    h('form', { onsubmit: start },
      field('Test account', account, oauth ? 'An OAuth 2.0 connector runs with one of your connected accounts.' : null), fieldsBox,
      kind === 'process' ? [version.reports.length ? field('Report', report) : null,
        h('fieldset', {}, h('legend', {}, 'Parameters'), params.length === 0 ? h('p', {}, 'This connector has no parameters.') : null,
          params.map(([p, input]) => field(p.name + (p.required ? ' (required)' : ''), input, p.helpText))),
        field('Row limit', rowLimit, 'The most rows any query returns; empty for all.')] : null,
      field('Mode', mode), dryBox, h('button', { type: 'submit' }, 'Run')),
    out, result, h('h3', {}, 'Previous test runs'), history));
  await refreshHistory();
}

function testRunPanes(r, cancel) {
  const active = ACTIVE.includes(r.status);
  const o = r.outcome || {};
  const panes = [h('h3', {}, 'Outcome'), h('dl', {}, h('dt', {}, 'Test run'), h('dd', {}, r.id),
    h('dt', {}, 'Status'), h('dd', { class: 'test-run-status' }, r.status),
    h('dt', {}, 'Script'), h('dd', {}, r.script + ', version ' + r.connectorVersion + ', ' + r.mode),
    h('dt', {}, 'Duration'), h('dd', {}, r.durationMillis !== undefined ? r.durationMillis + ' ms' : '—'))];
  if (active) panes.push(h('button', { type: 'button', onclick: cancel, disabled: r.cancelRequested }, r.cancelRequested ? 'Cancelling…' : 'Cancel test run'));
  if (o.message || o.stage) {
    panes.push(h('div', { class: o.authenticated ? 'ok' : 'error', role: o.authenticated ? null : 'alert' },
      h('p', { class: 'outcome' }, (o.authenticated ? 'Authenticated: ' : '') + (o.message || o.stage)),
      o.line ? h('p', {}, (o.script || '') + ', line ' + o.line + ', column ' + o.column + (o.kind ? ' (' + o.kind + ')' : '')) : null));
  }
  if (active) return panes;
  panes.push(h('h3', {}, 'Log'), h('pre', { class: 'log', tabindex: 0 }, r.log.length ? r.log.join('\n') : '(empty)'),
    r.logTruncated ? h('p', {}, 'The log passed 256 KiB; its end was dropped.') : null);
  panes.push(h('h3', {}, 'HTTP exchanges'), r.exchanges.length === 0 ? h('p', {}, 'No requests.') : h('ol', { class: 'exchanges' }, r.exchanges.map(exchange)));
  panes.push(h('h3', {}, 'SQL queries'), r.queries.length === 0 ? h('p', {}, 'No queries.') : table(['Query', 'Rows', 'ms'],
    r.queries.map(q => [h('code', {}, q.sql), q.rows + (q.rowLimitReached ? ' (row limit reached)' : ''), String(q.millis)])));
  if (r.writes.length) {
    panes.push(h('h3', {}, 'Writes'), table(['Location', 'Format', 'Rows', 'Bytes', 'Written'],
      r.writes.map(w => [w.location, w.format, String(w.rows), String(w.bytes), w.written ? 'yes' : 'no (dry)'])));
  }
  panes.push(h('h3', {}, 'Datagrid'), r.datagrid ? datagrid(r.datagrid) : h('p', {}, 'The script recorded no rows.'));
  return panes;
}

function exchange(x) {
  const headers = map => Object.entries(map || {}).map(([k, values]) => k + ': ' + values.join(', ')).join('\n');
  return h('li', {}, h('details', {}, h('summary', { class: 'exchange' }, x.method + ' ' + x.url + ' → ' + (x.status || x.error) + ', '
      + x.requestBytes + ' bytes sent, ' + x.responseBytes + ' received' + (x.stubbed ? ' (stubbed)' : '')),
  h('h4', {}, 'Request headers'), h('pre', { class: 'code', tabindex: 0 }, headers(x.requestHeaders)),
  h('h4', {}, 'Request body'), h('pre', { class: 'code', tabindex: 0 }, x.requestBody || '(none)'),
  h('h4', {}, 'Response headers'), h('pre', { class: 'code', tabindex: 0 }, headers(x.responseHeaders)),
  h('h4', {}, 'Response body'), h('pre', { class: 'code', tabindex: 0 }, x.responseBody || '(none)')));
}
