// Authentication script: checks the API key against the File Drop store.
httprequest.addHeader('Authorization', 'Bearer ' + metadata.account.apiKey);
var reply = httprequest.get(metadata.account.baseUrl + '/v1/whoami');
if (httprequest.getStatusCode() === 200) {
  DOMO.log('authenticated as ' + JSON.parse(reply).name);
  auth.authenticationSuccess();
} else {
  auth.authenticationFailed('The File Drop store refused the API key (HTTP ' + httprequest.getStatusCode() + ').');
}
