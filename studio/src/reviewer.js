// The reviewer's pages: the queue of submitted versions, and one version's details and scripts to approve or reject.
import { h, field, status, showError, showOk, table } from './dom.js';
import { api, get, post, enc } from './api.js';
import { diffLines } from 'diff';

export const reviewerRoutes = [
  [/^\/reviews$/, queue],
  [/^\/reviews\/([^/]+)\/(\d+)$/, review],
];

async function queue(view) {
  view.append(h('h1', {}, 'Reviews'));
  const page = await get('/reviews?limit=100');
  view.append(page.items.length === 0 ? h('p', {}, 'No version is waiting for review.')
    : table(['Connector', 'Version', 'Company', 'Visibility', 'Submitted', 'By'], page.items.map(s => [
      h('a', { href: '#/reviews/' + enc(s.connectorId) + '/' + s.version }, s.name), String(s.version), s.companyId,
      s.visibility, s.submittedAt, s.submittedBy])));
}

async function review(view, [id, number]) {
  const version = await get('/connectors/' + enc(id) + '/versions/' + number);
  view.append(h('p', { class: 'crumbs' }, h('a', { href: '#/reviews' }, 'Reviews')),
    h('h1', {}, 'Review ' + version.name + ', version ' + version.version),
    h('dl', {}, h('dt', {}, 'Status'), h('dd', {}, version.status), h('dt', {}, 'Visibility'), h('dd', {}, version.visibility),
      h('dt', {}, 'Company'), h('dd', {}, version.companyId), h('dt', {}, 'Authentication'), h('dd', {}, version.authentication.type),
      h('dt', {}, 'Reports'), h('dd', {}, version.reports.join(', ') || '—'),
      h('dt', {}, 'Parameters'), h('dd', {}, version.parameters.map(p => p.name + ' (' + (p.type || 'STRING') + (p.required ? ', required' : '') + ')').join(', ') || '—')));
  const history = await get('/connectors/' + enc(id) + '/versions?limit=100');
  const published = history.items.find(v => v.status === 'PUBLISHED' && v.version !== version.version);
  const scriptOf = (number, kind) => api('GET', '/connectors/' + enc(id) + '/versions/' + number + '/scripts/' + kind.toLowerCase());
  view.append(h('p', {}, published ? 'Each script is shown as a line diff against the published version ' + published.version
    + ': added lines start with +, removed ones with −.' : 'No version is published yet: the scripts are shown whole.'));
  for (const kind of version.scripts) {
    const script = await scriptOf(version.version, kind);
    view.append(h('h2', {}, kind === 'AUTH' ? 'Authentication script' : kind === 'PROCESS' ? 'Processing script' : 'Discovery script'));
    if (!published) {
      view.append(h('pre', { class: 'code', tabindex: 0 }, script));
      continue;
    }
    const before = published.version && (await get('/connectors/' + enc(id) + '/versions/' + published.version)).scripts.includes(kind)
      ? await scriptOf(published.version, kind) : '';
    view.append(lineDiff(before, script));
  }
  if (version.status !== 'SUBMITTED') {
    view.append(h('p', {}, 'This version is ' + version.status + '; there is nothing to decide.'));
    return;
  }
  const out = status();
  const reason = h('textarea', { name: 'reason', rows: 3, maxlength: 1024 });
  view.append(h('h2', {}, 'Decision'),
    h('button', { type: 'button', onclick: async () => {
      try {
        await post('/connectors/' + enc(id) + '/approve');
        showOk(out, 'Approved: version ' + version.version + ' is published.');
      } catch (error) {
        showError(out, error);
      }
    } }, 'Approve'),
    h('form', { onsubmit: async e => {
      e.preventDefault();
      try {
        await post('/connectors/' + enc(id) + '/reject', { reason: reason.value });
        showOk(out, 'Rejected; the author sees the reason.');
      } catch (error) {
        showError(out, error);
      }
    } }, field('Reason for rejecting (the author sees it)', reason), h('button', { type: 'submit' }, 'Reject')), out);
}

/** The lines of `after` against `before`: added ones in <ins>, removed ones in <del>, as text. */
function lineDiff(before, after) {
  const lines = [];
  for (const part of diffLines(before, after)) {
    const text = part.value.endsWith('\n') ? part.value.slice(0, -1) : part.value;
    for (const line of text.split('\n')) {
      if (part.added) lines.push(h('ins', {}, '+ ' + line));
      else if (part.removed) lines.push(h('del', {}, '− ' + line));
      else lines.push(h('span', {}, '  ' + line));
    }
  }
  const changed = lines.some(l => l.tagName !== 'SPAN');
  return h('div', {}, changed ? null : h('p', {}, 'Unchanged since the published version.'),
    h('pre', { class: 'code diff', tabindex: 0 }, lines));
}
