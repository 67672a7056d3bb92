package io.hapair.tests.wui;

import io.hapair.tests.fixture.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A headless Debian chromium driven through chromedriver, with the few actions the tests repeat. */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "wui-screenshots");

    final ChromeDriver driver;

    Browser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--ignore-certificate-errors", "--window-size=1280,800",
                // The pages are at addresses, never names: loopback, or NodeNamespaces' 10.213.N.x. Chromium still looks
                // up names of its own (Google's update and sign-in hosts, its default search engine) with the machine's
                // resolver, off the machine; every name goes to silent loopback instead (not ~NOTFOUND: a failed lookup
                // makes it probe 8.8.8.8). The rules see addresses too: the pages' own are left as they are.
                "--host-resolver-rules=MAP * " + Fixtures.SILENT_ADDRESS + ", EXCLUDE 127.*, EXCLUDE 10.213.*",
                "--user-data-dir=" + Files.createTempDirectory("wui-chromium"));
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 800));
    }

    void open(String url) {
        driver.get(url);
    }

    void logIn(WuiNode node, String password) {
        logIn(node.url("login.html"), password);
    }

    /**
     * Opens the login page and logs in. A first page whose script has not run within 15 s is loaded once more,
     * and said so on the test's output: Chromium aborts a page load when the machine's addresses change
     * (ERR_NETWORK_CHANGED, a page without its script). The test classes that build network namespaces run apart
     * from the browser tests for that reason, but anything else on the machine may add or remove an address.
     */
    void logIn(String loginPage, String password) {
        open(loginPage);
        By button = By.id("login-button");
        try {
            waiting(Duration.ofSeconds(15)).until(ExpectedConditions.elementToBeClickable(button));
        } catch (TimeoutException stalled) {
            System.err.println("[browser] " + loginPage + ": the login page's script had not run after 15 s ("
                    + whatThePageShows() + "); loading it once more");
            open(loginPage);
        }
        WebElement field = waitFor(By.id("password"));
        field.clear();
        field.sendKeys(password);
        // The button is enabled once the page's script sends the form itself.
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.elementToBeClickable(button))
                .click();
    }

    WebElement waitFor(By by) {
        return waiting(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitForText(By by, String text, Duration within) {
        waiting(within).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /**
     * A wait that looks again when a look fails because the page changed under it: a page whose script sends the
     * browser elsewhere (a page without a session goes to the login page) aborts a lookup made meanwhile.
     */
    private WebDriverWait waiting(Duration within) {
        WebDriverWait wait = new WebDriverWait(driver, within);
        wait.ignoring(WebDriverException.class);
        wait.withMessage(this::whatThePageShows);
        return wait;
    }

    /** For a wait that failed: where the browser is and what the page says there. */
    private String whatThePageShows() {
        try {
            String text = driver.findElement(By.tagName("body")).getText();
            Object script = driver.executeScript("return 'document ' + document.readyState + ', app.js '"
                    + " + (typeof hapair === 'undefined' ? 'not run' : 'run, session ' + (hapair.session() ? 'read'"
                    + " : 'not read'))");
            return "the browser is at " + driver.getCurrentUrl() + " (" + script + "), whose page reads: "
                    + (text.length() > 800 ? text.substring(0, 800) + "…" : text);
        } catch (WebDriverException e) {
            return "the page could not be read: " + e.getMessage();
        }
    }

    /** Accepts the page's question once it is asked, and returns it. */
    String acceptConfirm() {
        Alert question = new WebDriverWait(driver, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
        String text = question.getText();
        question.accept();
        return text;
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
