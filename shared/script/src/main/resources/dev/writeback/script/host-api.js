// The Domo-compatible globals, built over the Java host objects. Evaluated as an internal source once per run:
// its statements do not count against the statement limit, and the host objects stay private to these closures.
(function (http, domo, grid, metadataJson, disc) {
    'use strict';
    var G = globalThis;
    var parse = JSON.parse, stringify = JSON.stringify, Str = String, isArray = Array.isArray, keys = Object.keys;
    var DateCtor = Date, ErrorCtor = Error, TypeErr = TypeError, isFiniteNum = isFinite;
    ['Java', 'Graal', 'Polyglot', 'load', 'loadWithNewGlobal', 'print', 'printErr', 'quit', 'exit', 'read', 'readbuffer', 'console']
        .forEach(function (name) { try { delete G[name]; } catch (e) { /* not configurable: its lookups stay blocked */ } });

    function text(v) {
        if (typeof v === 'string') return v;
        if (v === undefined) return 'undefined';
        if (v instanceof ErrorCtor) return v.name + ': ' + v.message;
        if (typeof v === 'object' && v !== null) {
            try {
                var json = stringify(v);
                if (json !== undefined) return json;
            } catch (e) { /* cyclic: fall through to String() */ }
        }
        return Str(v);
    }
    function str(v) { return v === undefined || v === null ? null : Str(v); }
    function body(v) {
        if (v === undefined || v === null) return null;
        return typeof v === 'string' ? v : typeof v === 'object' ? stringify(v) : Str(v);
    }
    function log() {
        var parts = [];
        for (var i = 0; i < arguments.length; i++) parts.push(text(arguments[i]));
        domo.log(parts.join(' '));
    }

    var httprequest = {
        addHeader: function (name, value) { http.addHeader(str(name), str(value)); },
        addParameter: function (name, value) { http.addParameter(str(name), str(value)); },
        clearHeaders: function () { http.clearHeaders(); },
        clearParameters: function () { http.clearParameters(); },
        getHeader: function (name) { return http.getHeader(str(name)); },
        getStatusCode: function () { return http.getStatusCode(); },
        getResponseHeader: function (name) { return http.getResponseHeader(str(name)); },
        get: function (url) { return http.send('GET', str(url), null); },
        post: function (url, data) { return http.send('POST', str(url), body(data)); },
        put: function (url, data) { return http.send('PUT', str(url), body(data)); },
        patch: function (url, data) { return http.send('PATCH', str(url), body(data)); },
        'delete': function (url, data) { return http.send('DELETE', str(url), body(data)); },
        head: function (url) { return http.send('HEAD', str(url), null); },
        setRequestTimeout: function (ms) { http.setRequestTimeout(+ms); },
        sendAll: function (requests, options) {
            if (!isArray(requests)) throw new TypeErr('httprequest.sendAll(requests[, options]) needs an array of requests');
            var prepared = requests.map(function (r, i) {
                if (r === null || typeof r !== 'object') throw new TypeErr('httprequest.sendAll: request ' + i + ' is not an object');
                var headers = {};
                if (r.headers !== undefined && r.headers !== null) {
                    keys(r.headers).forEach(function (name) { headers[name] = Str(r.headers[name]); });
                }
                return { method: r.method === undefined ? 'GET' : Str(r.method), url: str(r.url), headers: headers, body: body(r.body) };
            });
            var concurrency = options !== undefined && options !== null && options.concurrency !== undefined ? +options.concurrency : 4;
            return parse(http.sendAll(stringify(prepared), concurrency));
        }
    };

    function batches(id, sql, size, callback) {
        if (typeof callback !== 'function') {
            throw new TypeErr('queryBatches(sql, batchSize, callback) needs a callback function');
        }
        var reader = domo.openBatches(str(id), str(sql), size === undefined ? 1000 : +size);
        var total = 0, index = 0;
        try {
            var info = parse(reader.describe());
            for (;;) {
                var json = reader.next();
                if (json === null) break;
                var rows = parse(json);
                total += rows.length;
                if (callback(rows, { batch: index++, datasource: info.datasource, columns: info.columns, metadata: info.metadata }) === false) break;
            }
        } finally {
            reader.close();
        }
        return total;
    }
    function datasetObject(json) {
        var d = parse(json);
        d.queryData = function (sql) { return parse(domo.query(d.id, str(sql))); };
        d.queryBatches = function (sql, size, callback) { return batches(d.id, sql, size, callback); };
        d.writeTo = function (sql, options) { return DOMO.writeTo(d.id, sql, options); };
        return d;
    }
    function selector(v) { return v !== null && typeof v === 'object' ? stringify(v) : str(v); }

    var DOMO = {
        log: log,
        sleep: function (ms) { domo.sleep(+ms); },
        getState: function (key) { return domo.getState(str(key)); },
        setState: function (key, value) { domo.setState(str(key), value === undefined || value === null ? null : typeof value === 'object' ? stringify(value) : Str(value)); },
        parseXML: function (xml) { return parse(domo.parseXML(str(xml))); },
        getStartDate: function (value) { return domo.startDate(selector(value)); },
        getEndDate: function (value) { return domo.endDate(selector(value)); },
        b64EncodeUnicode: function (s) { return domo.b64Encode(str(s)); },
        b64DecodeUnicode: function (s) { return domo.b64Decode(str(s)); },
        hmacSHA1: function (message, key) { return domo.hmacSHA1(str(message), str(key)); },
        hmacSHA256: function (message, key) { return domo.hmacSHA256(str(message), str(key)); },
        md5: function (message) { return domo.md5(str(message)); },
        jwtBuilder: { algorithm: 'HS256', authKey: null, issuer: null, subject: null, claims: {}, expiration: null },
        getJWT: function () { return domo.jwt(stringify(DOMO.jwtBuilder)); },
        listDatasets: function () { return parse(domo.listDatasets(false)); },
        listDatasetSummaries: function () { return parse(domo.listDatasets(true)); },
        getDataset: function (id) { return datasetObject(domo.dataset(str(id))); },
        queryData: function (id, sql) { return parse(domo.query(str(id), str(sql))); },
        queryBatches: function (id, sql, size, callback) { return batches(id, sql, size, callback); },
        writeTo: function (id, sql, options) {
            return parse(domo.writeTo(str(id), str(sql), options === undefined ? null : stringify(options)));
        },
        getChanges: function () { return parse(domo.changes()); }
    };

    function cell(v) {
        if (v === undefined || v === null) return null;
        switch (typeof v) {
            case 'string': case 'boolean': return v;
            case 'number': return isFiniteNum(v) ? v : null;
            case 'object':
                if (v instanceof DateCtor) return isNaN(v.getTime()) ? null : v.toISOString().substring(0, 19);
                return stringify(v);
            default: return Str(v);
        }
    }
    var DATE_RE = /^\d{4}-\d{2}-\d{2}$/, DATETIME_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?Z?$/;
    function inferType(values) {
        var numbers = true, dates = true, datetimes = true, any = false;
        for (var i = 0; i < values.length; i++) {
            var v = values[i];
            if (v === undefined || v === null || v === '') continue;
            any = true;
            numbers = numbers && typeof v === 'number';
            dates = dates && typeof v === 'string' && DATE_RE.test(v);
            datetimes = datetimes && typeof v === 'string' && DATETIME_RE.test(v);
        }
        return !any ? 'STRING' : numbers ? 'DOUBLE' : dates ? 'DATE' : datetimes ? 'DATETIME' : 'STRING';
    }
    function flatten(obj, prefix, out) {
        keys(obj).forEach(function (k) {
            var v = obj[k], name = prefix ? prefix + '.' + k : k;
            if (v !== null && typeof v === 'object' && !isArray(v) && !(v instanceof DateCtor)) flatten(v, name, out);
            else out[name] = v;
        });
        return out;
    }

    var datagrid = {
        DATA_TYPE_STRING: 'STRING',
        DATA_TYPE_DOUBLE: 'DOUBLE',
        DATA_TYPE_DATETIME: 'DATETIME',
        DATA_TYPE_DATE: 'DATE',
        DATA_TYPE_INTEGER: 'LONG',
        DATA_TYPE_LONG: 'LONG',
        DATA_TYPE_DECIMAL: 'DECIMAL',
        addColumn: function (name, type) { grid.addColumn(str(name), str(type)); },
        addCell: function (value) { grid.addCell(cell(value)); },
        endRow: function () { grid.endRow(); },
        error: function (code, message) { grid.error(str(code), message === undefined ? null : text(message)); },
        magicParseCSV: function (csv) { grid.magicParseCSV(str(csv)); },
        magicParseJSON: function (input) {
            var data = typeof input === 'string' ? parse(input) : input;
            if (data === null || typeof data !== 'object') {
                throw new TypeErr('datagrid.magicParseJSON needs a JSON array of objects (or a string holding one)');
            }
            if (!isArray(data)) data = [data];
            var rows = [], names = [], seen = Object.create(null);
            for (var i = 0; i < data.length; i++) {
                var flat = data[i] !== null && typeof data[i] === 'object' ? flatten(data[i], '', Object.create(null)) : { value: data[i] };
                keys(flat).forEach(function (k) { if (!seen[k]) { seen[k] = true; names.push(k); } });
                rows.push(flat);
            }
            var types = names.map(function (n) { return inferType(rows.map(function (r) { return r[n]; })); });
            var columns = parse(grid.align(stringify(names), stringify(types)));
            rows.forEach(function (r) {
                columns.forEach(function (n) { grid.addCell(cell(r[n])); });
                grid.endRow();
            });
        },
        magicParseXML: function (xml) { grid.magicParseXML(str(xml)); }
    };

    var auth = {
        authenticationSuccess: function () { grid.authenticationSuccess(); },
        authenticationFailed: function (message) { grid.authenticationFailed(message === undefined ? null : text(message)); }
    };

    // discovery: tree nodes are plain objects mapped to the host's node numbers here, so they cannot be forged
    var nodeIds = new WeakMap();
    function treeNode(id, name) {
        var n = { name: name };
        nodeIds.set(n, id);
        return n;
    }
    function parentId(parent, what) {
        var id = parent !== null && typeof parent === 'object' ? nodeIds.get(parent) : undefined;
        if (id === undefined) throw new TypeErr(what + '(parent, name): parent must be discovery.tree or a node addNode returned');
        return id;
    }
    var discovery = {
        tree: treeNode(0, null),
        addOption: function (name, value) {
            // Domo's text: addOption(value), or addOption(name, value) with name shown and value stored
            if (value === undefined) disc.addOption(null, str(name));
            else disc.addOption(str(name), str(value));
        },
        addNode: function (parent, name) {
            var id = disc.addNode(parentId(parent, 'discovery.addNode'), str(name));
            return treeNode(id, str(name));
        },
        addLeaf: function (parent, name) {
            var id = disc.addLeaf(parentId(parent, 'discovery.addLeaf'), str(name));
            return treeNode(id, str(name));
        },
        publishTree: function () { disc.publishTree(); }
    };

    G.httprequest = httprequest;
    G.discovery = discovery;
    G.DOMO = DOMO;
    G.datagrid = datagrid;
    G.auth = auth;
    G.metadata = parse(metadataJson);
    G.console = { log: log, info: log, warn: log, error: log, debug: log };
    // Each run draws from its own seed (see GraalScriptRunner's random seeds: SnapStart restores).
    Object.defineProperty(Math, 'random', {
        value: function random() { return domo.random(); }, writable: true, enumerable: false, configurable: true
    });
})
