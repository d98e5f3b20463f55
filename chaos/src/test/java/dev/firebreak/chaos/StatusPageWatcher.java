package dev.firebreak.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A person watching the status page in a real headless Chromium, one tab per page, without ever
 * reloading: it notes, with the time, every change of what the page shows (the overall state,
 * the payments function, whether an incident is ongoing), saves a screenshot of each new state,
 * and can tell whether a tab was reloaded (a marker set in the page survives only if not).
 */
final class StatusPageWatcher implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** What one tab showed at one moment. */
    record Seen(Instant at, String tab, String overall, String payments, boolean ongoing, int incidents, String live) {
        String state() {
            return overall + "/" + payments + "/" + (ongoing ? "ongoing" : "no-ongoing") + "/" + incidents;
        }

        /** Everything operational and no incident open. */
        boolean allClear() {
            return "operational".equals(overall) && "operational".equals(payments) && !ongoing;
        }
    }

    /** Why the browser cannot run here, or empty when it can (Debian packages chromium and chromium-driver). */
    static Optional<String> unavailable() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return Optional.of("the status page browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver; .ci/run installs them)");
        }
        return Optional.empty();
    }

    private final ChromeDriver driver;
    private final Map<String, String> handles = new LinkedHashMap<>();
    private final Map<String, Seen> last = new LinkedHashMap<>();
    private final List<Seen> changes = new ArrayList<>();
    private final Path screenshots;
    private int shots;

    StatusPageWatcher(Path screenshots) throws Exception {
        this.screenshots = Files.createDirectories(screenshots);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1100,1500",
                "--disable-dev-shm-usage", "--disable-background-timer-throttling", "--disable-renderer-backgrounding");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(5));
    }

    /** Opens {@code url} in a new tab called {@code tab} and marks the page, so a reload would show. */
    void open(String tab, String url) {
        if (!handles.isEmpty()) {
            driver.switchTo().newWindow(WindowType.TAB);
        }
        driver.get(url);
        handles.put(tab, driver.getWindowHandle());
        js("window.__watchedSince = 'first-load';");
        look(tab);
    }

    /** Looks at every tab once, noting (and photographing) what changed. */
    void lookAtAll() {
        handles.keySet().forEach(this::look);
    }

    private void look(String tab) {
        driver.switchTo().window(handles.get(tab));
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = (Map<String, Object>) js("""
                var f = document.getElementById('function-payments');
                var o = document.getElementById('overall');
                return {overall: o ? o.dataset.state : null, payments: f ? f.dataset.state : null,
                        ongoing: document.querySelector('#incidents details[data-ongoing="true"]') !== null,
                        incidents: document.querySelectorAll('#incidents details.incident').length,
                        live: document.getElementById('live').textContent};""");
        Seen now = new Seen(Instant.now(), tab, (String) shown.get("overall"), (String) shown.get("payments"),
                Boolean.TRUE.equals(shown.get("ongoing")), ((Number) shown.get("incidents")).intValue(), (String) shown.get("live"));
        Seen before = last.put(tab, now);
        if (before == null || !before.state().equals(now.state())) {
            changes.add(now);
            screenshot(tab + "-" + (++shots) + "-" + now.overall() + "-payments-" + now.payments() + (now.ongoing() ? "-incident" : ""));
        }
    }

    /** Looks every 250 ms until {@code done} or {@code limit} has passed. */
    void watchUntil(BooleanSupplier done, Duration limit) throws InterruptedException {
        try {
            org.awaitility.Awaitility.await().atMost(limit).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        lookAtAll();
                        return done.getAsBoolean();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException notYet) {
            // Not an error here: the caller's assertions say what the page did not show in time.
        }
        lookAtAll();
    }

    /** What the tab says about each function now: its state and the reasons it gives, for failure messages. */
    String functions(String tab) {
        driver.switchTo().window(handles.get(tab));
        return (String) js("""
                return Array.from(document.querySelectorAll('article.function'))
                    .map(f => f.id + ' ' + f.dataset.state + ': ' + Array.from(f.querySelectorAll('li')).map(l => l.textContent).join(' | '))
                    .join('; ');""");
    }

    /** What the tab showed when last looked at. */
    Seen lastSeen(String tab) {
        return last.get(tab);
    }

    /** Whether the tab still holds the page it first loaded (no reload since). */
    boolean neverReloaded(String tab) {
        driver.switchTo().window(handles.get(tab));
        return "first-load".equals(js("return window.__watchedSince || null;"));
    }

    /** The page's whole text, hidden parts included (e.g. a closed timeline). */
    String text(String tab) {
        driver.switchTo().window(handles.get(tab));
        return (String) js("return document.body.textContent;");
    }

    Path screenshot(String name) {
        Path file = screenshots.resolve(name + ".png");
        try {
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (Exception e) {
            System.out.println("screenshot " + name + " failed: " + e);
        }
        return file;
    }

    List<Seen> changes(String tab) {
        return changes.stream().filter(s -> s.tab().equals(tab)).toList();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private boolean closed;

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            driver.quit();
        }
    }
}
