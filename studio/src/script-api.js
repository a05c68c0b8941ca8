// The host API's description (GET /script-api), read once, as completions per host object.
import { get } from './api.js';

let members;

export async function hostMembers() {
  if (!members) {
    const description = await get('/script-api');
    members = {};
    for (const object of description.objects) {
      members[object.name] = object.members.map(m => ({
        label: m.name,
        type: m.kind === 'function' ? 'method' : 'property',
        detail: m.signature + (m.origin === 'documented' ? '' : ' (extension)'),
        info: m.doc,
      }));
    }
  }
  return members;
}
