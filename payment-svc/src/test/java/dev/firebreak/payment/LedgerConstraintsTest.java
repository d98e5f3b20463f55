package dev.firebreak.payment;

import static dev.firebreak.payment.PaymentApi.funded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The database itself refuses what would break the ledger, whatever code runs against it. */
@QuarkusTest
class LedgerConstraintsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void databaseRefusesANegativeUserBalance() throws SQLException {
        String alice = funded("alice", 100);
        try (Connection c = dataSource.getConnection(); var st = c.prepareStatement(
                "UPDATE account SET balance = -1 WHERE kind = 'USER' AND owner = ?")) {
            st.setString(1, alice);
            assertThatThrownBy(st::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("no_overdraft");
        }
    }

    @Test
    void databaseRefusesAnUnbalancedTransferAtCommit() throws SQLException {
        String alice = funded("alice", 100);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long account;
            try (var st = c.prepareStatement("SELECT id FROM account WHERE kind = 'USER' AND owner = ?")) {
                st.setString(1, alice);
                var rs = st.executeQuery();
                rs.next();
                account = rs.getLong(1);
            }
            UUID id = UUID.randomUUID();
            try (var st = c.prepareStatement("""
                    INSERT INTO transfer (id, idempotency_key, request_hash, kind, debit_account, credit_account, amount, key_owner)
                    VALUES (?, ?, 'x', 'TOP_UP', (SELECT id FROM account WHERE kind = 'SYSTEM' AND shard = 0), ?, 50, 'test')""")) {
                st.setObject(1, id);
                st.setString(2, id.toString());
                st.setLong(3, account);
                st.executeUpdate();
            }
            try (var st = c.prepareStatement("INSERT INTO ledger_entry (transfer_id, account_id, amount, balance_after) VALUES (?, ?, 50, 150)")) {
                st.setObject(1, id);
                st.setLong(2, account);
                st.executeUpdate();
            }
            assertThatThrownBy(c::commit).isInstanceOf(SQLException.class).hasMessageContaining("not balanced");
            c.rollback();
        }
        LedgerAuditAssert.assertLedgerHealthy();
    }

    @Test
    void ledgerIsAppendOnly() throws SQLException {
        funded("alice", 100);
        try (Connection c = dataSource.getConnection(); var st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE ledger_entry SET amount = amount * 2"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM transfer"))
                    .hasMessageContaining("append-only");
        }
        LedgerAuditAssert.assertLedgerHealthy();
    }

    @Test
    void aTopUpHeldUpOnTheTopUpSourceDoesNotHoldUpTheOthers() throws Exception {
        // A commit can take a round trip to a far synchronous standby; every top-up debits the
        // top-up source, so if that were one row, each top-up would wait for all before it.
        String first = funded("hot", 100);
        long lockedShard;
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (var st = lock.prepareStatement("""
                    SELECT a.id FROM account a JOIN ledger_entry e ON e.account_id = a.id
                      JOIN transfer t ON t.id = e.transfer_id JOIN account u ON u.id = t.credit_account
                     WHERE a.kind = 'SYSTEM' AND u.owner = ? FOR NO KEY UPDATE OF a""")) {
                st.setString(1, first);
                var rs = st.executeQuery();
                assertThat(rs.next()).isTrue();
                lockedShard = rs.getLong(1);
            }
            // The top-up source's shard that served the first top-up is now held, as by a slow commit.
            List<String> users = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            List<CompletableFuture<Integer>> topUps = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            for (int i = 0; i < 8; i++) {
                String user = PaymentApi.newUser("hot");
                String key = UUID.randomUUID().toString();
                users.add(user);
                keys.add(key);
                topUps.add(CompletableFuture.supplyAsync(() -> PaymentApi.topUp(user, 500, key).statusCode(), clients));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> topUps.stream().filter(CompletableFuture::isDone).count() >= 4);
            lock.rollback();
            for (int i = 0; i < topUps.size(); i++) {
                int status = topUps.get(i).get(10, TimeUnit.SECONDS);
                if (status == 503) {
                    // It hashed to the held shard and gave up after lock_timeout, with nothing written: retried.
                    status = PaymentApi.topUp(users.get(i), 500, keys.get(i)).statusCode();
                }
                assertThat(status).isEqualTo(201);
            }
            clients.shutdown();
            users.forEach(user -> assertThat(PaymentApi.balance(user)).isEqualTo(500));
        }
        try (Connection c = dataSource.getConnection(); var st = c.prepareStatement(
                "SELECT count(*), count(DISTINCT owner) FROM account WHERE kind = 'SYSTEM' AND id <> ?")) {
            st.setLong(1, lockedShard);
            var rs = st.executeQuery();
            rs.next();
            assertThat(rs.getInt(1)).as("other shards of the top-up source").isGreaterThan(1);
            assertThat(rs.getInt(2)).as("all one account").isEqualTo(1);
        }
        LedgerAuditAssert.assertLedgerHealthy();
    }

    @Test
    void aWalletHeldLongerThanTheLockTimeoutIsAnsweredBusyWithNothingWrittenAndTheRetryIsAppliedOnce() throws Exception {
        String from = funded("held", 1_000);
        String to = PaymentApi.newUser("held");
        String key = UUID.randomUUID().toString();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (var st = lock.prepareStatement("SELECT id FROM account WHERE kind = 'USER' AND owner = ? FOR NO KEY UPDATE")) {
                st.setString(1, from);
                assertThat(st.executeQuery().next()).isTrue();
            }
            // A transaction that holds the payer's wallet (a slow commit, a stuck session): the transfer
            // gives up after lock_timeout instead of queueing until every client has gone.
            long started = System.nanoTime();
            var busy = PaymentApi.transfer(from, to, 300, key);
            long waitedMs = (System.nanoTime() - started) / 1_000_000;
            busy.then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .header("X-Firebreak-Busy", "database")
                    .body("type", org.hamcrest.Matchers.endsWith("/database-busy"))
                    .body("outcomeUnknown", org.hamcrest.Matchers.is(false));
            assertThat(waitedMs).as("gave up after the lock timeout, not the socket's").isBetween(900L, 2_900L);
            lock.rollback();
        }
        assertThat(PaymentApi.balance(from)).as("nothing written").isEqualTo(1_000);
        PaymentApi.transfer(from, to, 300, key).then().statusCode(201);
        PaymentApi.transfer(from, to, 300, key).then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(PaymentApi.balance(from)).isEqualTo(700);
        assertThat(PaymentApi.balance(to)).isEqualTo(300);
        LedgerAuditAssert.assertLedgerHealthy();
    }

    @Test
    void auditSeesMoneyConservedAfterManyMovements() {
        String a = funded("a", 10_000);
        String b = funded("b", 5_000);
        for (int i = 0; i < 10; i++) {
            PaymentApi.transfer(i % 2 == 0 ? a : b, i % 2 == 0 ? b : a, 100 + i, UUID.randomUUID().toString()).then().statusCode(201);
        }
        assertThat(PaymentApi.balance(a) + PaymentApi.balance(b)).isEqualTo(15_000);
        LedgerAuditAssert.assertLedgerHealthy();
    }
}
