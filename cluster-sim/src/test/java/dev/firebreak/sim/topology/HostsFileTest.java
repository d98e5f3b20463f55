package dev.firebreak.sim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsFileTest {

    @Test
    void whatASiteWritesReadsBackWithEveryName(@TempDir Path dir) throws Exception {
        Site regionA = new Site("region-a", 1, true);
        Path file = dir.resolve("global").resolve("hosts");
        new HostsFile().localService("127.11.3.10", "edge", "firebreak", new Site("global", 3, false))
                .remoteService("127.12.3.11", "payment-svc", regionA).write(file);

        HostsFile read = HostsFile.read(file);
        assertThat(read.resolve("payment-svc.region-a.firebreak.internal")).isEqualTo("127.12.3.11");
        assertThat(read.resolve(HostsFile.crossClusterName("payment-svc", "region-a"))).isEqualTo("127.12.3.11");
        assertThat(read.resolve("edge.firebreak.svc.cluster.local")).isEqualTo("127.11.3.10");
        assertThat(read.resolve("payment-svc.region-b.firebreak.internal")).isNull();
        assertThat(Files.readString(file)).startsWith("# Written by cluster-sim");
    }
}
