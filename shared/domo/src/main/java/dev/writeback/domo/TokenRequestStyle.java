package dev.writeback.domo;

/** How the client-credentials token is asked for; Domo accepts both (its SDKs differ). */
public enum TokenRequestStyle {
    /** {@code GET /oauth/token?grant_type=client_credentials&scope=...} (Domo's docs, Node SDK). */
    GET_QUERY,
    /** {@code POST /oauth/token} with a form body (Python and Java SDKs). */
    POST_FORM
}
