package dev.writeback.sql;

import dev.writeback.core.error.InvalidInputException;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * The SQL a Domo author writes, made ready for Calcite and checked to be exactly one read-only
 * query. Identifiers are case-sensitive; both {@code `x`} and {@code "x"} quote identifiers
 * (strings are single-quoted); {@code FROM table} names the DataSet as Domo's docs write it.
 */
final class ReadOnlySql {

    static final SqlParser.Config PARSER = SqlParser.config().withLex(Lex.JAVA);
    private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "CREATE", "DROP",
            "ALTER", "TRUNCATE", "GRANT", "REVOKE", "RENAME", "REPLACE", "SET", "RESET", "CALL", "COMMIT", "ROLLBACK", "USE");

    private ReadOnlySql() {
    }

    private static final SqlAbstractParserImpl.Metadata KEYWORDS = SqlParser.create("", PARSER).getMetadata();

    /**
     * The rewritten SQL, or {@link InvalidInputException} saying why it may not run.
     * {@code columns}: the DataSet's column names, which may be written bare even where they
     * are SQL keywords ({@code day}, {@code count}, {@code value}…), as Domo's own SQL allows.
     */
    static String check(String sql, Set<String> columns) {
        if (sql == null || sql.isBlank()) {
            throw new InvalidInputException("The SQL query is empty.");
        }
        if (sql.length() > MAX_LENGTH) {
            throw new InvalidInputException("The SQL query is " + sql.length() + " characters long; at most " + MAX_LENGTH
                    + " are allowed.");
        }
        String rewritten = rewrite(sql, columns);
        checkShape(rewritten);
        SqlNodeList statements;
        try {
            statements = SqlParser.create(rewritten, PARSER).parseStmtList();
        } catch (StackOverflowError e) {
            throw tooComplex();
        } catch (SqlParseException e) {
            if (e.getCause() instanceof StackOverflowError) {
                // Calcite's parser reports its stack overflow as a parse error without a message
                throw tooComplex();
            }
            String first = firstWord(sql);
            if (WRITES.contains(first)) {
                throw notReadOnly(first);
            }
            throw new InvalidInputException("SQL syntax error: " + shortMessage(e));
        }
        if (statements.size() != 1) {
            throw new InvalidInputException("Exactly one SQL statement may run; found " + statements.size() + ".");
        }
        SqlNode statement = statements.get(0);
        if (!statement.getKind().belongsTo(SqlKind.QUERY)) {
            throw notReadOnly(statement.getKind().sql);
        }
        return rewritten;
    }

    /** Longest SQL text accepted. */
    static final int MAX_LENGTH = 256 * 1024;
    /** Deepest parenthesis nesting accepted: the parser, validator and planner recurse once a level or more. */
    static final int MAX_NESTING = 100;
    /** Most operators (arithmetic, comparison, {@code ||}, AND, OR) accepted: a chain of them is a tree as deep as it is long. */
    static final int MAX_OPERATORS = 300;

    static InvalidInputException tooComplex() {
        return new InvalidInputException("The SQL query is too complex to plan (too deeply nested); at most "
                + MAX_NESTING + " levels of parentheses and " + MAX_OPERATORS + " operators are allowed.");
    }

    /**
     * Refuses, before Calcite sees it, SQL whose parse tree would be deep enough to exhaust the stack of the
     * recursive parser, validator or planner (which Calcite then reports as an unrelated internal error).
     * Strings and quoted identifiers do not count; comments are gone already.
     */
    private static void checkShape(String sql) {
        int depth = 0;
        int maxDepth = 0;
        int operators = 0;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '`') {
                int end = closing(sql, i, c);
                i = end < 0 ? n : end;
                continue;
            }
            if (c == '(') {
                maxDepth = Math.max(maxDepth, ++depth);
            } else if (c == ')') {
                depth--;
            } else if ("+-*/%|=<>!".indexOf(c) >= 0) {
                operators++;
                while (i + 1 < n && "|=<>".indexOf(sql.charAt(i + 1)) >= 0) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
                    end++;
                }
                String word = sql.substring(i, end);
                if (word.equalsIgnoreCase("and") || word.equalsIgnoreCase("or")) {
                    operators++;
                }
                i = end;
                continue;
            }
            i++;
        }
        if (maxDepth > MAX_NESTING) {
            throw new InvalidInputException("The SQL query nests parentheses " + maxDepth + " deep; at most " + MAX_NESTING
                    + " levels are allowed.");
        }
        if (operators > MAX_OPERATORS) {
            throw new InvalidInputException("The SQL query has " + operators + " operators; at most " + MAX_OPERATORS
                    + " are allowed.");
        }
    }

    private static InvalidInputException notReadOnly(String what) {
        return new InvalidInputException("Only a read-only query (SELECT, WITH, UNION, VALUES, ORDER BY) may run on a DataSet; found "
                + what + ".");
    }

    /** The parser's first line, without its long list of what it expected instead. */
    static String shortMessage(SqlParseException e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getCause() instanceof StackOverflowError ? "the query is too deeply nested to parse" : "the query could not be parsed";
        }
        int cut = m.indexOf("\nWas expecting");
        if (cut < 0) {
            cut = m.indexOf("\n");
        }
        return (cut < 0 ? m : m.substring(0, cut)).trim();
    }

    private static String firstWord(String sql) {
        String s = rewrite(sql, Set.of()).stripLeading();
        while (s.startsWith("(")) {
            s = s.substring(1).stripLeading();
        }
        int i = 0;
        while (i < s.length() && Character.isLetter(s.charAt(i))) {
            i++;
        }
        return s.substring(0, i).toUpperCase(Locale.ROOT);
    }

    /**
     * Turns {@code "identifier"} into {@code `identifier`}, a bare {@code table} after FROM or
     * JOIN into {@code `table`}, and a bare column name that is a reserved word into a quoted
     * one (unless it is used as a function or a time unit); strings are left as they are and
     * comments dropped (so that {@link #firstWord} sees the statement).
     */
    static String rewrite(String sql, Set<String> columns) {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        String previousWord = "";
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '"' && closing(sql, i, '"') > 0) {
                int end = closing(sql, i, '"');
                String body = sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\"").replace("`", "``");
                out.append('`').append(body).append('`');
                i = end;
                previousWord = "";
            } else if (c == '\'' || c == '`' || c == '"') {
                int end = closing(sql, i, c);
                end = end < 0 ? n : end; // unclosed: the parser reports it
                out.append(sql, i, end);
                i = end;
                previousWord = c == '\'' ? "'" : "";
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
                out.append(' ');
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
                    end++;
                }
                String word = sql.substring(i, end);
                boolean quote = word.equalsIgnoreCase("table") && (previousWord.equals("FROM") || previousWord.equals("JOIN"));
                quote |= columns.contains(word) && KEYWORDS.isReservedWord(word.toUpperCase(Locale.ROOT))
                        && !previousWord.equals("'") && !previousWord.equals("EXTRACT(") && !previousWord.equals("TO")
                        && !previousWord.equals("INTERVAL");
                if (quote && !nextIsParen(sql, end)) {
                    out.append('`').append(word).append('`');
                } else {
                    out.append(word);
                }
                previousWord = word.toUpperCase(Locale.ROOT);
                i = end;
            } else {
                if (!Character.isWhitespace(c)) {
                    previousWord = c == '(' && previousWord.equals("EXTRACT") ? "EXTRACT(" : "";
                }
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Index after the quote closing the one at {@code start} (doubled quotes stay inside); -1 if unclosed. */
    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    private static boolean nextIsParen(String sql, int from) {
        int i = from;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '(';
    }
}
