package io.chordmr.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chordmr.client.JobState;
import io.chordmr.client.NodeApi;
import io.chordmr.client.RingView;
import io.chordmr.engine.Jobs;
import io.chordmr.manifest.JobSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real browser (Debian's chromium through chromedriver) against a real ring of
 * three nodes: sign-in, the ring, a job held mid-map and let go, a failed job, cancel, datasets.
 * Every figure the page shows is checked against what the API or the test itself computed.
 * Screenshots go to {@code target/surefire-reports/dashboard/}. Skips, saying why, without a browser.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "surefire-reports", "dashboard");
    private static final Duration LONG = Duration.ofSeconds(90);
    private static final String TOKEN = TestRing.TOKEN.value();
    private static final int LINES_PER_CHUNK = 40;

    private static TestRing ring;
    private static ChordMrNode node;
    private static ChromeDriver browser;
    private static Path profile;
    private static Path gates;
    private static byte[] text;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no browser: the dashboard tests need Debian's chromium and chromium-driver (.ci/run installs them)");
        ring = new TestRing().start(3);
        node = ring.node("node-0");
        text = Jobs.zipfCorpus(13, 24_000, 300);
        node.datasets().put("words", new ByteArrayInputStream(text), Split.records(LINES_PER_CHUNK), false);
        gates = Files.createTempDirectory("chordmr-gates");
        profile = Files.createTempDirectory("chordmr-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Headless, and nothing that reaches beyond loopback: this machine's network is closed.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--window-size=1280,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (ring != null) {
            ring.close();
        }
        for (Path dir : new Path[] {profile, gates}) {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    @BeforeEach
    void signedOut() {
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.get(base() + "/ui/");
        js("sessionStorage.clear()");
    }

    private static String base() {
        return "http://127.0.0.1:" + node.httpPort();
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void open(String view) {
        browser.get(base() + "/ui/#token=" + TOKEN);
        await().atMost(LONG).until(() -> shown("view"));
        js("location.hash = arguments[0]", view);
    }

    private static List<WebElement> all(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    /** Read in one script: the page redraws each second, so an element found in one call may be gone by the next. */
    private static String attr(String css, String name) {
        return (String) js("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null", css, name);
    }

    private static String text(String css) {
        return (String) js("const e = document.querySelector(arguments[0]); return e ? e.innerText : null", css);
    }

    private static long count(String css) {
        return (Long) js("return document.querySelectorAll(arguments[0]).length", css);
    }

    private static boolean shown(String id) {
        return Boolean.TRUE.equals(js("const e = document.getElementById(arguments[0]); return !!e && e.offsetParent !== null", id));
    }

    private static void screenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Submits word count as job {@code id}, its maps held at their tenth line until the returned gate file is deleted. */
    private static Path submitHeld(String id) throws IOException {
        Path gate = gates.resolve(id);
        Files.writeString(gate, "held");
        JobSpec spec = Jobs.withOutput(Jobs.spec("words", "io.chordmr.engine.testjobs.GatedMapper", "io.chordmr.examples.SumReducer",
                "io.chordmr.examples.SumReducer", 2), id + "-output");
        spec.setConfig(Map.of("gate", gate.toString()));
        node.engine().jobs().submit(id, id, spec);
        return gate;
    }

    @Test
    @Order(1)
    void withoutTheTokenThePageAsksForItShowsNoDataAndAWrongOneIsRefused() {
        assertThat(shown("sign-in")).isTrue();
        assertThat(shown("view")).isFalse();
        assertThat(all("#view *")).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain("node-1", "words");

        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        await().atMost(LONG).until(() -> text("#sign-in-error").contains("refused the token"));
        assertThat(shown("view")).isFalse();
        assertThat(js("return sessionStorage.getItem('chordmr.token')")).isNull();

        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        await().atMost(LONG).until(() -> count("svg.ring circle.member") == 3);
        assertThat(shown("sign-in")).isFalse();
    }

    @Test
    @Order(2)
    void aSignedInLinkKeepsTheTokenOutOfTheAddressBarAndInTheTabsSessionStorage() {
        browser.get(base() + "/ui/#token=" + TOKEN);
        await().atMost(LONG).until(() -> count("svg.ring circle.member") == 3);
        assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN).endsWith("/ui/#/ring");
        assertThat(js("return sessionStorage.getItem('chordmr.token')")).isEqualTo(TOKEN);
        assertThat(text("#node")).contains("node-0");
    }

    @Test
    @Order(3)
    void theFilesAreServedWithoutTheTokenUnderAPolicyThatLoadsNothingElse() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/ui", "/ui/", "/ui/app.js", "/ui/app.css"}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(UiAssets.CSP);
            assertThat(r.body()).doesNotContain(TOKEN);
        }
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base() + "/ui/nope.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("the dashboard has no file 'nope.js'");
    }

    @Test
    @Order(4)
    void theRingViewDrawsEveryMemberWithItsFiguresAsTheApiGivesThem() throws IOException {
        open("#/ring");
        await().atMost(LONG).until(() -> count("svg.ring circle.member[data-state='up']") == 3);
        RingView view = NodeApi.of(HttpClient.newHttpClient(), List.of(URI.create(base())), TOKEN).ring();
        for (RingView.Member m : view.members()) {
            assertThat(attr("svg.ring circle.member[data-member='" + m.name() + "']", "data-state")).isEqualTo("up");
            WebElement row = browser.findElement(By.cssSelector("tr[data-member='" + m.name() + "']"));
            assertThat(row.getText()).contains(m.address(), String.valueOf(m.tokens()));
        }
        // Each member's tokens draw the arcs it owns: 64 positions a node.
        assertThat(count("svg.ring path.arc")).isEqualTo(view.members().stream().mapToInt(RingView.Member::tokens).sum());
        screenshot("ring");

        browser.manage().window().setSize(new Dimension(390, 844));
        await().atMost(LONG).until(() -> count("svg.ring circle.member") == 3);
        assertThat((Long) js("return document.documentElement.scrollWidth - window.innerWidth")).as("sideways scroll on a phone")
                .isLessThanOrEqualTo(0L);
        screenshot("ring-phone");
    }

    @Test
    @Order(5)
    void aJobHeldMidMapShowsItsProgressLiveThenSucceedsWithoutAReload() throws Exception {
        Path gate = submitHeld("live");
        open("#/jobs");
        String bar = "tr[data-job='live'] [role='progressbar']";
        await().atMost(LONG).until(() -> {
            String now = attr(bar, "aria-valuenow");
            return now != null && Double.parseDouble(now) > 0 && "Running".equals(attr("tr[data-job='live'] .state", "data-state"));
        });
        assertThat(Double.parseDouble(attr(bar, "aria-valuenow"))).isStrictlyBetween(0.0, 100.0);
        screenshot("jobs");

        js("location.hash = '#/jobs/live'");
        int maps = node.engine().jobs().status("live").maps().total();
        assertThat(maps).as("a map per chunk").isEqualTo(node.datasets().meta("words").chunks()).isGreaterThan(3);
        await().atMost(LONG).until(() -> count("tr[data-task]") == maps + 2 && count("svg.timeline rect.attempt-Running") > 0);
        screenshot("job-running");

        js("location.hash = '#/jobs'; window.stillThisPage = true");
        Files.delete(gate);
        await().atMost(LONG).until(() -> "Succeeded".equals(attr("tr[data-job='live'] .state", "data-state"))
                && "100.0".equals(attr(bar, "aria-valuenow")));
        assertThat(js("return window.stillThisPage")).as("no reload").isEqualTo(true);

        // The job view: every task with the node it ran on, as the coordinator recorded it, and the output's first lines.
        js("location.hash = '#/jobs/live'");
        var tasks = node.engine().jobs().tasks("live").tasks();
        await().atMost(LONG).until(() -> count("#output") == 1 && count("tr[data-task]") == tasks.size());
        for (var t : tasks) {
            String shown = text("tr[data-task='" + t.id() + "'] td.node");
            assertThat(shown).as(t.id()).isEqualTo(t.attempts().get(t.attempts().size() - 1).node());
            assertThat(ring.nodes().stream().map(n -> n.ring().self().name())).contains(shown);
        }
        Map<String, Long> counts = Jobs.countWords(text);
        String[] head = text("#output").split("\n");
        assertThat(head).hasSize(Math.min(20, counts.size()));
        for (String line : head) {
            int tab = line.lastIndexOf('\t');
            assertThat(Long.parseLong(line.substring(tab + 1))).as(line).isEqualTo(counts.get(line.substring(0, tab)));
        }
        screenshot("job");
    }

    @Test
    @Order(6)
    void aFailedJobShowsItsErrorWithTheRecordOffset() throws IOException {
        String poison = "alpha beta\ngamma delta\nthis is POISON here\nepsilon\n";
        node.datasets().put("poisoned", new ByteArrayInputStream(poison.getBytes(StandardCharsets.UTF_8)), Split.records(10), false);
        JobSpec spec = Jobs.spec("poisoned", "io.chordmr.engine.testjobs.PoisonMapper", null, "io.chordmr.examples.SumReducer", 1);
        spec.setMaxAttempts(1);
        node.engine().jobs().submit("poisoned", "poisoned", spec);
        assertThat(Jobs.awaitEnd(node, "poisoned", LONG).state()).isEqualTo(JobState.FAILED);
        open("#/jobs/poisoned");
        await().atMost(LONG).until(() -> count("#job-error") == 1);
        assertThat(text("#job-error")).contains("cannot digest 'this is POISON here'",
                "input offset " + poison.indexOf("this is POISON"));
        assertThat(text(".state")).isEqualTo("Failed");
        screenshot("job-failed");
    }

    @Test
    @Order(7)
    void theCancelButtonCancelsARunningJob() throws IOException {
        Path gate = submitHeld("doomed");
        open("#/jobs/doomed");
        await().atMost(LONG).until(() -> shown("cancel"));
        browser.findElement(By.id("cancel")).click();
        browser.switchTo().alert().accept();
        assertThat(Jobs.awaitEnd(node, "doomed", LONG).state()).isEqualTo(JobState.CANCELLED);
        await().atMost(LONG).until(() -> "Cancelled".equals(attr(".figures .state", "data-state"))
                && !shown("cancel"));
        Files.delete(gate);
    }

    @Test
    @Order(8)
    void theDatasetsViewShowsSizesAndReplicationHealth() {
        open("#/datasets");
        var words = node.datasets().meta("words");
        await().atMost(LONG).until(() -> count("tr[data-dataset='words']") == 1
                && text("tr[data-dataset='words']").contains("chunks at 3 copies"));
        assertThat(text("tr[data-dataset='words']"))
                .contains(String.valueOf(words.chunks()), "all " + words.chunks() + " chunks at 3 copies");
    }

    @Test
    @Order(9)
    void aKilledNodeIsShownAsGoneWithinSeconds() throws IOException {
        open("#/ring");
        await().atMost(LONG).until(() -> count("svg.ring circle.member[data-state='up']") == 3);
        ring.kill("node-2");
        long killed = System.nanoTime();
        await().atMost(LONG).until(() -> List.of("gone", "unreachable").contains(attr("svg.ring circle.member[data-member='node-2']",
                "data-state")));
        long shownMs = (System.nanoTime() - killed) / 1_000_000;
        await().atMost(LONG).until(() -> "gone".equals(attr("svg.ring circle.member[data-member='node-2']", "data-state")));
        assertThat(count("svg.ring circle.member[data-state='up']")).isEqualTo(2);
        assertThat(text("tr[data-member='node-2']")).contains("gone");
        screenshot("ring-node-gone");
        LoggerFactory.getLogger(DashboardIT.class).info("dashboard: node-2 shown down {} ms after it was killed", shownMs);
    }
}
