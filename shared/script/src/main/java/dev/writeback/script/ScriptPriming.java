package dev.writeback.script;

import dev.writeback.core.script.AuthOutcome;
import dev.writeback.core.script.CancelSignal;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs representative scripts on a runner once, offline, so that what a first run pays for (GraalJS's language
 * initialisation, the host API's glue, the JSON, crypto and datagrid paths) is paid before a SnapStart snapshot or at
 * start-up. The scripts read no DataSet (none is given), and their only request goes to an address every guard refuses
 * without a lookup, so nothing leaves the process.
 */
public final class ScriptPriming {
    /** A private address: refused by the address guard before any connection, whatever the policy's internal targets. */
    private static final String REFUSED_URL = "https://10.255.255.1/priming";
    private static final ScriptSource PROCESS = new ScriptSource("priming-process.js", """
            httprequest.addHeader('Accept', 'application/json');
            httprequest.addParameter('since', new Date().toISOString().substring(0, 10));
            var refused = 0;
            try { httprequest.get('%1$s'); } catch (e) { refused++; }
            try { httprequest.sendAll([{ method: 'POST', url: '%1$s', body: { a: 1 } }]); } catch (e) { refused++; }
            httprequest.clearHeaders();
            httprequest.clearParameters();
            try { DOMO.getDataset('priming').queryData('select * from tbl'); } catch (e) { refused++; }
            var rows = JSON.parse('[{"id":1,"name":"a","amount":1.5,"day":"2024-01-02"},{"id":2,"name":"b","amount":null,"day":null}]');
            datagrid.addColumn('id', datagrid.DATA_TYPE_LONG);
            datagrid.addColumn('name', datagrid.DATA_TYPE_STRING);
            rows.forEach(function (r) { datagrid.addCell(r.id); datagrid.addCell(r.name + Math.round(Math.random())); datagrid.endRow(); });
            datagrid.magicParseCSV('x,y\\n1,2\\n');
            DOMO.setState('cursor', { at: new Date(0).toISOString() });
            var signed = DOMO.hmacSHA256('message', 'key') + DOMO.md5('m') + DOMO.b64EncodeUnicode(JSON.stringify(rows));
            DOMO.log('primed', refused, signed.length > 0, DOMO.getState('cursor'));
            """.formatted(REFUSED_URL));
    private static final ScriptSource AUTH = new ScriptSource("priming-auth.js", """
            httprequest.addHeader('Authorization', 'Bearer ' + metadata.account.apiKey);
            try { httprequest.get('%s'); auth.authenticationFailed('reached'); } catch (e) { auth.authenticationSuccess(); }
            """.formatted(REFUSED_URL));

    private ScriptPriming() {
    }

    /**
     * Checks, runs and authenticates with the priming scripts on {@code runner}.
     *
     * @throws IllegalStateException when a priming script did not end as it should (the runner is not primed)
     */
    public static void prime(GraalScriptRunner runner) {
        runner.checkSyntax(PROCESS);
        ScriptInput input = ScriptInput.builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC()))
                .account(Map.of("apiKey", "priming-key")).report("Default").parameters(Map.of("datasetId", "priming"))
                .baseUrl("https://api.domo.com").redactions(Set.of("priming-key")).cancel(new CancelSignal()).build();
        ProcessOutcome processed = runner.process(PROCESS, input);
        if (processed.error() != null || !processed.log().equals(List.of("primed 3 true {\"at\":\"1970-01-01T00:00:00.000Z\"}"))) {
            throw new IllegalStateException("the priming script ended unexpectedly: " + processed.error() + " " + processed.log());
        }
        AuthOutcome auth = runner.authenticate(AUTH, input);
        if (!auth.authenticated()) {
            throw new IllegalStateException("the priming auth script ended unexpectedly: " + auth.message());
        }
    }
}
