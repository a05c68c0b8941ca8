// Processing script: query the input DataSet, write the result as one CSV file to the File Drop store,
// and record every written row in the datagrid (the run's output DataSet), as Domo's writebacks do.
var datasetId = metadata.parameters.datasetId;
var where = metadata.report === 'Opened emails' ? " where action = 'open'" : '';
var result = DOMO.getDataset(datasetId)
    .queryData('select id, user_name, email, amount, created_at from tbl' + where + ' order by id');

function csvCell(value) {
  if (value === null || value === undefined) {
    return '';
  }
  var s = String(value);
  return /[",\r\n]/.test(s) || s === '' ? '"' + s.replace(/"/g, '""') + '"' : s;
}

var lines = [result.columns.join(',')];
for (var i = 0; i < result.rows.length; i++) {
  lines.push(result.rows[i].map(csvCell).join(','));
}

var fileName = (metadata.parameters.fileName || datasetId) + '.csv';
httprequest.addHeader('Authorization', 'Bearer ' + metadata.account.apiKey);
httprequest.addHeader('Content-Type', 'text/csv; charset=utf-8');
httprequest.put(metadata.account.baseUrl + '/v1/files/' + encodeURIComponent(fileName), lines.join('\n') + '\n');
var status = httprequest.getStatusCode();
if (status !== 200 && status !== 201) {
  datagrid.error(1, 'The File Drop store did not accept ' + fileName + ' (HTTP ' + status + ').');
}

datagrid.addColumn('id', datagrid.DATA_TYPE_STRING);
datagrid.addColumn('file', datagrid.DATA_TYPE_STRING);
datagrid.addColumn('status', datagrid.DATA_TYPE_STRING);
for (var j = 0; j < result.rows.length; j++) {
  datagrid.addCell(String(result.rows[j][0]));
  datagrid.addCell(fileName);
  datagrid.addCell('written');
  datagrid.endRow();
}
DOMO.log('wrote ' + result.numRows + ' rows to ' + fileName);
