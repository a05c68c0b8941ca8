package dev.writeback.core.testrun;

import java.util.List;
import java.util.Map;

/**
 * What an author asks a test run for ({@code POST /connectors/{id}/test-runs}).
 *
 * @param script {@code auth} or {@code process}
 * @param version the connector version to test; the latest (the draft) when absent
 * @param accountId one of the caller's accounts of the connector, or null
 * @param fields account fields for this test run only (never stored as an account), or null
 * @param rowLimit the most rows any query of a process test run returns, or null for no cap
 * @param mode {@code live} (requests really sent; the default) or {@code dry}
 * @param responses dry mode's canned responses, first match wins
 * @param useSubmittedCredentials a reviewer's test run of a submitted version with the test credentials its submitter
 *                                gave (instead of accountId or fields)
 */
public record TestRunRequest(String script, Integer version, String accountId, Map<String, String> fields, String report,
                             Map<String, String> parameters, Integer rowLimit, String mode, List<CannedResponse> responses,
                             Boolean useSubmittedCredentials) {

    @Override
    public String toString() {
        return "TestRunRequest[script=" + script + ", version=" + version + ", accountId=" + accountId + ", fields="
                + (fields == null ? null : fields.keySet()) + ", mode=" + mode + ", useSubmittedCredentials=" + useSubmittedCredentials + "]";
    }
}
