package dev.firebreak.sim.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A site's name resolution (the cluster DNS), as a hosts file every pod's JVM reads instead of the
 * system resolver ({@code -Djdk.net.hosts.file}): a Service answers to {@code name},
 * {@code name.namespace}, {@code name.namespace.svc}, {@code name.namespace.svc.cluster.local} and
 * {@code name.<cluster>.firebreak.internal}; another site's Services resolve to the WAN gateways
 * that lead there.
 */
public final class HostsFile {

    private final Map<String, List<String>> namesByAddress = new LinkedHashMap<>();

    public HostsFile() {
        add("127.0.0.1", "localhost");
    }

    /** A copy of {@code other}, to add to. */
    public static HostsFile copyOf(HostsFile other) {
        HostsFile copy = new HostsFile();
        copy.namesByAddress.clear();
        other.namesByAddress.forEach((address, names) -> copy.namesByAddress.put(address, new ArrayList<>(names)));
        return copy;
    }

    /** A Service of this site. */
    public HostsFile localService(String address, String service, String namespace, Site site) {
        return add(address, service, service + "." + namespace, service + "." + namespace + ".svc",
                service + "." + namespace + ".svc.cluster.local", crossClusterName(service, site));
    }

    /** A Service of another site, reached through a WAN gateway. */
    public HostsFile remoteService(String gateway, String service, Site site) {
        return add(gateway, crossClusterName(service, site));
    }

    /** The name another cluster uses for {@code service} of {@code site} (docs/kubernetes.md). */
    public static String crossClusterName(String service, Site site) {
        return crossClusterName(service, site.name());
    }

    public static String crossClusterName(String service, String site) {
        return service + "." + site + ".firebreak.internal";
    }

    private HostsFile add(String address, String... names) {
        namesByAddress.computeIfAbsent(address, a -> new ArrayList<>()).addAll(List.of(names));
        return this;
    }

    /** The address {@code name} resolves to, or null. */
    public String resolve(String name) {
        return namesByAddress.entrySet().stream().filter(e -> e.getValue().contains(name)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** A hosts file as {@link #write} wrote it. */
    public static HostsFile read(Path file) throws IOException {
        HostsFile hosts = new HostsFile();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length > 1 && !fields[0].startsWith("#")) {
                hosts.add(fields[0], Arrays.copyOfRange(fields, 1, fields.length));
            }
        }
        return hosts;
    }

    public void write(Path file) throws IOException {
        StringBuilder out = new StringBuilder("# Written by cluster-sim: this site's cluster DNS.\n");
        namesByAddress.forEach((address, names) -> out.append(address).append(' ').append(String.join(" ", names)).append('\n'));
        Files.createDirectories(file.getParent());
        // Pods read it at every lookup: they see the old file or the new one, never half of one.
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, out, StandardCharsets.US_ASCII);
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
