package dev.firebreak.sim.cli;

import dev.firebreak.sim.control.Layout;

import dev.firebreak.sim.control.ControlClient;

import dev.firebreak.sim.Simulator;
import dev.firebreak.sim.control.ControlServer;
import dev.firebreak.sim.control.Json;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The simulator itself, in the background; {@code up} starts it, {@code down} ends it. */
@Command(name = "daemon", hidden = true, description = "Runs the simulated clusters until told to stop (started by up).")
final class DaemonCommand implements java.util.concurrent.Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(DaemonCommand.class);

    @ParentCommand
    FirebreakSim root;

    @Option(names = "--replicas", defaultValue = "-1")
    int replicas;

    @Option(names = "--address-base", defaultValue = "10")
    int addressBase;

    @Option(names = "--wan-latency-ms", defaultValue = "2")
    long wanLatencyMs;

    @Override
    public Integer call() throws Exception {
        Layout layout = root.layout();
        Simulator sim = Simulator.prepare(new Simulator.Options(root.project(), layout.state(), layout.root(), replicas, addressBase,
                java.time.Duration.ofMillis(wanLatencyMs)));
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        ControlServer[] control = new ControlServer[1];
        Runnable down = () -> {
            if (stopping.compareAndSet(false, true)) {
                LOG.info("Stopping every process of the simulated clusters");
                try {
                    sim.close();
                } finally {
                    try {
                        Files.deleteIfExists(layout.controlFile());
                    } catch (java.io.IOException ignored) {
                        // nothing to clean up then
                    }
                    if (control[0] != null) {
                        control[0].close();
                    }
                    LOG.info("Stopped");
                    stopped.countDown();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            down.run();
        }, "simulator-shutdown"));
        control[0] = new ControlServer(sim, down);
        ControlClient.ControlFile.ofThisProcess(control[0]).write(layout.controlFile());
        LOG.infof("Control API on 127.0.0.1:%d", control[0].port());
        try {
            sim.up();
        } catch (RuntimeException e) {
            LOG.error("The simulated clusters did not come up: " + e.getMessage(), e);
            Thread.sleep(2000); // let up read the failure from /status
            down.run();
            return 1;
        }
        stopped.await();
        return 0;
    }

}
