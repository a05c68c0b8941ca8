package dev.writeback.oauthcallback;

import dev.writeback.api.HttpReply;
import dev.writeback.core.account.Account;

/**
 * The small HTML pages the user's browser shows after the provider's redirect. Every dynamic
 * text is escaped; no token ever appears; the page is not cached, leaks no referrer (the URL
 * carries the code) and allows no script.
 */
final class CallbackPage {
    private CallbackPage() {
    }

    static HttpReply connected(Account account) {
        return page(200, "Account connected",
                "<p>The account <strong>" + escape(account.name()) + "</strong> (" + escape(account.id())
                        + ") is connected. You can close this window.</p>");
    }

    static HttpReply refused(int status, String message) {
        return page(status, "The account was not connected", "<p>" + escape(message) + "</p>");
    }

    private static HttpReply page(int status, String title, String body) {
        String html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body><h1>" + escape(title) + "</h1>" + body + "</body></html>\n";
        return HttpReply.text(status, "text/html; charset=utf-8", html)
                .withHeader("cache-control", "no-store")
                .withHeader("referrer-policy", "no-referrer")
                .withHeader("content-security-policy", "default-src 'none'")
                .withHeader("x-content-type-options", "nosniff");
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
