package dev.firebreak.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.chaos.cli.ChaosCli;
import dev.firebreak.chaos.overhead.FrontDoors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./firebreak overhead} as a user runs it, briefly: the edge built from this checkout (and
 * HAProxy when installed) in front of the stub, reads through both ways in, every front door
 * stopped after. Not pinned to a CPU here: the test JVM goes on to run other tests.
 */
class OverheadIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void measuresTheEdgeAndHaproxyInFrontOfTheStubAndLeavesNoProcessBehind(@TempDir Path out) {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text, true);
        int code = ChaosCli.run(w, w, "--project", ROOT.toString(), "overhead", "--rate", "100", "--duration", "3", "--warmup", "2",
                "--rounds", "2", "--cpu", "-1", "--out", out.toString());
        String output = text.toString();
        System.out.println(output);

        assertThat(code).as(output).isZero();
        // 100 reads/s for 3 s, half each way, every one answered.
        assertThat(output).containsPattern("(?m)^stub +150 +0 ").containsPattern("(?m)^edge +150 +0 ")
                .containsPattern("(?m)^edge: added p50 [+-]\\d+\\.\\d\\d ms, added p99 [+-]\\d+\\.\\d\\d ms \\(median of 2 rounds");
        if (FrontDoors.haproxyInstalled()) {
            assertThat(output).containsPattern("(?m)^haproxy +150 +0 ").contains("haproxy: added p50");
        } else {
            assertThat(output).contains("haproxy is not installed");
        }
        Matcher pids = Pattern.compile("== \\w+ \\(pid (\\d+),").matcher(output);
        int seen = 0;
        while (pids.find()) {
            seen++;
            assertThat(ProcessHandle.of(Long.parseLong(pids.group(1))).filter(ProcessHandle::isAlive)).as("front door %s", pids.group(1))
                    .isEmpty();
        }
        assertThat(seen).isGreaterThanOrEqualTo(1);
        assertThat(out.resolve("edge.log")).exists();
    }

    @Test
    void refusesWhatItCannotMeasure() {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text, true);
        assertThat(ChaosCli.run(w, w, "--project", ROOT.toString(), "overhead", "--proxies", "nginx")).isEqualTo(2);
        assertThat(text.toString()).contains("Unknown front door nginx (edge, haproxy)");
        assertThat(ChaosCli.run(w, w, "--project", ROOT.toString(), "overhead", "--cpu", "64")).isEqualTo(2);
        assertThat(text.toString()).contains("--cpu 64: this machine has CPUs 0..");
    }
}
