package dev.firebreak.paths;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/wallets/%2e%2e/q/metrics, /q/metrics",
        "/wallets/%2E%2E/q/metrics, /q/metrics",
        "/rides/%2e%2e/q/openapi, /q/openapi",
        "/wallets/.%2e/ops/circuit-breakers, /ops/circuit-breakers",
        "/wallets/../q/health, /q/health",
        "/wallets/./alice, /wallets/alice",
        "/wallets//alice, /wallets/alice",
        "/wallets/alice/, /wallets/alice/",
        "/wallets/alice/., /wallets/alice/",
        "/wallets/alice/.., /wallets/",
        "/wallets/%61lice, /wallets/alice",
        "/users/%7ebob, /users/~bob",
        "/rooms/caf%c3%a9, /rooms/caf%C3%A9",
        "/, /",
    })
    void bringsEveryEncodingOfAPathToOneForm(String raw, String normal) {
        assertThat(RequestPaths.normalise(raw)).isEqualTo(new RequestPaths.Normal(normal, !raw.equals(normal)));
    }

    @Test
    void aPathAlreadyNormalIsUnchanged() {
        assertThat(RequestPaths.normalise("/rooms/dinner/messages")).isEqualTo(new RequestPaths.Normal("/rooms/dinner/messages", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/wallets/%252e%252e/q/metrics", // double-encoded dots
        "/wallets/%25", // an encoded percent
        "/wallets/..%2fq/metrics", // an encoded slash
        "/wallets/..%2Fq/metrics",
        "/wallets\\..\\q\\metrics", // backslashes
        "/wallets/%5c..%5cq", // encoded backslashes
        "/wallets/a%00b", // an encoded NUL
        "/wallets/a%0ab", // an encoded line feed
        "/wallets/%zz", // not an escape
        "/wallets/%2", // a truncated escape
        "/..", // above the root
        "/wallets/../../etc/passwd",
        "wallets/alice", // not absolute
        "",
    })
    void refusesWhatNoNormalFormMakesSafe(String raw) {
        assertThat(RequestPaths.normalise(raw)).isInstanceOf(RequestPaths.Refused.class);
    }

    @Test
    void knowsWhatLiesUnderAPrefix() {
        assertThat(RequestPaths.under("/q/metrics", "/q", "/ops")).isTrue();
        assertThat(RequestPaths.under("/ops", "/q", "/ops")).isTrue();
        assertThat(RequestPaths.under("/quotes", "/q", "/ops")).isFalse();
        assertThat(RequestPaths.under("/wallets/q/metrics", "/q", "/ops")).isFalse();
    }
}
