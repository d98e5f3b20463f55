package dev.firebreak.chaos.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Audits the ledger during the run ({@code GET /ledger/audit}, as an admin) every {@code period},
 * each audit an {@code audit} operation of the history: money must be conserved at every one of
 * them, not only at the end. An audit that fails (the region answering is gone) is a failed
 * operation, nothing more.
 */
public final class Auditor implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ledger-auditor");
        t.setDaemon(true);
        return t;
    });

    public Auditor(Clients clients, String adminBearer, java.time.Duration period) {
        timer.scheduleWithFixedDelay(() -> clients.read("ledger-audit", "auditor", "audit", System.nanoTime(),
                new LinkedHashMap<>(), () -> clients.api().send("GET", clients.url("payment-svc", "/ledger/audit"),
                        Map.of("Authorization", adminBearer), null),
                (answer, value) -> answer.json().fields().forEachRemaining(f -> value.put(f.getKey(), f.getValue()))),
                period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
