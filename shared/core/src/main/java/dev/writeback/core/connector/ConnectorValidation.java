package dev.writeback.core.connector;

import dev.writeback.core.Limits;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.net.AddressGuard;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks of what an author sets on a connector (name, reports, parameters, authentication, scripts) and
 * of what a version needs before it can be submitted. Each failure says what to change.
 */
final class ConnectorValidation {
    private ConnectorValidation() {
    }

    static String name(String name) {
        if (blank(name)) {
            throw new InvalidInputException("A connector needs a name.");
        }
        return Limits.chars("A connector name", name.strip(), Limits.NAME_CHARS);
    }

    static String description(String description) {
        return Limits.bytes("A connector description", description, Limits.DESCRIPTION_BYTES);
    }

    static List<String> reports(List<String> reports) {
        Limits.count("reports", reports, Limits.REPORTS);
        Set<String> seen = new HashSet<>();
        for (String r : reports) {
            if (blank(r)) {
                throw new InvalidInputException("A report needs a name.");
            }
            Limits.chars("A report name", r, Limits.NAME_CHARS);
            if (!seen.add(r)) {
                throw new InvalidInputException("Report '" + r + "' is listed twice.");
            }
        }
        return reports;
    }

    static List<Parameter> parameters(List<Parameter> parameters) {
        Limits.count("parameters", parameters, Limits.PARAMETERS);
        Set<String> seen = new HashSet<>();
        for (Parameter p : parameters) {
            if (p == null || blank(p.name())) {
                throw new InvalidInputException("A parameter needs a name.");
            }
            Limits.chars("A parameter name", p.name(), Limits.NAME_CHARS);
            Limits.chars("The helpText of parameter '" + p.name() + "'", p.helpText(), Limits.TEXT_CHARS);
            Limits.count("The options of parameter '" + p.name() + "'", p.options(), Limits.OPTIONS);
            for (String o : p.options()) {
                if (o == null || o.isEmpty()) {
                    throw new InvalidInputException("Dropdown parameter '" + p.name() + "' has an empty option.");
                }
                Limits.chars("An option of parameter '" + p.name() + "'", o, Limits.NAME_CHARS);
            }
            if (!seen.add(p.name())) {
                throw new InvalidInputException("Parameter '" + p.name() + "' is defined twice.");
            }
            if (p.type() == Parameter.Type.DROPDOWN && p.options().isEmpty()) {
                throw new InvalidInputException("Dropdown parameter '" + p.name() + "' needs at least one option.");
            }
            if (p.type() != Parameter.Type.DROPDOWN && !p.options().isEmpty()) {
                throw new InvalidInputException("Only dropdown parameters have options; '" + p.name() + "' is " + p.type() + ".");
            }
            if (p.type() != Parameter.Type.DISCOVERY && p.discovery() != null) {
                throw new InvalidInputException("Only DISCOVERY parameters have a discovery mode; '" + p.name() + "' is "
                        + p.type() + ".");
            }
        }
        return parameters;
    }

    /** A Domo API client as an author gives it (before Domo is asked). */
    static void domoClient(String clientKey, String clientSecret) {
        DomoCredentials.requireWellFormed("The Domo API client", clientKey, clientSecret);
    }

    /** A script's bytes, if it is not empty and within {@link Limits#SCRIPT_BYTES}. */
    static byte[] script(ScriptKind kind, String code) {
        if (code == null || code.isBlank()) {
            throw new InvalidInputException("The " + kind.fileName() + " script is empty.");
        }
        byte[] bytes = code.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Limits.SCRIPT_BYTES) {
            throw new InvalidInputException("The " + kind.fileName() + " script is " + bytes.length
                    + " bytes; the limit is " + Limits.SCRIPT_BYTES + ".");
        }
        return bytes;
    }

    /**
     * Checks an authentication setup; returns whether the version will have an OAuth client secret
     * (given now, or set before).
     */
    static boolean authentication(Authentication auth, String clientSecret, ConnectorVersion v, AddressGuard guard) {
        Limits.chars("clientSecret", clientSecret, Limits.OAUTH_CLIENT_SECRET_CHARS);
        Limits.count("authentication.fields", auth.fields(), Limits.FIELDS);
        OAuthSettings settings = auth.oauth();
        if (settings != null) {
            Limits.chars("authentication.oauth.authorizationUrl", settings.authorizationUrl(), Limits.URL_CHARS);
            Limits.chars("authentication.oauth.tokenUrl", settings.tokenUrl(), Limits.URL_CHARS);
            Limits.chars("authentication.oauth.refreshUrl", settings.refreshUrl(), Limits.URL_CHARS);
            Limits.chars("authentication.oauth.clientId", settings.clientId(), Limits.OAUTH_CLIENT_ID_CHARS);
            Limits.count("authentication.oauth.scopes", settings.scopes(), Limits.SCOPES);
            settings.scopes().forEach(sc -> Limits.chars("An OAuth scope", sc, Limits.NAME_CHARS));
            Limits.map("authentication.oauth.authorizationParameters", settings.authorizationParameters(),
                    Limits.OAUTH_PARAMETERS, Limits.NAME_CHARS, Limits.TEXT_CHARS);
            Limits.map("authentication.oauth.tokenParameters", settings.tokenParameters(),
                    Limits.OAUTH_PARAMETERS, Limits.NAME_CHARS, Limits.TEXT_CHARS);
        }
        switch (auth.type()) {
            case OAUTH2 -> {
                OAuthSettings o = auth.oauth();
                if (o == null) {
                    throw new InvalidInputException("OAuth 2.0 authentication needs its settings (oauth).");
                }
                requireUrl("tokenUrl", o.tokenUrl(), guard);
                if (o.grant() == OAuthSettings.Grant.AUTHORIZATION_CODE || !blank(o.authorizationUrl())) {
                    requireUrl("authorizationUrl", o.authorizationUrl(), guard);
                }
                if (o.refreshUrl() != null && !o.refreshUrl().isBlank()) {
                    requireUrl("refreshUrl", o.refreshUrl(), guard);
                }
                if (blank(o.clientId())) {
                    throw new InvalidInputException("OAuth 2.0 authentication needs a clientId.");
                }
                return !blank(clientSecret) || v.authentication().clientSecretSet();
            }
            case CUSTOM -> {
                if (auth.fields().isEmpty()) {
                    throw new InvalidInputException("Custom authentication needs at least one field.");
                }
                Set<String> keys = new HashSet<>();
                for (CustomField f : auth.fields()) {
                    if (f == null || blank(f.key()) || !f.key().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw new InvalidInputException("Each custom field needs a key made of letters, digits and _ (it becomes metadata.account.<key>).");
                    }
                    Limits.chars("A custom field key", f.key(), Limits.NAME_CHARS);
                    Limits.chars("The label of custom field '" + f.key() + "'", f.label(), Limits.NAME_CHARS);
                    if (!keys.add(f.key())) {
                        throw new InvalidInputException("Custom field '" + f.key() + "' is defined twice.");
                    }
                }
                return false;
            }
            default -> {
                if (auth.oauth() != null) {
                    throw new InvalidInputException("OAuth settings only go with authentication type OAUTH2, not " + auth.type() + ".");
                }
                return false;
            }
        }
    }

    /** What a version still lacks before it can be submitted for review; empty when it is complete. */
    static List<String> missingForSubmit(ConnectorVersion v) {
        List<String> missing = new ArrayList<>();
        if (v.domo() == null) {
            missing.add("a Domo API client (PUT /connectors/{id}/domo-client)");
        }
        if (!v.scripts().contains(ScriptKind.PROCESS)) {
            missing.add("a processing script (PUT /connectors/{id}/scripts/process)");
        }
        if (!v.scripts().contains(ScriptKind.AUTH)) {
            missing.add("an authentication script (PUT /connectors/{id}/scripts/auth)");
        }
        if (v.parameters().stream().anyMatch(p -> p.type() == Parameter.Type.DISCOVERY)
                && !v.scripts().contains(ScriptKind.DISCOVERY)) {
            missing.add("a discovery script for its DISCOVERY parameters (PUT /connectors/{id}/scripts/discovery)");
        }
        if (v.authentication().type() == AuthType.OAUTH2 && !v.authentication().clientSecretSet()
                && v.authentication().oauth() != null) {
            missing.add("the OAuth client secret");
        }
        return missing;
    }

    /**
     * An OAuth URL, given, that can be called ({@link AddressGuard#requireCallableUrl}).
     */
    static void requireUrl(String field, String value, AddressGuard guard) {
        if (blank(value)) {
            throw new InvalidInputException("OAuth 2.0 authentication needs " + field + ".");
        }
        guard.requireCallableUrl(field, value, "OAuth URLs");
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
