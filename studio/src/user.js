// The user's pages: connectors they may use, accounts, jobs (parameters, schedule, retries), runs as they go.
import { h, field, select, status, showError, table } from './dom.js';
import { api, get, post, enc } from './api.js';
import { nextFirings, formatIn } from './schedule.js';

export const userRoutes = [
  [/^\/use$/, usable],
  [/^\/use\/([^/]+)\/connect$/, connect],
  [/^\/accounts$/, accounts],
  [/^\/jobs$/, jobs],
  [/^\/jobs\/new$/, newJob],
  [/^\/jobs\/([^/]+)$/, job],
  [/^\/runs\/([^/]+)$/, run],
];

const ACTIVE = ['QUEUED', 'RUNNING'];
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function usable(view) {
  view.append(h('h1', {}, 'Connectors'));
  const [own, pub] = await Promise.all([get('/connectors?scope=company&limit=100'), get('/connectors?scope=public&limit=100')]);
  const seen = new Set();
  const items = [...own.items, ...pub.items].filter(c => c.publishedVersion && !seen.has(c.id) && seen.add(c.id));
  view.append(items.length === 0 ? h('p', {}, 'No published connector yet.') : table(['Connector', 'From', 'Version', ''],
    items.map(c => [c.publishedName || c.name, c.companyId, String(c.publishedVersion),
      h('span', {}, h('a', { href: '#/use/' + enc(c.id) + '/connect?version=' + c.publishedVersion }, 'Connect an account to ' + (c.publishedName || c.name)),
        ' · ', h('a', { href: '#/jobs/new?connector=' + enc(c.id) + '&version=' + c.publishedVersion }, 'Create a job with ' + (c.publishedName || c.name)))])));
}

export function accountFields(auth) {
  switch (auth.type) {
    case 'USERNAME_PASSWORD': return [{ key: 'username', label: 'Username' }, { key: 'password', label: 'Password', password: true }];
    case 'API_KEY': return [{ key: 'apikey', label: 'API Key', password: true }];
    case 'CUSTOM': return auth.fields || [];
    default: return [];
  }
}

async function connect(view, [id], query) {
  const version = await get('/connectors/' + enc(id) + '/versions/' + enc(query.get('version')));
  view.append(h('h1', {}, 'Connect an account to ' + version.name));
  const out = status();
  const name = h('input', { name: 'accountName', value: version.name + ' account', maxlength: 100 });
  if (version.authentication.type === 'OAUTH2') {
    const clientCredentials = version.authentication.oauth && version.authentication.oauth.grant === 'CLIENT_CREDENTIALS';
    view.append(h('form', { onsubmit: async e => {
      e.preventDefault();
      try {
        if (clientCredentials) {
          const account = await post('/oauth/client-credentials', { connectorId: id, name: name.value });
          location.hash = '#/accounts?connected=' + enc(account.id);
        } else {
          const started = await post('/oauth/start', { connectorId: id, name: name.value });
          location.assign(started.authorizationUrl);
        }
      } catch (error) {
        showError(out, error);
      }
    } }, field('Account name', name), h('button', { type: 'submit' }, clientCredentials ? 'Get Access Token' : 'Connect with the provider')), out);
    return;
  }
  const inputs = accountFields(version.authentication).map(f => [f.key, h('input', { name: f.key, type: f.password ? 'password' : 'text', autocomplete: 'off' }), f.label || f.key]);
  view.append(h('form', { onsubmit: async e => {
    e.preventDefault();
    try {
      const account = await post('/accounts', { connectorId: id, name: name.value, fields: Object.fromEntries(inputs.map(([k, input]) => [k, input.value])) });
      location.hash = '#/accounts?connected=' + enc(account.id);
    } catch (error) {
      showError(out, error);
    }
  } }, field('Account name', name), inputs.map(([, input, label]) => field(label, input)), h('button', { type: 'submit' }, 'Connect')), out);
}

async function accounts(view, _, query) {
  view.append(h('h1', {}, 'Accounts'));
  const page = await get('/accounts?limit=100');
  const connected = page.items.find(a => a.id === query.get('connected'));
  if (connected) view.append(h('p', { class: 'ok', role: 'status' }, connected.name + ' is ' + connected.status + '.'));
  view.append(page.items.length === 0 ? h('p', {}, 'No accounts yet.') : table(['Account', 'Connector', 'Type', 'Status', ''],
    page.items.map(a => [a.name, a.connectorId, a.authType, a.status + (a.statusReason ? ': ' + a.statusReason : ''),
      h('a', { href: '#/jobs/new?connector=' + enc(a.connectorId) + '&version=' + a.connectorVersion + '&account=' + enc(a.id) }, 'Create a job with ' + a.name)])));
}

async function jobs(view) {
  view.append(h('h1', {}, 'Jobs'));
  const page = await get('/jobs?limit=100');
  view.append(page.items.length === 0 ? h('p', {}, 'No jobs yet; create one from a connector.') : table(['Job', 'Connector', 'Schedule', 'Status'],
    page.items.map(j => [h('a', { href: '#/jobs/' + enc(j.id) }, j.name), j.connectorId,
      j.schedule ? j.schedule.expression + ' ' + (j.schedule.timezone || 'UTC') : 'on demand', j.status])));
}

export function parameterInput(p) {
  const attrs = { name: 'parameter-' + p.name, 'aria-required': p.required ? 'true' : null };
  switch (p.type) {
    case 'DROPDOWN': return select([['', '(choose)'], ...(p.options || [])], '', attrs);
    case 'INTEGER': return h('input', { ...attrs, inputmode: 'decimal' });
    case 'DATE': return h('input', { ...attrs, placeholder: 'yyyy-MM-dd, start..end or last 7 days' });
    case 'TEXT': return h('textarea', { ...attrs, rows: 3 });
    default: return h('input', attrs);
  }
}

async function newJob(view, _, query) {
  const id = query.get('connector');
  const version = await get('/connectors/' + enc(id) + '/versions/' + enc(query.get('version')));
  view.append(h('h1', {}, 'Create a job with ' + version.name));
  const mine = (await get('/accounts?limit=100')).items.filter(a => a.connectorId === id);
  if (mine.length === 0) {
    view.append(h('p', {}, 'Connect an account first: ', h('a', { href: '#/use/' + enc(id) + '/connect?version=' + version.version }, 'Connect an account'), '.'));
    return;
  }
  const name = h('input', { name: 'jobName', value: version.name + ' job', maxlength: 100 });
  const account = select(mine.map(a => [a.id, a.name + ' (' + a.status + ')']), query.get('account') || mine[0].id, { name: 'account' });
  const report = select(version.reports, version.reports[0], { name: 'report' });
  const params = version.parameters.filter(p => p.type !== 'DISCOVERY').map(p => [p, parameterInput(p)]);
  const schedule = scheduleBuilder();
  const maxRetries = h('input', { name: 'maxRetries', type: 'number', min: 0, value: '0' });
  const delay = h('input', { name: 'initialDelaySeconds', type: 'number', min: 0, value: '60' });
  const out = status();
  view.append(h('form', { onsubmit: async e => {
    e.preventDefault();
    const body = { connectorId: id, accountId: account.value, name: name.value, report: report.value || undefined,
      parameters: Object.fromEntries(params.filter(([, input]) => input.value !== '').map(([p, input]) => [p.name, input.value])),
      retry: { maxRetries: Number(maxRetries.value), initialDelaySeconds: Number(delay.value) } };
    if (schedule.value()) body.schedule = schedule.value();
    try {
      const created = await post('/jobs', body);
      location.hash = '#/jobs/' + enc(created.id);
    } catch (error) {
      showError(out, error);
    }
  } }, field('Job name', name), field('Account', account), version.reports.length ? field('Report', report) : null,
  h('fieldset', {}, h('legend', {}, 'Parameters'), params.length === 0 ? h('p', {}, 'This connector has no parameters.') : null,
    params.map(([p, input]) => field(p.name + (p.required ? ' (required)' : ''), input, p.helpText))),
  schedule.element,
  h('fieldset', {}, h('legend', {}, 'Retries of scheduled runs that fail'), field('Retries', maxRetries), field('First retry after (seconds)', delay)),
  h('button', { type: 'submit' }, 'Create job')), out);
}

function scheduleBuilder() {
  const kind = select([['', 'Only when run now'], ['rate', 'Every…'], ['cron', 'Cron expression']], '', { name: 'scheduleKind' });
  const every = h('input', { name: 'rateValue', type: 'number', min: 1, value: '1' });
  const unit = select([['minutes', 'minutes'], ['hours', 'hours'], ['days', 'days']], 'hours', { name: 'rateUnit' });
  const cron = h('input', { name: 'cron', value: '0 6 * * ? *', placeholder: 'minutes hours day-of-month month day-of-week year' });
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : ['UTC'];
  const zone = select(['UTC', ...zones.filter(z => z !== 'UTC')], 'UTC', { name: 'timezone' });
  const rateBox = h('div', { class: 'row' }, field('Every', every), field('Unit', unit));
  const cronBox = field('Cron', cron, 'minutes hours day-of-month month day-of-week year, e.g. 0 6 * * ? * (06:00 every day)');
  const zoneBox = field('Time zone', zone);
  const preview = h('ol', { class: 'firings', 'aria-label': 'Next five firing times' });
  const expression = () => kind.value === 'rate' ? 'rate(' + every.value + ' ' + unit.value + ')' : kind.value === 'cron' ? 'cron(' + cron.value.trim() + ')' : null;
  const update = () => {
    rateBox.hidden = kind.value !== 'rate';
    cronBox.hidden = kind.value !== 'cron';
    zoneBox.hidden = kind.value === '';
    preview.replaceChildren();
    if (!expression()) return;
    try {
      preview.append(...nextFirings(expression(), zone.value, new Date(), 5).map(d => h('li', {}, formatIn(d, zone.value))));
    } catch (e) {
      preview.append(h('li', { class: 'error' }, e.message));
    }
  };
  for (const input of [kind, every, unit, cron, zone]) {
    input.addEventListener('input', update);
    input.addEventListener('change', update);
  }
  update();
  return {
    element: h('fieldset', {}, h('legend', {}, 'Schedule'), field('Runs', kind), rateBox, cronBox, zoneBox,
      h('p', {}, 'Next five firing times:'), preview),
    value: () => expression() ? { expression: expression(), timezone: zone.value } : null,
  };
}

async function job(view, [id], _, current) {
  const j = await get('/jobs/' + enc(id));
  view.append(h('p', { class: 'crumbs' }, h('a', { href: '#/jobs' }, 'Jobs')), h('h1', {}, j.name),
    h('dl', {}, h('dt', {}, 'Connector'), h('dd', {}, j.connectorId + ' version ' + j.connectorVersion),
      h('dt', {}, 'Report'), h('dd', {}, j.report || '—'),
      h('dt', {}, 'Parameters'), h('dd', {}, Object.entries(j.parameters).map(([k, v]) => k + ' = ' + v).join(', ') || '—'),
      h('dt', {}, 'Schedule'), h('dd', {}, j.schedule ? j.schedule.expression + ' (' + (j.schedule.timezone || 'UTC') + ')' : 'on demand'),
      h('dt', {}, 'Retries'), h('dd', {}, String(j.retry.maxRetries || 0)), h('dt', {}, 'Status'), h('dd', {}, j.status)));
  const out = status();
  const history = h('div', { 'aria-live': 'polite' });
  view.append(h('button', { type: 'button', onclick: async () => {
    try {
      const started = await post('/jobs/' + enc(id) + '/runs');
      location.hash = '#/runs/' + enc(started.id);
    } catch (error) {
      showError(out, error);
    }
  } }, 'Run now'), out, h('h2', {}, 'Run history'), history);
  for (;;) {
    const runs = await get('/jobs/' + enc(id) + '/runs?limit=25');
    if (!current()) return;
    history.replaceChildren(runs.items.length === 0 ? h('p', {}, 'No runs yet.') : table(['Run', 'Status', 'Started', 'Rows read', 'Rows written'],
      runs.items.map(r => [h('a', { href: '#/runs/' + enc(r.id) }, r.id), r.status, r.startedAt || r.queuedAt,
        String(rowsRead(r)), String(rowsWritten(r))])));
    if (!runs.items.some(r => ACTIVE.includes(r.status))) return;
    await sleep(1000);
  }
}

const rowsRead = r => r.progress ? r.progress.rowsRead : r.rowsRead;
const rowsWritten = r => r.progress ? r.progress.rowsWritten : r.rowsWritten;

async function run(view, [id], _, current) {
  view.append(h('h1', {}, 'Run ' + id));
  const body = h('div', { 'aria-live': 'polite' });
  const out = status();
  view.append(body, out);
  for (;;) {
    const r = await get('/runs/' + enc(id));
    if (!current()) return;
    const active = ACTIVE.includes(r.status);
    const parts = [h('p', {}, h('a', { href: '#/jobs/' + enc(r.jobId) }, 'Back to the job')),
      h('dl', { class: 'counts' }, h('dt', {}, 'Status'), h('dd', { class: 'run-status' }, r.status),
        h('dt', {}, 'Rows read'), h('dd', { class: 'rows-read' }, String(rowsRead(r))),
        h('dt', {}, 'Rows written'), h('dd', { class: 'rows-written' }, String(rowsWritten(r))),
        h('dt', {}, 'Requests'), h('dd', {}, String(r.progress ? r.progress.requests : r.requests)),
        h('dt', {}, 'Bytes sent'), h('dd', {}, String(r.progress ? r.progress.bytesSent : r.bytesWritten)),
        h('dt', {}, 'Duration'), h('dd', {}, r.durationMillis !== undefined ? r.durationMillis + ' ms' : '—'))];
    if (active) {
      parts.push(h('button', { type: 'button', onclick: async () => {
        try {
          await post('/runs/' + enc(id) + '/cancel');
        } catch (error) {
          showError(out, error);
        }
      } }, 'Cancel run'));
    }
    if (r.error) {
      parts.push(h('div', { class: 'error', role: 'alert' }, h('h2', {}, 'Error'), h('p', {}, r.error.message),
        r.error.script ? h('p', {}, r.error.script + ', line ' + r.error.line + ', column ' + r.error.column) : null));
    }
    if (!active) {
      const log = await api('GET', '/runs/' + enc(id) + '/log').catch(() => '');
      parts.push(h('h2', {}, 'Log'), h('pre', { class: 'log', tabindex: 0 }, log || '(empty)'));
      if (r.output) {
        parts.push(h('h2', {}, 'Output'), datagrid(r.output));
      }
    }
    body.replaceChildren(...parts);
    if (!active) return;
    await sleep(1000);
  }
}

export function datagrid(grid) {
  return h('div', { class: 'grid' }, table(grid.columns.map(c => c.name + ' (' + c.type + ')'),
    grid.rows.map(row => row.map(cell => cell === null ? '' : typeof cell === 'object' ? JSON.stringify(cell) : String(cell)))),
  grid.truncated ? h('p', {}, 'Only the first rows are shown.') : null);
}
