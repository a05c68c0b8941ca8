package dev.writeback.core.data;

/** Domo's Platform API. */
public final class DomoApi {
    /** Where the Domo Platform API is served unless a deployment names another base URL ({@code DOMO_BASE_URL}). */
    public static final String DEFAULT_BASE_URL = "https://api.domo.com";

    private DomoApi() {
    }
}
