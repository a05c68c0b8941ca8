// The Connector Dev Studio: a hash router over plain DOM pages, so state in memory survives navigation.
import './studio.css';
import { h, field, checkbox, status, showError } from './dom.js';
import { base } from './api.js';
import { session, config, loadConfig, signInAs, signOut, signedIn, hasRole, startOidcSignIn, finishOidcSignIn } from './session.js';
import { authorRoutes } from './author.js';
import { reviewerRoutes } from './reviewer.js';
import { userRoutes } from './user.js';

const routes = [
  [/^\/sign-in$/, signInPage],
  [/^\/$/, homePage],
  ...authorRoutes, ...reviewerRoutes, ...userRoutes,
];

const main = () => document.getElementById('main');
let rendering = 0;

async function render() {
  const path = location.hash.replace(/^#/, '') || '/';
  const [pathOnly, query] = path.split('?');
  if (!signedIn() && pathOnly !== '/sign-in') {
    location.hash = '#/sign-in';
    return;
  }
  renderNav();
  const page = routes.find(([pattern]) => pattern.test(pathOnly));
  const view = h('div', { class: 'page' });
  const current = ++rendering;
  main().replaceChildren(view);
  try {
    if (!page) throw new Error('There is no page ' + pathOnly + ' in the studio.');
    const match = pathOnly.match(page[0]);
    await page[1](view, match.slice(1).map(decodeURIComponent), new URLSearchParams(query || ''), () => current === rendering);
  } catch (e) {
    if (current === rendering) {
      view.append(h('p', { class: 'error', role: 'alert' }, e.message));
    }
  }
  const heading = view.querySelector('h1');
  if (heading) document.title = heading.textContent + ' · Writeback Connector Dev Studio';
}

function renderNav() {
  const links = [];
  if (signedIn()) {
    links.push(['#/', 'Home']);
    if (hasRole('AUTHOR')) links.push(['#/author', 'My Connector Developer']);
    if (hasRole('REVIEWER')) links.push(['#/reviews', 'Reviews']);
    links.push(['#/use', 'Connectors'], ['#/accounts', 'Accounts'], ['#/jobs', 'Jobs']);
  }
  document.getElementById('nav').replaceChildren(
    h('ul', {}, links.map(([href, text]) => h('li', {}, h('a', { href }, text)))),
    signedIn() ? h('p', { class: 'who' }, 'Signed in as ', h('strong', {}, session.user), ' (', session.company, ') ',
      h('button', { type: 'button', class: 'link', onclick: () => signOut() }, 'Sign out')) : null);
}

async function signInPage(view) {
  view.append(h('h1', {}, 'Sign in'));
  if (session.notice) view.append(h('p', { class: 'error', role: 'alert' }, session.notice));
  const out = status();
  if (config.signIn === 'oidc') {
    view.append(h('p', {}, 'Sign in with your organisation\'s identity provider.'),
      h('button', { type: 'button', onclick: () => startOidcSignIn().catch(e => showError(out, e)) }, 'Sign in'), out);
    return;
  }
  const company = h('input', { name: 'company', required: true, autocomplete: 'organization', value: session.company || 'acme' });
  const user = h('input', { name: 'user', required: true, autocomplete: 'username', value: session.user || '' });
  const author = checkbox('Connector author', false, { name: 'author' });
  const reviewer = checkbox('Reviewer', false, { name: 'reviewer' });
  view.append(h('p', {}, 'The embedded default trusts the caller it is told: sign in as any company, user and roles.'),
    h('form', { onsubmit: e => {
      e.preventDefault();
      const roles = [author.input.checked && 'AUTHOR', reviewer.input.checked && 'REVIEWER'].filter(Boolean);
      signInAs(company.value.trim(), user.value.trim(), roles);
      location.hash = '#/';
    } }, field('Company', company), field('User', user),
    h('fieldset', {}, h('legend', {}, 'Roles'), author.element, reviewer.element),
    h('button', { type: 'submit' }, 'Sign in as')), out);
}

async function homePage(view) {
  view.append(h('h1', {}, 'Writeback Connector Dev Studio'),
    h('ul', { class: 'tiles' },
      hasRole('AUTHOR') ? h('li', {}, h('a', { href: '#/author' }, 'My Connector Developer'), ': build, test and submit connectors.') : null,
      hasRole('REVIEWER') ? h('li', {}, h('a', { href: '#/reviews' }, 'Reviews'), ': approve or reject submitted versions.') : null,
      h('li', {}, h('a', { href: '#/use' }, 'Connectors'), ': connect an account and create jobs.'),
      h('li', {}, h('a', { href: '#/jobs' }, 'Jobs'), ': run them and follow their runs.')));
}

async function start() {
  await loadConfig(base);
  try {
    if (config.signIn === 'oidc' && await finishOidcSignIn()) location.hash = '#/';
  } catch (e) {
    session.notice = e.message;
  }
  window.addEventListener('hashchange', render);
  render();
}

start();
