// The sql and aws globals over their Java host objects, evaluated after host-api.js in the same way: an internal
// source whose statements do not count against the statement limit, the host objects private to these closures.
(function (db, s3) {
    'use strict';
    var G = globalThis, parse = JSON.parse, stringify = JSON.stringify, Str = String, define = Object.defineProperty;
    function json(v) { return v === undefined || v === null ? null : stringify(v); }
    function str(v) { return v === undefined || v === null ? null : Str(v); }
    // Domo's reference says select returns a "JSON array": an array, which JSON.parse also takes (its text is its JSON)
    function result(text) {
        var value = parse(text);
        define(value, 'toString', { value: function () { return text; }, enumerable: false, writable: true, configurable: true });
        return value;
    }

    var sql = {
        createTable: function (table, schema, addIfNotExists) { db.createTable(str(table), json(schema), !!addIfNotExists); },
        select: function (columns, from, where, useDistinct) {
            return result(db.select(json(columns), str(from), json(where), !!useDistinct));
        },
        update: function (table, values, where) { return db.update(str(table), json(values), json(where)); },
        insert: function (table, values) { db.insert(str(table), json(values)); },
        'delete': function (table, where) { return db['delete'](str(table), json(where)); },
        'export': function () { return result(db.exportAll()); }
    };

    var aws = {
        createClient: function (region, key, secret) { s3.createClient(str(region), str(key), str(secret)); },
        put: function (path, name, value) {
            s3.put(str(path), str(name), value !== null && typeof value === 'object' ? stringify(value) : str(value));
        },
        get: function (path, name) { return s3.get(str(path), str(name)); }
    };

    G.sql = sql;
    G.aws = aws;
})
