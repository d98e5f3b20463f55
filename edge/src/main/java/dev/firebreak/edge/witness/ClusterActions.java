package dev.firebreak.edge.witness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each of the witness's actions patches on a region's CloudNativePG {@code Cluster}: the JSON
 * merge patches of {@code k8s/components/cloudnative-pg/actions/}, which {@code witness-actions.sh}
 * sends too (one place says what "promote" means). Built into the edge's classpath from there.
 */
public final class ClusterActions {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z]+)}");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9 ._:=+/-]*");

    private ClusterActions() {
    }

    /** Sent to {@code primary}'s own Cluster: it becomes the primary at once, asynchronous (a failover). */
    public static String promote(String primary, String by) {
        return render("promote.json", Map.of("PRIMARY", primary, "BY", by));
    }

    /** Sent to the other region's Cluster: it designates {@code primary}, so a primary there is demoted and follows it. */
    public static String demote(String primary, String by) {
        return render("demote.json", Map.of("PRIMARY", primary, "BY", by));
    }

    /** The second half of a switchover: promote {@code primary} once it has replayed up to {@code token}. */
    public static String promoteWithToken(String primary, String token, String by) {
        return render("promote-with-token.json", Map.of("PRIMARY", primary, "TOKEN", token, "BY", by));
    }

    /** Commits stop waiting for the other region. */
    public static String degrade() {
        return render("degrade.json", Map.of());
    }

    /** Commits wait for the other region's standby again. */
    public static String restoreSync() {
        return render("restore-sync.json", Map.of());
    }

    /** The patch in {@code file} with its placeholders filled in; every placeholder must be given, and no value may break the JSON. */
    static String render(String file, Map<String, String> values) {
        String template;
        try (InputStream in = ClusterActions.class.getResourceAsStream("/cloudnative-pg/actions/" + file)) {
            if (in == null) {
                throw new IllegalStateException("The action " + file + " is not on the classpath (k8s/components/cloudnative-pg/actions)");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(file + " needs ${" + m.group(1) + "}");
            }
            if (!SAFE.matcher(value).matches()) {
                throw new IllegalArgumentException("${" + m.group(1) + "} may not be '" + value + "' in a patch");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
