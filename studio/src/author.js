// The author's pages, in the order of Domo's guide: Create New → the Writeback Connector tile → Name your
// connector → icons → Domo client → authentication → reports and parameters → data processing → Submit for Publishing.
import { h, field, checkbox, select, status, showError, showOk, table } from './dom.js';
import { api, get, post, patch, put, enc, base } from './api.js';
import { session } from './session.js';
import { scriptEditor } from './editor.js';
import { hostMembers } from './script-api.js';
import { runPanel } from './test-run.js';

const STEPS = [
  ['name', 'Name your connector'], ['icons', 'Icons'], ['domo-client', 'Configure Domo authentication'],
  ['authentication', 'Configure authentication'], ['reports', 'Reports'], ['parameters', 'Parameters'],
  ['processing', 'Define how data is processed'], ['publish', 'Submit for Publishing'],
];

/** What the last action said, shown once the page it changed is drawn again. */
let flash = null;

const ICONS = [['icon', 'Icon with background', '512 × 512'], ['icon-no-background', 'Icon without background', '512 × 512'],
  ['logo', 'Logo with background', '512 × 512'], ['banner', 'Banner without background', '1024 × 512']];

export const authorRoutes = [
  [/^\/author$/, myConnectors],
  [/^\/author\/new$/, createNew],
  [/^\/connectors\/([^/]+)\/([a-z-]+)$/, connectorStep],
];

async function myConnectors(view) {
  view.append(h('h1', {}, 'My Connector Developer'));
  const createNew = h('p', {}, h('a', { href: '#/author/new', class: 'button' }, 'Create New'));
  const agreement = await get('/user-agreement');
  if (!agreement.acceptance || agreement.acceptance.version !== agreement.version) {
    const out = status();
    const box = h('section', { class: 'agreement', 'aria-labelledby': 'agreement-title' },
      h('h2', { id: 'agreement-title' }, 'Custom Connector User Agreement (version ' + agreement.version + ')'),
      h('div', { class: 'agreement-text', tabindex: 0 }, agreement.text),
      h('button', { type: 'button', onclick: async () => {
        try {
          await post('/user-agreement/acceptance', { version: agreement.version });
          box.replaceWith(createNew);
        } catch (error) {
          showError(out, error);
        }
      } }, 'Accept the agreement'), out,
      h('p', {}, 'You can create connectors once you have accepted it.'));
    view.append(box);
  } else {
    view.append(h('p', { class: 'ok' }, 'You accepted the user agreement (version ' + agreement.acceptance.version + ') on ' + agreement.acceptance.acceptedAt + '.'), createNew);
  }
  const page = await get('/connectors?scope=company&limit=100');
  const versions = await Promise.all(page.items.map(c => get('/connectors/' + enc(c.id))));
  view.append(page.items.length === 0 ? h('p', {}, 'No connectors yet.') : table(['Connector', 'Status', 'Version', 'Published version'],
    page.items.map((c, i) => [h('a', { href: '#/connectors/' + enc(c.id) + '/name' }, c.name), versions[i].status,
      String(c.latestVersion), c.publishedVersion ? String(c.publishedVersion) : '—'])));
}

async function createNew(view) {
  view.append(h('h1', {}, 'Create New'));
  const form = h('div');
  view.append(h('ul', { class: 'tiles' }, h('li', {}, h('button', { type: 'button', class: 'tile', onclick: () => {
    const name = h('input', { name: 'name', required: true, maxlength: 100 });
    const out = status();
    form.replaceChildren(h('h2', {}, 'Name your connector'), h('form', { onsubmit: async e => {
      e.preventDefault();
      try {
        const created = await post('/connectors', { name: name.value });
        location.hash = '#/connectors/' + enc(created.connectorId) + '/icons';
      } catch (error) {
        showError(out, error);
      }
    } }, field('Connector name', name), h('button', { type: 'submit' }, 'Create')), out);
    name.focus();
  } }, h('strong', {}, 'Writeback Connector'), ' ', h('span', {}, 'Push the rows of a Domo DataSet to another system.')))), form);
}

async function connectorStep(view, [id, step]) {
  const version = await get('/connectors/' + enc(id));
  const current = STEPS.find(s => s[0] === step);
  if (!current) throw new Error('There is no step ' + step + '.');
  view.append(h('p', { class: 'crumbs' }, h('a', { href: '#/author' }, 'My Connector Developer'), ' › ', version.name,
    ' — version ' + version.version + ', ' + version.status),
  h('nav', { 'aria-label': 'Steps', class: 'steps' }, h('ol', {}, STEPS.map(([slug, title]) => h('li', {},
    h('a', { href: '#/connectors/' + enc(id) + '/' + slug, 'aria-current': slug === step ? 'step' : null }, title))))),
  h('h1', {}, current[1]));
  const next = () => {
    const i = STEPS.findIndex(s => s[0] === step);
    return i + 1 < STEPS.length ? h('p', {}, h('a', { href: '#/connectors/' + enc(id) + '/' + STEPS[i + 1][0] }, 'Next: ' + STEPS[i + 1][1])) : null;
  };
  await PAGES[step](view, version, id);
  view.append(next());
}

const PAGES = {
  name: async (view, version, id) => {
    const name = h('input', { name: 'name', value: version.name, maxlength: 100, required: true });
    const description = h('textarea', { name: 'description', rows: 3 });
    description.value = version.description || '';
    const out = status();
    view.append(h('form', { onsubmit: async e => {
      e.preventDefault();
      try {
        await patch('/connectors/' + enc(id), { name: name.value, description: description.value });
        showOk(out, 'Saved.');
      } catch (error) {
        showError(out, error);
      }
    } }, field('Connector name', name), field('Description', description), h('button', { type: 'submit' }, 'Save')), out);
  },

  icons: async (view, version, id) => {
    view.append(h('p', {}, 'PNG images: the size each kind names.'));
    for (const [slug, title, size] of ICONS) {
      const preview = h('img', { alt: title + ' preview', class: 'icon-preview', hidden: true });
      const out = status();
      const input = h('input', { type: 'file', accept: 'image/png', name: slug, onchange: async () => {
        const file = input.files[0];
        if (!file) return;
        try {
          await api('PUT', '/connectors/' + enc(id) + '/icons/' + slug, { body: file, contentType: file.type || 'application/octet-stream' });
          preview.src = URL.createObjectURL(file);
          preview.hidden = false;
          showOk(out, title + ' uploaded.');
        } catch (error) {
          showError(out, error);
        }
      } });
      if (version.icons.includes(slug.toUpperCase().replace(/-/g, '_'))) {
        showStoredIcon(id, slug, preview);
      }
      view.append(h('section', { class: 'icon' }, h('h2', {}, title), field(title + ' (' + size + ')', input), preview, out));
    }
  },

  'domo-client': async (view, version, id) => {
    const known = h('p', { class: 'ok' }, version.domo ? 'Domo client ' + version.domo.clientKey + ' verified at ' + version.domo.verifiedAt + '.' : 'No Domo client yet.');
    const key = h('input', { name: 'clientKey', required: true, autocomplete: 'off', value: version.domo ? version.domo.clientKey : '' });
    const secret = h('input', { name: 'clientSecret', type: 'password', required: true, autocomplete: 'new-password' });
    const out = status();
    view.append(h('p', {}, 'The Domo API client (developer.domo.com) whose data scope reads your DataSets. The secret is verified with Domo and never shown again.'),
      known, h('form', { onsubmit: async e => {
        e.preventDefault();
        try {
          const saved = await put('/connectors/' + enc(id) + '/domo-client', { clientKey: key.value, clientSecret: secret.value });
          secret.value = '';
          known.textContent = 'Domo client ' + saved.domo.clientKey + ' verified at ' + saved.domo.verifiedAt + '.';
          showOk(out, 'Verified with Domo.');
        } catch (error) {
          showError(out, error);
        }
      } }, field('Domo Client Key', key), field('Domo Client Secret', secret), h('button', { type: 'submit' }, 'Verify and save')), out);
  },

  authentication: async (view, version, id) => {
    const auth = version.authentication || {};
    const oauth = auth.oauth || {};
    const type = select([['NONE', 'None'], ['USERNAME_PASSWORD', 'Username & password'], ['API_KEY', 'API Key'],
      ['OAUTH2', 'OAuth 2.0'], ['CUSTOM', 'Custom account']], auth.type || 'NONE', { name: 'type' });
    const input = (name, value, attrs) => h('input', { name, value: value || '', ...attrs });
    const o = {
      grant: select([['AUTHORIZATION_CODE', 'Authorization Code Flow'], ['CLIENT_CREDENTIALS', 'Client Credentials Flow']], oauth.grant || 'AUTHORIZATION_CODE', { name: 'grant' }),
      authorizationUrl: input('authorizationUrl', oauth.authorizationUrl, { type: 'url' }),
      tokenUrl: input('tokenUrl', oauth.tokenUrl, { type: 'url' }),
      refreshUrl: input('refreshUrl', oauth.refreshUrl, { type: 'url' }),
      clientId: input('clientId', oauth.clientId),
      clientSecret: input('clientSecret', '', { type: 'password', autocomplete: 'new-password', placeholder: auth.clientSecretSet ? 'stored; leave empty to keep' : '' }),
      scopes: input('scopes', (oauth.scopes || []).join(' ')),
      clientAuth: select([['BASIC', 'Basic header'], ['BODY', 'In the body']], oauth.clientAuth || 'BASIC', { name: 'clientAuth' }),
      pkce: checkbox('Use PKCE', oauth.pkce),
    };
    const oauthBox = h('fieldset', {}, h('legend', {}, 'OAuth 2.0 settings'), field('OAuth Type', o.grant), field('Authorization URL', o.authorizationUrl),
      field('Access Token URL', o.tokenUrl), field('Refresh Token URL', o.refreshUrl, 'Leave blank if it is the access token URL.'),
      field('Client ID', o.clientId), field('Client Secret', o.clientSecret), field('Scopes', o.scopes, 'Space-separated.'),
      field('Authorization Type', o.clientAuth), o.pkce.element);
    const rows = h('div');
    const addField = f => {
      const key = input('fieldKey', f.key, { pattern: '[A-Za-z_][A-Za-z0-9_]*' });
      const label = input('fieldLabel', f.label);
      const password = checkbox('Password', f.password);
      const row = h('div', { class: 'row' }, field('Key', key), field('Label', label), password.element,
        h('button', { type: 'button', onclick: () => row.remove() }, 'Remove field'));
      row.read = () => ({ key: key.value, label: label.value, password: password.input.checked });
      rows.append(row);
    };
    (auth.fields || []).forEach(addField);
    const customBox = h('fieldset', {}, h('legend', {}, 'Custom account fields'), rows,
      h('button', { type: 'button', onclick: () => addField({}) }, 'Add field'));
    const showFor = () => {
      oauthBox.hidden = type.value !== 'OAUTH2';
      customBox.hidden = type.value !== 'CUSTOM';
    };
    type.addEventListener('change', showFor);
    showFor();
    const out = status();
    view.append(h('form', { onsubmit: async e => {
      e.preventDefault();
      const body = { authentication: { type: type.value } };
      if (type.value === 'OAUTH2') {
        body.authentication.oauth = { grant: o.grant.value, authorizationUrl: o.authorizationUrl.value || undefined,
          tokenUrl: o.tokenUrl.value, refreshUrl: o.refreshUrl.value || undefined, clientId: o.clientId.value,
          scopes: o.scopes.value.split(/\s+/).filter(Boolean), clientAuth: o.clientAuth.value, pkce: o.pkce.input.checked };
        if (o.clientSecret.value) body.clientSecret = o.clientSecret.value;
      }
      if (type.value === 'CUSTOM') body.authentication.fields = [...rows.children].map(r => r.read());
      try {
        await put('/connectors/' + enc(id) + '/authentication', body);
        o.clientSecret.value = '';
        showOk(out, 'Authentication saved.');
      } catch (error) {
        showError(out, error);
      }
    } }, field('Authentication type', type), oauthBox, customBox, h('button', { type: 'submit' }, 'Save authentication')), out);
    view.append(h('h2', {}, 'Authentication script'));
    await scriptSection(view, id, 'auth', 'Authentication script', version);
  },

  reports: async (view, version, id) => {
    const list = h('ul', { class: 'reports' });
    const addReport = name => {
      const item = h('li', {}, h('span', {}, name), ' ', h('button', { type: 'button', onclick: () => item.remove(), 'aria-label': 'Remove report ' + name }, 'Remove'));
      item.report = name;
      list.append(item);
    };
    version.reports.forEach(addReport);
    const name = h('input', { name: 'reportName', maxlength: 100 });
    const out = status();
    view.append(h('p', {}, 'Users pick one report; scripts read it as metadata.report.'), list,
      h('form', { onsubmit: e => {
        e.preventDefault();
        if (name.value.trim()) addReport(name.value.trim());
        name.value = '';
      } }, field('New Report Name', name), h('button', { type: 'submit' }, 'Add Report')),
      h('button', { type: 'button', onclick: async () => {
        try {
          await patch('/connectors/' + enc(id), { reports: [...list.children].map(li => li.report) });
          showOk(out, 'Reports saved.');
        } catch (error) {
          showError(out, error);
        }
      } }, 'Save reports'), out);
  },

  parameters: async (view, version, id) => {
    const rows = h('div');
    const addParameter = p => {
      const name = h('input', { name: 'parameterName', value: p.name || '', maxlength: 100 });
      const type = select([['STRING', 'String'], ['TEXT', 'Text'], ['INTEGER', 'Integer'], ['DROPDOWN', 'Dropdown'], ['DATE', 'Date selector']],
        p.type || 'STRING', { name: 'parameterType' });
      const help = h('input', { name: 'helpText', value: p.helpText || '', maxlength: 1024 });
      const required = checkbox('Required', p.required, { name: 'required' });
      const options = h('input', { name: 'options', value: (p.options || []).join(', ') });
      const optionsField = field('Dropdown options', options, 'Comma-separated.');
      const showOptions = () => { optionsField.hidden = type.value !== 'DROPDOWN'; };
      type.addEventListener('change', showOptions);
      showOptions();
      const row = h('fieldset', { class: 'parameter' }, h('legend', {}, 'Parameter'), field('Parameter Name', name), field('Type', type),
        field('Help Text', help), required.element, optionsField, h('button', { type: 'button', onclick: () => row.remove() }, 'Remove parameter'));
      row.read = () => ({ name: name.value, type: type.value, helpText: help.value || null, required: required.input.checked,
        ...(type.value === 'DROPDOWN' ? { options: options.value.split(',').map(s => s.trim()).filter(Boolean) } : {}) });
      rows.append(row);
    };
    version.parameters.forEach(addParameter);
    const out = status();
    view.append(h('p', {}, 'Scripts read each value as metadata.parameters[name]. A writeback reads its input DataSet from a datasetId parameter.'),
      rows, h('button', { type: 'button', onclick: () => addParameter({}) }, 'Add Parameter'), ' ',
      h('button', { type: 'button', onclick: async () => {
        try {
          await patch('/connectors/' + enc(id), { parameters: [...rows.children].map(r => r.read()) });
          showOk(out, 'Parameters saved.');
        } catch (error) {
          showError(out, error);
        }
      } }, 'Save parameters'), out);
  },

  processing: async (view, version, id) => {
    view.append(h('p', {}, 'Read the input with DOMO.getDataset(id).queryData(sql), push it with httprequest, and record what was written in the datagrid.'));
    await scriptSection(view, id, 'process', 'Processing script', version);
  },

  publish: async (view, version, id) => {
    const out = status();
    if (flash) showOk(out, flash);
    flash = null;
    const visibility = select([['PRIVATE', 'Shared with your company'], ['PUBLIC', 'Public to all companies']], version.visibility, { name: 'visibility' });
    if (version.status === 'DRAFT' || version.status === 'REJECTED') {
      view.append(h('form', { onsubmit: async e => {
        e.preventDefault();
        try {
          const submitted = await post('/connectors/' + enc(id) + '/submit', { visibility: visibility.value });
          flash = 'Version ' + submitted.version + ' is ' + submitted.status + '.';
          dispatchEvent(new HashChangeEvent('hashchange'));
        } catch (error) {
          showError(out, error);
        }
      } }, field('Visibility', visibility), h('button', { type: 'submit' }, 'Submit for Publishing')));
    } else if (version.status === 'SUBMITTED') {
      view.append(h('p', {}, 'Version ' + version.version + ' is waiting for review; its code is read-only until then.'),
        h('button', { type: 'button', onclick: async () => {
          try {
            const withdrawn = await post('/connectors/' + enc(id) + '/withdraw');
            flash = 'Version ' + withdrawn.version + ' is withdrawn: ' + withdrawn.status + ' again.';
            dispatchEvent(new HashChangeEvent('hashchange'));
          } catch (error) {
            showError(out, error);
          }
        } }, 'Withdraw'));
    } else {
      view.append(h('p', {}, 'Version ' + version.version + ' is published. Saving any step starts a new draft version.'));
    }
    view.append(out, h('h2', {}, 'Version history'));
    const history = await get('/connectors/' + enc(id) + '/versions?limit=100');
    view.append(table(['Version', 'Status', 'Visibility', 'Created', 'Submitted', 'Decided', 'Reason'], history.items.map(v => [String(v.version),
      v.status, v.visibility, v.createdAt, v.submittedAt || '—', v.decidedAt || '—', v.rejectionReason || '—'])));
  },
};

async function showStoredIcon(id, slug, img) {
  const response = await fetch(base + '/connectors/' + enc(id) + '/icons/' + slug, { headers: callerHeaders() });
  if (response.ok) {
    img.src = URL.createObjectURL(await response.blob());
    img.hidden = false;
  }
}

function callerHeaders() {
  return session.token ? { authorization: 'Bearer ' + session.token }
    : { 'x-writeback-company': session.company, 'x-writeback-user': session.user, 'x-writeback-roles': session.roles.join(',') };
}

async function scriptSection(view, id, kind, label, version) {
  let saved = '';
  if (version.scripts.includes(kind.toUpperCase())) {
    saved = await api('GET', '/connectors/' + enc(id) + '/scripts/' + kind);
  }
  const holder = h('div', { class: 'editor' });
  const out = status();
  const save = async () => {
    const text = editor.text();
    await api('PUT', '/connectors/' + enc(id) + '/scripts/' + kind, { body: text, contentType: 'application/javascript' });
    saved = text;
  };
  view.append(holder, h('button', { type: 'button', onclick: async () => {
    try {
      await save();
      editor.markError(null);
      showOk(out, label + ' saved.');
    } catch (error) {
      if (error.problem && error.problem.line) {
        editor.markError(error.problem);
        showError(out, new Error(error.message + ' (line ' + error.problem.line + ', column ' + error.problem.column + ')'));
      } else {
        showError(out, error);
      }
    }
  } }, 'Save ' + label.toLowerCase()), out);
  const editor = scriptEditor(holder, saved, label, await hostMembers());
  holder.editor = editor;
  // Run tests the stored draft: what the editor shows is saved first when it changed
  await runPanel(view, id, kind, version, editor, async () => {
    if (editor.text() !== saved) await save();
  });
}
